/**
 * Scoring dates: a round's scores are accepted only on its dates (its first to its last day,
 * calendar dates in the contest time zone, inclusive), or until the day the organiser extended a
 * panel to. Dates are 'YYYY-MM-DD' text, compared as text.
 */
export interface ScoringWindow {
  startsOn: string | null;
  endsOn: string | null;
  /** The organiser's extension of the last day (null: none). */
  extendedTo: string | null;
}

export type ScoringRefusal = { rule: 'not-scheduled' } | { rule: 'before' | 'after'; from: string; to: string };

/** The last day scoring is accepted: the extension when later than the round's last day. */
export function lastScoringDay(w: ScoringWindow): string | null {
  const end = w.endsOn ?? w.startsOn;
  if (end === null) return w.extendedTo;
  return w.extendedTo !== null && w.extendedTo > end ? w.extendedTo : end;
}

/** Why scoring is refused today (null: accepted). */
export function scoringRefusal(today: string, w: ScoringWindow): ScoringRefusal | null {
  const from = w.startsOn ?? w.endsOn;
  const to = lastScoringDay(w);
  if (from === null || to === null) return { rule: 'not-scheduled' };
  if (today < from) return { rule: 'before', from, to };
  if (today > to) return { rule: 'after', from, to };
  return null;
}
