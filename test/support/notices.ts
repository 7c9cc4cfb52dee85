/**
 * Announcing lists in tests (RULES §6): the steps after a list wait until it is final, so a test
 * that allocates places first announces the lists through the HTTP API, as the bodies would, and
 * then moves the FakeClock past every window.
 */
import { TestApp } from './app';
import { bearer } from './factories';

/** The school announces its submitted preliminary list. */
export async function announcePreliminary(t: TestApp, contestId: number, school: { id: number; token: string }): Promise<number> {
  const res = await t.http().post(`/api/contests/${contestId}/notices/preliminary`).set(bearer(school.token)).send({ schoolId: school.id });
  if (res.status !== 200) throw new Error(`announce preliminary: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

/** The district announces the semi-finalists of its published draw. */
export async function announceSemifinalists(t: TestApp, drawId: number, districtToken: string): Promise<number> {
  const res = await t.http().post('/api/notices/semifinalists').set(bearer(districtToken)).send({ drawId });
  if (res.status !== 200) throw new Error(`announce semi-finalists: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

/** Moves the clock (forward only) a minute past the close of every notice's window (of the contest, if given). */
export async function passAllWindows(t: TestApp, contestId?: number): Promise<void> {
  const rows: { closes_at: string }[] = await t.dataSource.query(
    `SELECT closes_at FROM ann_notices WHERE closes_at IS NOT NULL${contestId === undefined ? '' : ` AND contest_id = ${Number(contestId)}`}`,
  );
  const last = Math.max(0, ...rows.map((r) => new Date(r.closes_at).getTime()));
  if (last + 60_000 > t.clock.now().getTime()) t.clock.set(new Date(last + 60_000));
}
