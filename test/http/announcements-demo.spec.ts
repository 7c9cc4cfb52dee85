/**
 * The demo's announcements: on any start date, one notice in its window (with an objection
 * waiting) and one already final, relative to the service's today.
 */
import { DemoService } from '../../src/demo/demo.service';
import { createTestApp, TestApp } from '../support/app';

describe('demo announcements', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t?.close());

  it.each([['2026-12-02T01:00:00.000Z'], ['2027-02-10T01:00:00.000Z']])('has a notice in its window and one final (started %s)', async (start) => {
    await t.dataSource.query('DELETE FROM ann_resolutions');
    await t.dataSource.query('DELETE FROM ann_objections');
    await t.dataSource.query('DELETE FROM ann_notice_rows');
    await t.dataSource.query('DELETE FROM ann_notices');
    t.clock.set(start);
    if (await t.app.get(DemoService).isEmpty()) await t.app.get(DemoService).seed();
    // The current contest (the latest year; last year's completed one has its lists' and awards' notices).
    const [c] = await t.dataSource.query('SELECT id FROM contests ORDER BY year DESC, id DESC LIMIT 1');
    if ((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ann_notices WHERE contest_id = ${Number(c.id)}`))[0].n == 0) {
      const { AnnouncementsDemo } = await import('../../src/announcements/announcements.demo');
      await t.app.get(AnnouncementsDemo).seed(Number(c.id));
    }
    const list = (await t.http().get(`/api/public/notices?contestId=${c.id}`)).body as { state: string; workingDaysLeft: number; pendingObjections: number }[];
    // The announcements demo's two (one in its window, one final) and, on the first start, the ten
    // final lists of district2 (ready for its draw ceremony).
    const states = list.map((n) => n.state);
    expect(states.filter((s) => s === 'published')).toHaveLength(1);
    expect(states.filter((s) => s === 'final').length).toBeGreaterThanOrEqual(1);
    expect(states.every((s) => s === 'published' || s === 'final')).toBe(true);
    const open = list.find((n) => n.state === 'published')!;
    expect(open).toMatchObject({ workingDaysLeft: 5, pendingObjections: 1 });
  }, 120_000);
});
