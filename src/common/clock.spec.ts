import { dateInZone, FakeClock } from './clock';

describe('dateInZone', () => {
  it.each([
    // Beijing midnight is 16:00 UTC: the minutes on either side have different dates.
    ['2026-12-02T15:59:59.999Z', 'Asia/Shanghai', '2026-12-02'],
    ['2026-12-02T16:00:00.000Z', 'Asia/Shanghai', '2026-12-03'],
    ['2026-12-02T15:59:00.000Z', 'Asia/Shanghai', '2026-12-02'],
    ['2026-12-02T16:00:30.000Z', 'Asia/Shanghai', '2026-12-03'],
    ['2026-12-02T16:00:30.000Z', 'UTC', '2026-12-02'],
    ['2026-12-02T23:59:59.000Z', 'UTC', '2026-12-02'],
    ['2026-12-03T00:00:00.000Z', 'UTC', '2026-12-03'],
    // A zone whose offset is not a whole hour (UTC+5:45): its midnight falls at 18:15 UTC.
    ['2026-12-02T18:14:59.000Z', 'Asia/Kathmandu', '2026-12-02'],
    ['2026-12-02T18:15:00.000Z', 'Asia/Kathmandu', '2026-12-03'],
  ])('%s in %s is %s, asked in any order (the date kept per minute never leaks across midnight)', (instant, zone, date) => {
    expect(dateInZone(new Date(instant), zone)).toBe(date);
    // Asked again right after another instant of the same zone, still the same answer.
    dateInZone(new Date('2000-01-01T00:00:00Z'), zone);
    expect(dateInZone(new Date(instant), zone)).toBe(date);
  });

  it('a clock moved across midnight reads the new date at once', () => {
    const clock = new FakeClock('2026-12-02T15:59:59.000Z', 'Asia/Shanghai');
    expect(clock.today()).toBe('2026-12-02');
    clock.set('2026-12-02T16:00:00.000Z');
    expect(clock.today()).toBe('2026-12-03');
  });
});
