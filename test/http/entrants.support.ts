/**
 * Shared set-up of the entrant-list tests: a contest, a district with schools, logins,
 * an .xlsx builder, and a snapshot of every table the feature writes (to prove a refusal changed nothing).
 */
import ExcelJS from 'exceljs';
import { ContestsService } from '../../src/contests/contests.service';
import { makeIdNumber } from '../../src/domain/id-number';
import { createTestApp, TestApp } from '../support/app';
import { bearer, Factory, TEST_ACTOR } from '../support/factories';
import { expectRefusedUnchanged, HttpAnswer } from '../support/refusals';

export { setToday } from '../support/refusals';
export type { HttpAnswer } from '../support/refusals';

export interface World {
  t: TestApp;
  f: Factory;
  contestId: number;
  districtId: number;
  schoolId: number;
  school: { id: number; code: string; name: string };
  otherSchoolId: number;
  otherDistrictId: number;
  school2Token: string;
  schoolToken: string;
  otherSchoolToken: string;
  districtToken: string;
  otherDistrictToken: string;
  cityToken: string;
  judgeToken: string;
}

/** A contest of 2025 (preliminary deadline 2025-12-02), district D with schools S and S2, district E. Today: 2025-11-20. */
export async function createWorld(): Promise<World> {
  const t = await createTestApp();
  const f = new Factory(t);
  const contest = await t.app.get(ContestsService).create(TEST_ACTOR, { code: 'C2025', name: '2025年全员培训·教学技能比赛', year: 2025 });
  const district = await f.district();
  const other = await f.district();
  const school = await f.school({ districtId: district.id, name: '东湖镇中心小学' });
  const school2 = await f.school({ districtId: district.id });
  return {
    t,
    f,
    contestId: contest.id,
    districtId: district.id,
    schoolId: school.id,
    school,
    otherSchoolId: school2.id,
    otherDistrictId: other.id,
    schoolToken: await f.loginAs('school_admin', { schoolId: school.id }),
    school2Token: await f.loginAs('school_admin', { schoolId: school2.id }),
    otherSchoolToken: await f.loginAs('school_admin', { schoolId: (await f.school({ districtId: other.id })).id }),
    districtToken: await f.loginAs('district_admin', { districtId: district.id }),
    otherDistrictToken: await f.loginAs('district_admin', { districtId: other.id }),
    cityToken: await f.loginAs('city_admin'),
    judgeToken: await f.loginAs('judge'),
  };
}

export const auth = bearer;

/** Every row the feature (and the registry it writes through) can change, plus the audit length. */
export async function snapshot(t: TestApp): Promise<string> {
  const q = (sql: string) => t.dataSource.query(sql);
  return JSON.stringify({
    teachers: await q('SELECT id, name, id_number, subject, stage, school_id, updated_at FROM teachers ORDER BY id'),
    lists: await q('SELECT * FROM entrant_lists ORDER BY id'),
    exemptions: await q('SELECT * FROM exemptions ORDER BY id'),
    entrants: await q('SELECT * FROM round_entrants ORDER BY id'),
    audit: await q('SELECT COUNT(*) AS n FROM audit_entries'),
  });
}

/** An ID number born on `birth` (YYYYMMDD); `n` varies the sequence; odd = male. */
export function id(birth: string, n: number, male = true): string {
  return makeIdNumber('320102', birth, String(n * 2 + (male ? 1 : 0)).padStart(3, '0'));
}

/** An .xlsx buffer with the given rows (the first row is the header). */
export async function xlsx(rows: (string | number | null)[][], sheet = '教师名单'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const HEADER = ['姓名', '身份证号', '学科', '学段'];

/** Expects the request to be refused with the status and code, and that nothing changed. */
export const expectRefused = (t: TestApp, req: () => PromiseLike<HttpAnswer>, status: number, code: string): Promise<HttpAnswer> =>
  expectRefusedUnchanged(() => snapshot(t), req, status, code);
