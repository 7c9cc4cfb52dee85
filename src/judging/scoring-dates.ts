/**
 * Scoring dates at score entry: the panel's round dates (and the organiser's extension) checked
 * with the domain rule against today in the contest time zone (the injected Clock).
 */
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { sql } from '../database/sql';
import { scoringRefusal } from '../domain/scoring-dates';

function zh(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** A panel's round dates: `contest_rounds` (starts_on, ends_on, name) and `panels.scoring_until`. */
export interface ScoringDatesRow {
  starts_on: string | null;
  ends_on: string | null;
  scoring_until: string | null;
  name: string;
}

/** Refuses (OUTSIDE_ROUND_DATES, naming the window) scoring on a panel outside its round's dates. */
export async function assertScoringDates(em: EntityManager, clock: Clock, panelId: number): Promise<void> {
  const [row] = await sql<ScoringDatesRow>(
    em,
    `SELECT r.starts_on, r.ends_on, p.scoring_until, r.name FROM panels p
       JOIN contest_rounds r ON r.contest_id = p.contest_id AND r.code = p.round WHERE p.id = ?`,
    [panelId],
  );
  checkScoringDates(clock, row);
}

/**
 * The same check on dates already read (score entry reads them in its one context query); no row
 * (the panel's round is not among the contest's rounds) is no refusal, as above.
 */
export function checkScoringDates(clock: Clock, row: ScoringDatesRow | undefined): void {
  if (!row) return;
  const refused = scoringDatesError(clock, row);
  if (refused) throw refused;
}

/** The refusal (OUTSIDE_ROUND_DATES) of scoring today on a panel with these dates, or null. */
export function scoringDatesError(clock: Clock, row: ScoringDatesRow): AppError | null {
  const today = clock.today();
  const refusal = scoringRefusal(today, { startsOn: row.starts_on, endsOn: row.ends_on, extendedTo: row.scoring_until });
  if (!refusal) return null;
  if (refusal.rule === 'not-scheduled') {
    return new AppError('OUTSIDE_ROUND_DATES', `The ${row.name} has no dates yet; scoring opens on its dates`, [
      { field: 'date', rule: 'not-scheduled', message: `${row.name}尚未安排比赛日期` },
    ]);
  }
  const window = refusal.from === refusal.to ? zh(refusal.from) : `${zh(refusal.from)}至${zh(refusal.to)}`;
  return new AppError('OUTSIDE_ROUND_DATES', `Scoring in the ${row.name} is accepted from ${refusal.from} to ${refusal.to} only (today is ${today})`, [
    { field: 'date', rule: refusal.rule, message: `${row.name}评分日期为${window}，今天不在其中` },
  ]);
}
