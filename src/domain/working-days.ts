/**
 * The announcement window of RULES §6: N working days counted from the day AFTER publication,
 * closing at 24:00 (contest time zone) of the N-th working day. Working days are Monday–Friday,
 * minus the State Council's public holidays, plus its swapped working weekends (调休), taken from
 * the `chinese-days` calendar for the years it covers; the contest's own holidays and working days
 * are applied on top. A counted day in a year the calendar does not cover is a plain weekday, and
 * the window says so (`calendarCovers: false`).
 *
 * Dates are 'YYYY-MM-DD' text; day arithmetic is done on UTC calendar days, so no time zone moves
 * a date.
 */
import calendar from 'chinese-days/dist/chinese-days.json';

/** What a notice prints when a counted day lies in a year the calendar does not cover. */
export const CALENDAR_NOT_COVERED_NOTE = '节假日安排未发布，按周一至周五计算';

export const DEFAULT_WINDOW_DAYS = 5;
export const MAX_WINDOW_DAYS = 60;

const STATE_HOLIDAYS: ReadonlySet<string> = new Set(Object.keys((calendar as { holidays: Record<string, string> }).holidays));
const STATE_WORKDAYS: ReadonlySet<string> = new Set(Object.keys((calendar as { workdays: Record<string, string> }).workdays));
const COVERED_YEARS: ReadonlySet<number> = new Set([...STATE_HOLIDAYS, ...STATE_WORKDAYS].map((d) => Number(d.slice(0, 4))));

/** The years for which the State Council's arrangement is in the calendar. */
export function calendarYears(): number[] {
  return [...COVERED_YEARS].sort((a, b) => a - b);
}

export function calendarCoversYear(year: number): boolean {
  return COVERED_YEARS.has(year);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Is the text a real calendar date 'YYYY-MM-DD'? (integers, no Date parsing of text) */
export function isIsoDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return d <= days;
}

function toDay(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

function fromDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The date `n` days after `date`. */
export function addDays(date: string, n: number): string {
  return fromDay(toDay(date) + n);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(toDay(date) * 86_400_000).getUTCDay();
}

export interface ContestCalendar {
  /** The contest's own days off (on top of the State Council's). */
  holidays?: readonly string[];
  /** The contest's own working days (e.g. a Saturday worked). */
  workdays?: readonly string[];
}

export interface DayKind {
  working: boolean;
  /** Whether the State Council calendar covers the day's year. */
  covered: boolean;
}

/** Whether a date is a working day, and whether the calendar covered it. Contest days win over the State's. */
export function dayKind(date: string, own: ContestCalendar = {}): DayKind {
  const covered = COVERED_YEARS.has(Number(date.slice(0, 4)));
  if (own.workdays?.includes(date)) return { working: true, covered };
  if (own.holidays?.includes(date)) return { working: false, covered };
  if (covered) {
    if (STATE_WORKDAYS.has(date)) return { working: true, covered };
    if (STATE_HOLIDAYS.has(date)) return { working: false, covered };
  }
  const wd = weekday(date);
  return { working: wd !== 0 && wd !== 6, covered };
}

export interface NoticeWindow {
  /** The publication date: the window opens at publication. */
  opens: string;
  /** The last working day; the window closes at 24:00 of it (contest time zone). */
  closes: string;
  /** The N working days counted, in order. */
  workingDays: string[];
  /** False when a day up to the closing day lies in a year the calendar does not cover. */
  calendarCovers: boolean;
}

/** The window of a notice published on `published` ('YYYY-MM-DD'), `days` working days long. */
export function noticeWindow(published: string, days: number = DEFAULT_WINDOW_DAYS, own: ContestCalendar = {}): NoticeWindow {
  if (!isIsoDate(published)) throw new RangeError(`not a date: ${published}`);
  if (!Number.isInteger(days) || days < 1 || days > MAX_WINDOW_DAYS) throw new RangeError(`days must be a whole number from 1 to ${MAX_WINDOW_DAYS}`);
  const workingDays: string[] = [];
  let covers = true;
  let date = published;
  while (workingDays.length < days) {
    date = addDays(date, 1);
    const k = dayKind(date, own);
    if (!k.covered) covers = false;
    if (k.working) workingDays.push(date);
  }
  return { opens: published, closes: date, workingDays, calendarCovers: covers };
}

/** Working days of the window still to come on `today` (today included while it is one of them). */
export function workingDaysLeft(w: Pick<NoticeWindow, 'workingDays'>, today: string): number {
  return w.workingDays.filter((d) => d >= today).length;
}

/** The contest's calendar of src/contests (entries 'holiday' | 'workday') as the two lists. */
export function contestCalendar(entries: readonly { date: string; kind: 'holiday' | 'workday' }[]): ContestCalendar {
  return { holidays: entries.filter((e) => e.kind === 'holiday').map((e) => e.date), workdays: entries.filter((e) => e.kind === 'workday').map((e) => e.date) };
}

/**
 * The instant of 24:00 at the end of `date` in `timeZone` (i.e. 00:00 of the next day there),
 * found from the zone's offset by Intl (no offset table of our own).
 */
export function endOfDayInstant(date: string, timeZone: string): Date {
  const next = addDays(date, 1);
  const [y, m, d] = next.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  const offset = (at: number): number => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(at));
    const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - at;
  };
  let at = guess - offset(guess);
  at = guess - offset(at);
  return new Date(at);
}
