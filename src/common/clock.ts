/**
 * The service's clock. Every "now" and every deadline check goes through an injected `Clock`,
 * never `new Date()`/`Date.now()` directly, so that CLOCK_OFFSET can move the whole service in
 * time for a demo, and tests can set the time (FakeClock).
 */
import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'async_hooks';

/** An instant every Clock reads inside `atInstant` (the demo's backdated steps), instead of its own. */
const pinned = new AsyncLocalStorage<{ at: number }>();

/**
 * Runs `fn` with every Clock reading `instant` (the demo seed only: the steps of a district that
 * happened days before the first start, such as lists announced long enough ago to be final, go
 * through the same services at the time they would have happened). Not for request handling.
 */
export function atInstant<T>(instant: Date | string, fn: () => Promise<T>): Promise<T> {
  return pinned.run({ at: new Date(instant).getTime() }, fn);
}

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The last date formatted per time zone, by the minute it was asked for: every zone's offset is a
 * whole number of minutes, so all instants of one minute have one date (formatting costs about
 * 10 µs, and every score entry asks for today's date).
 */
const lastDates = new Map<string, { minute: number; date: string }>();

/** 'YYYY-MM-DD' of an instant in an IANA time zone (no DST arithmetic of our own). */
export function dateInZone(instant: Date, timeZone: string): string {
  const minute = Math.floor(instant.getTime() / 60_000);
  const last = lastDates.get(timeZone);
  if (last && last.minute === minute) return last.date;
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  const date = f.format(instant);
  if (!Number.isNaN(minute)) lastDates.set(timeZone, { minute, date });
  return date;
}

export abstract class Clock {
  /** The IANA time zone in which calendar dates (today, deadlines) are read. */
  abstract readonly timeZone: string;
  /** The current instant (the pinned one inside atInstant). */
  now(): Date {
    const p = pinned.getStore();
    return p ? new Date(p.at) : this.current();
  }
  /** The clock's own current instant. */
  protected abstract current(): Date;
  /** Today's date in the contest's time zone, 'YYYY-MM-DD'. */
  today(): string {
    return dateInZone(this.now(), this.timeZone);
  }
  /** The current instant as ISO-8601 text (how timestamps are stored). */
  nowIso(): string {
    return this.now().toISOString();
  }
}

/** The real clock shifted by CLOCK_OFFSET. */
@Injectable()
export class SystemClock extends Clock {
  constructor(
    private readonly offsetMs: number,
    readonly timeZone: string,
  ) {
    super();
  }
  protected current(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** A clock the tests set by hand. */
export class FakeClock extends Clock {
  private instant: number;
  constructor(
    start: string | Date = '2025-11-20T02:00:00.000Z',
    readonly timeZone: string = 'Asia/Shanghai',
  ) {
    super();
    this.instant = new Date(start).getTime();
  }
  protected current(): Date {
    return new Date(this.instant);
  }
  set(instant: string | Date): void {
    this.instant = new Date(instant).getTime();
  }
  advance(ms: number): void {
    this.instant += ms;
  }
}
