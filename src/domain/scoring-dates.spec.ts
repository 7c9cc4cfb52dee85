import { lastScoringDay, scoringRefusal } from './scoring-dates';

describe('scoring dates', () => {
  const w = { startsOn: '2025-12-08', endsOn: '2025-12-12', extendedTo: null };
  it.each([
    ['2025-12-07', { rule: 'before', from: '2025-12-08', to: '2025-12-12' }],
    ['2025-12-08', null],
    ['2025-12-12', null],
    ['2025-12-13', { rule: 'after', from: '2025-12-08', to: '2025-12-12' }],
  ])('%s → %j', (today, want) => {
    expect(scoringRefusal(today, w)).toEqual(want);
  });
  it('an extension moves the last day, never earlier than the round’s own', () => {
    expect(scoringRefusal('2025-12-13', { ...w, extendedTo: '2025-12-14' })).toBeNull();
    expect(scoringRefusal('2025-12-15', { ...w, extendedTo: '2025-12-14' })).toEqual({ rule: 'after', from: '2025-12-08', to: '2025-12-14' });
    expect(lastScoringDay({ ...w, extendedTo: '2025-12-01' })).toBe('2025-12-12');
  });
  it('a one-day round and an unscheduled round', () => {
    expect(scoringRefusal('2025-12-09', { startsOn: '2025-12-09', endsOn: null, extendedTo: null })).toBeNull();
    expect(scoringRefusal('2025-12-10', { startsOn: '2025-12-09', endsOn: null, extendedTo: null })?.rule).toBe('after');
    expect(scoringRefusal('2025-12-09', { startsOn: null, endsOn: null, extendedTo: null })).toEqual({ rule: 'not-scheduled' });
  });
});
