import { calendarCoversYear, dayKind, endOfDayInstant, isIsoDate, noticeWindow, workingDaysLeft } from './working-days';

describe('noticeWindow (RULES §6)', () => {
  // [published, N, contest holidays, contest workdays, closes, working days, calendar covers]
  const cases: [string, string, number, string[], string[], string, string[], boolean][] = [
    ['ordinary week, Monday, N=5', '2025-11-17', 5, [], [], '2025-11-24', ['2025-11-18', '2025-11-19', '2025-11-20', '2025-11-21', '2025-11-24'], true],
    ['ordinary week, Friday, N=5', '2025-11-21', 5, [], [], '2025-11-28', ['2025-11-24', '2025-11-25', '2025-11-26', '2025-11-27', '2025-11-28'], true],
    ['Friday, N=1: the next Monday', '2025-11-21', 1, [], [], '2025-11-24', ['2025-11-24'], true],
    ['Saturday, N=1', '2025-11-22', 1, [], [], '2025-11-24', ['2025-11-24'], true],
    ['Monday, N=1: Tuesday', '2025-11-17', 1, [], [], '2025-11-18', ['2025-11-18'], true],
    // 2025 National Day + Mid-autumn: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 worked.
    ['2025 National Day, Friday 09-26, N=5', '2025-09-26', 5, [], [], '2025-10-10', ['2025-09-28', '2025-09-29', '2025-09-30', '2025-10-09', '2025-10-10'], true],
    ['2025 National Day, on the holiday 10-03, N=5', '2025-10-03', 5, [], [], '2025-10-14', ['2025-10-09', '2025-10-10', '2025-10-11', '2025-10-13', '2025-10-14'], true],
    ['2025 National Day, 09-30, N=1', '2025-09-30', 1, [], [], '2025-10-09', ['2025-10-09'], true],
    // 2026 Spring Festival: 02-15..02-23 off, Saturdays 02-14 and 02-28 worked.
    ['2026 Spring Festival, Friday 02-13, N=5', '2026-02-13', 5, [], [], '2026-02-27', ['2026-02-14', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27'], true],
    ['2026 Spring Festival, Friday 02-13, N=1: the swapped Saturday', '2026-02-13', 1, [], [], '2026-02-14', ['2026-02-14'], true],
    ['2026 Spring Festival, on the holiday 02-20, N=5', '2026-02-20', 5, [], [], '2026-02-28', ['2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28'], true],
    ['contest holiday on Wednesday', '2025-11-17', 5, ['2025-11-19'], [], '2025-11-25', ['2025-11-18', '2025-11-20', '2025-11-21', '2025-11-24', '2025-11-25'], true],
    ['contest working Saturday', '2025-11-17', 5, [], ['2025-11-22'], '2025-11-22', ['2025-11-18', '2025-11-19', '2025-11-20', '2025-11-21', '2025-11-22'], true],
    ['a year the calendar does not cover: weekdays', '2030-02-01', 5, [], [], '2030-02-08', ['2030-02-04', '2030-02-05', '2030-02-06', '2030-02-07', '2030-02-08'], false],
    ['window running into an uncovered year', '2026-12-29', 5, [], [], '2027-01-05', ['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-04', '2027-01-05'], false],
    ['uncovered year with the contest holiday', '2026-12-29', 5, ['2027-01-01'], [], '2027-01-06', ['2026-12-30', '2026-12-31', '2027-01-04', '2027-01-05', '2027-01-06'], false],
  ];
  it.each(cases)('%s', (_name, published, n, holidays, workdays, closes, days, covers) => {
    const w = noticeWindow(published, n, { holidays, workdays });
    expect(w).toEqual({ opens: published, closes, workingDays: days, calendarCovers: covers });
  });

  it('defaults to 5 working days', () => {
    expect(noticeWindow('2025-11-17').closes).toBe('2025-11-24');
  });

  it('refuses a bad date or a bad N', () => {
    expect(() => noticeWindow('2025-02-29', 5)).toThrow(RangeError);
    expect(() => noticeWindow('2025-11-17', 0)).toThrow(RangeError);
    expect(() => noticeWindow('2025-11-17', 1.5)).toThrow(RangeError);
  });

  it('knows the covered years and the State Council days', () => {
    expect(calendarCoversYear(2025)).toBe(true);
    expect(calendarCoversYear(2026)).toBe(true);
    expect(calendarCoversYear(2030)).toBe(false);
    expect(dayKind('2025-09-28')).toEqual({ working: true, covered: true });
    expect(dayKind('2025-10-06')).toEqual({ working: false, covered: true });
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-13-01')).toBe(false);
  });

  it('counts the working days left, today included', () => {
    const w = noticeWindow('2025-11-17', 5);
    expect(workingDaysLeft(w, '2025-11-17')).toBe(5);
    expect(workingDaysLeft(w, '2025-11-20')).toBe(3);
    expect(workingDaysLeft(w, '2025-11-22')).toBe(1);
    expect(workingDaysLeft(w, '2025-11-25')).toBe(0);
  });

  it('closes at 24:00 in the contest time zone', () => {
    expect(endOfDayInstant('2025-11-24', 'Asia/Shanghai').toISOString()).toBe('2025-11-24T16:00:00.000Z');
    expect(endOfDayInstant('2025-11-24', 'UTC').toISOString()).toBe('2025-11-25T00:00:00.000Z');
  });
});
