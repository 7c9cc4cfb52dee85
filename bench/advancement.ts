/**
 * `npm run bench -- advancement [--districts 150 --schools 10000 --entrants 500000]`
 *
 * Generates a province straight into a temporary SQLite file (after the app has run its
 * migrations by booting once): 150 districts, 10,000 schools, 500,000 teachers submitted as
 * preliminary entrants, with results (2% did not take part). Then, in the same run, times
 *   (a) the baseline: one raw SQL read of the same entrants (the columns allocation and pools need);
 *   (b) for every district, allocation + the draw ceremony (freeze, announce, entropy, run)
 *       through the very service methods the HTTP endpoints call; the schools' recommendations
 *       are bulk-inserted between allocation and freeze, outside the timed path;
 * and verifyDraw of every resulting record (target: under 10 s). Publishing (creating the
 * semi-finalists) is timed and printed separately. Last line:
 *   advancement: <x> s; baseline <y> s; ratio <r>
 */
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DataSource } from 'typeorm';
import { AdvancementService } from '../src/advancement/advancement.service';
import { DrawRecordsService } from '../src/advancement/draw-records.service';
import { DrawsService } from '../src/advancement/draws.service';
import { AppModule } from '../src/app.module';
import { AuthUser } from '../src/common/roles';
import { ContestsService } from '../src/contests/contests.service';
import { loadEnvironment } from '../src/config/environment';
import { entrantCode } from '../src/contestants/round-entrant.entity';
import { verifyDraw } from '../src/domain/draw';
import { makeIdNumber } from '../src/domain/id-number';

interface Sqlite {
  prepare(sql: string): { run(...p: unknown[]): unknown; all(...p: unknown[]): unknown[] };
  transaction<T>(fn: () => T): () => T;
}

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

const secs = (ms: number) => (ms / 1000).toFixed(3);

export async function run(args: string[]): Promise<void> {
  const nDistricts = arg(args, 'districts', 150);
  const nSchools = arg(args, 'schools', 10_000);
  const nEntrants = arg(args, 'entrants', 500_000);
  const dir = mkdtempSync(join(tmpdir(), 'bench-advancement-'));
  let app: INestApplicationContext | null = null;
  try {
    const env = loadEnvironment({
      SQLITE_PATH: join(dir, 'bench.sqlite'),
      JWT_SECRET: 'bench-secret-0123456789-abcdefghijklmnop',
      DEMO_SEED: 'false',
      LOG_LEVEL: 'silent',
    });
    app = await NestFactory.createApplicationContext(AppModule.forRoot(env), { logger: false });
    const ds = app.get<DataSource>(getDataSourceToken());
    const db = (ds.driver as unknown as { databaseConnection: Sqlite }).databaseConnection;
    const contest = await app.get(ContestsService).create('system:bench', { code: 'bench', name: 'benchmark contest', year: 2025 });

    // ------------------------------------------------------------ generation (bulk SQL)
    const t0 = Date.now();
    const now = new Date().toISOString();
    const schoolsOf: { id: number; size: number; firstEntrant: number }[][] = [];
    const gen = db.transaction(() => {
      const insD = db.prepare('INSERT INTO districts (id, code, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
      const insS = db.prepare(
        'INSERT INTO schools (id, code, name, district_id, stage, is_central, in_district_seat, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, 0, ?, ?)',
      );
      const insT = db.prepare(
        "INSERT INTO teachers (id, name, id_number, birth_date, gender, stage, subject, school_id, transferred_to_seat, prior_awards, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'primary', 'math', ?, 0, '[]', ?, ?)",
      );
      const insL = db.prepare(
        "INSERT INTO entrant_lists (contest_id, school_id, state, started_at, submitted_at, submitted_by, submissions, created_at, updated_at) VALUES (?, ?, 'submitted', ?, ?, 'bench', 1, ?, ?)",
      );
      // Each school's preliminary list announced and final (RULES §6: the allocation waits for it).
      const insN = db.prepare(
        "INSERT INTO ann_notices (contest_id, kind, round_code, scope_key, issuer_level, issuer_id, issuer_name, resolver_level, resolver_id, resolver_name, title, objection_contact, row_count, state, window_days, opens_on, closes_on, closes_at, working_days, calendar_covers, published_at, published_by, created_at, updated_at) VALUES (?, 'preliminary', 'preliminary', ?, 'school', ?, ?, 'district', ?, ?, ?, '-', ?, 'published', 5, '2025-11-03', '2025-11-10', '2025-11-10T16:00:00.000Z', '[]', 1, '2025-11-03T02:00:00.000Z', 'bench', ?, ?)",
      );
      const insE = db.prepare(
        "INSERT INTO round_entrants (id, contest_id, round, teacher_id, code, school_id, district_id, subject, group_code, source, status, created_at, updated_at) VALUES (?, ?, 'preliminary', ?, ?, ?, ?, 'math', 'primary-youth', 'all-staff', 'active', ?, ?)",
      );
      const insR = db.prepare(
        "INSERT INTO round_results (contest_id, round, entrant_id, total_hundredths, total, item_hundredths, item_keys, judges, method, panel_id, created_at, updated_at) VALUES (?, 'preliminary', ?, ?, ?, '[]', '[]', 5, 'trimmed-mean', NULL, ?, ?)",
      );
      let teacher = 0;
      let school = 0;
      const baseSize = nEntrants / nSchools;
      for (let d = 1; d <= nDistricts; d++) {
        insD.run(d, `B${String(d).padStart(3, '0')}`, `区${d}`, now, now);
        const count = Math.floor((nSchools * d) / nDistricts) - Math.floor((nSchools * (d - 1)) / nDistricts);
        const list: { id: number; size: number; firstEntrant: number }[] = [];
        for (let k = 0; k < count; k++) {
          school++;
          // Sizes 36, 43, 50, 57, 64 around the mean: exactly nEntrants for nSchools a multiple of 5.
          const size = Math.round(baseSize + ((school % 5) - 2) * 7);
          insS.run(school, `B${String(d).padStart(3, '0')}S${String(k).padStart(3, '0')}`, `学校${school}`, d, 'primary', now, now);
          insL.run(contest.id, school, now, now, now, now);
          insN.run(contest.id, `school:${school}`, school, `学校${school}`, d, `区${d}`, `学校${school}初赛参赛名单公示`, size, now, now);
          list.push({ id: school, size, firstEntrant: teacher + 1 });
          for (let j = 0; j < size; j++) {
            teacher++;
            // Distinct (birth date, sequence) for every teacher up to 13.44 million.
            const birth = `${1960 + (Math.floor(teacher / 336) % 40)}${String((Math.floor(teacher / 28) % 12) + 1).padStart(2, '0')}${String((teacher % 28) + 1).padStart(2, '0')}`;
            const seq = String(Math.floor(teacher / 13440) % 1000).padStart(3, '0');
            const idNumber = makeIdNumber('320102', birth, seq);
            insT.run(teacher, `教师${teacher}`, idNumber, `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`, Number(seq) % 2 ? 'male' : 'female', school, now, now);
            insE.run(teacher, contest.id, teacher, entrantCode(teacher), school, d, now, now);
            // 2% did not take part: the last of every 50.
            if (teacher % 50 !== 0) {
              const h = 6000 + ((teacher * 37) % 3500);
              insR.run(contest.id, teacher, h, (h / 100).toFixed(2), now, now);
            }
          }
        }
        schoolsOf.push(list);
      }
      return teacher;
    });
    const generated = gen();
    console.log(`generated ${nDistricts} districts, ${nSchools} schools, ${generated} preliminary entrants with results in ${secs(Date.now() - t0)} s`);

    // ------------------------------------------------------------ (a) baseline
    // The median of three reads, so that one disturbed read does not decide the ratio.
    const reads: number[] = [];
    let count = 0;
    for (let k = 0; k < 3; k++) {
      const b0 = process.hrtime.bigint();
      let rows: unknown[] | null = db
        .prepare(
          `SELECT e.id, e.code, e.school_id, e.district_id, e.status, r.id AS result FROM round_entrants e LEFT JOIN round_results r ON r.entrant_id = e.id
            WHERE e.contest_id = ? AND e.round = 'preliminary'`,
        )
        .all(contest.id);
      reads.push(Number(process.hrtime.bigint() - b0) / 1e6);
      count = rows.length;
      rows = null; // not kept alive (and scanned by the GC) during the timed part
    }
    const baseline = [...reads].sort((x, y) => x - y)[1];
    console.log(`baseline: raw SQL read of ${count} entrants (id, code, school, district, status, result): ${secs(baseline)} s (median of ${reads.map(secs).join(', ')})`);

    // ------------------------------------------------------------ (b) allocation + draw through the services
    const adv = app.get(AdvancementService);
    const draws = app.get(DrawsService);
    const records = app.get(DrawRecordsService);
    const insRec = db.prepare("INSERT INTO adv_recommendations (allocation_id, unit_id, entrant_id, created_by, created_at) VALUES (?, ?, ?, 'bench', ?)");
    const sources = [{ name: '见证人数字', description: '仪式现场三名见证人抽取的数字' }];
    let timed = 0;
    let setup = 0;
    let publishMs = 0;
    const drawIds: number[] = [];
    const phases: Record<string, number> = {};
    let allocated = 0;
    let drawn = 0;
    for (let d = 1; d <= nDistricts; d++) {
      const user: AuthUser = { id: 0, username: `bench-district-${d}`, role: 'district_admin', displayName: 'bench', districtId: d, schoolId: null };
      let s = Date.now();
      const a = await adv.createAllocation(user, contest.id, { round: 'semifinal', districtId: d, recommendationDeadline: '2099-12-31' });
      timed += Date.now() - s;
      s = Date.now();
      const bySchool = new Map(schoolsOf[d - 1].map((x) => [x.id, x]));
      db.transaction(() => {
        for (const u of a.units as { unitId: number; recommended: number }[]) {
          const sch = bySchool.get(u.unitId)!;
          // The first r entrants of the school (all took part: only the 50th of each 50 is absent).
          let id = sch.firstEntrant;
          for (let k = 0; k < u.recommended; k++, id++) {
            if (id % 50 === 0) id++;
            insRec.run(a.id, u.unitId, id, now);
          }
        }
      })();
      setup += Date.now() - s;
      s = Date.now();
      const lap = (k: string, t: number) => (phases[k] = (phases[k] ?? 0) + Date.now() - t);
      let p = Date.now();
      const frozen = await draws.freeze(user, a.id);
      lap('freeze', p);
      p = Date.now();
      await draws.announce(user, frozen.id, { sources });
      lap('announce', p);
      p = Date.now();
      await draws.enterEntropy(user, frozen.id, { values: [`${d * 7919} ${d * 104729}`] });
      lap('entropy', p);
      p = Date.now();
      await draws.run(user, frozen.id);
      lap('run', p);
      timed += Date.now() - s;
      s = Date.now();
      await draws.publish(user, frozen.id);
      publishMs += Date.now() - s;
      drawIds.push(frozen.id);
      allocated += (a.totals as { total: number }).total;
      drawn += (a.totals as { drawn: number }).drawn;
    }
    console.log(`allocation + draw (freeze, announce, entropy, run) of ${nDistricts} districts through the services: ${secs(timed)} s (${allocated} places, ${drawn} drawn)`);
    console.log(`  of which ${Object.entries(phases).map(([k, v]) => `${k} ${secs(v)} s`).join(', ')}`);
    console.log(`(not timed) bulk recommendations: ${secs(setup)} s; publish (semi-finalists created): ${secs(publishMs)} s`);

    // ------------------------------------------------------------ verify-draw of the records
    const v0 = Date.now();
    let matched = 0;
    for (const id of drawIds) {
      const r = await records.recordOf(id, null);
      const result = verifyDraw(JSON.parse(r.text));
      if (!result.match) throw new Error(`draw ${id}: ${result.difference}`);
      matched++;
    }
    const verifyMs = Date.now() - v0;
    console.log(`verify-draw of ${matched} records: ${secs(verifyMs)} s (${verifyMs < 10_000 ? 'under' : 'OVER'} 10 s), all MATCH`);
    const ratio = timed / baseline;
    console.log(`advancement: ${secs(timed)} s; baseline ${secs(baseline)} s; ratio ${ratio.toFixed(2)}`);
  } finally {
    if (app) await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
