/**
 * `npm run bench -- plan [--districts 150 --entrants 30000 --judges 3000]`
 *
 * A city semi-final of 150 districts' worth, generated straight into a temporary SQLite file
 * (after the app has run its migrations): 150 districts of 10 schools, 30,000 semi-final
 * entrants (5 subjects × 3 groups), 3,000 judge accounts in the city's semi-final pool (a fifth
 * without a school, a quarter limited to two subjects). Then, in the same run, times
 *   (a) the baseline: one raw SQL read of the same entrants and judges (the columns the plan and
 *       the assignment need; median of three);
 *   (b) plan + assignment through the service methods: the city's plan of every district's
 *       semi-final with the judges the pool gives each panel (JudgePoolsService.previewAssignment:
 *       reads, the domain's plan, the domain's assignment; nothing stored);
 * and, for information, accepting that plan and the automatic assignment with their writes
 * (PlanningService.accept + JudgePoolsService.autoAssign). Last line:
 *   plan: <x> s; baseline <y> s; ratio <r>
 */
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { AuthUser } from '../src/common/roles';
import { loadEnvironment } from '../src/config/environment';
import { ContestsService } from '../src/contests/contests.service';
import { entrantCode } from '../src/contestants/round-entrant.entity';
import { makeIdNumber } from '../src/domain/id-number';
import { JudgePoolsService } from '../src/planning/judge-pools.service';
import { PlanningService } from '../src/planning/planning.service';
import { PlanRequestDto } from '../src/planning/dto/planning.dto';

interface Sqlite {
  prepare(sql: string): { run(...p: unknown[]): unknown; all(...p: unknown[]): unknown[] };
  transaction<T>(fn: () => T): () => T;
}

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

const secs = (ms: number) => (ms / 1000).toFixed(3);
const SUBJECTS = ['chinese', 'math', 'english', 'science', 'music'];
const GROUPS = ['primary-youth', 'junior-youth', 'senior'];

export async function run(args: string[]): Promise<void> {
  const nDistricts = arg(args, 'districts', 150);
  const nEntrants = arg(args, 'entrants', 30_000);
  const nJudges = arg(args, 'judges', 3_000);
  const schoolsPer = 10;
  const dir = mkdtempSync(join(tmpdir(), 'bench-plan-'));
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
    const contest = await app.get(ContestsService).create('system:bench', {
      code: 'bench',
      name: 'benchmark contest',
      year: 2025,
      rounds: [{ code: 'semifinal', startsOn: '2025-12-08', endsOn: '2025-12-12', deadline: '2025-12-15' }],
    });

    // ------------------------------------------------------------ generation (bulk SQL)
    const t0 = Date.now();
    const now = new Date().toISOString();
    db.transaction(() => {
      const insD = db.prepare('INSERT INTO districts (id, code, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
      const insS = db.prepare('INSERT INTO schools (id, code, name, district_id, stage, is_central, in_district_seat, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, 0, ?, ?)');
      const insT = db.prepare(
        "INSERT INTO teachers (id, name, id_number, birth_date, gender, stage, subject, school_id, transferred_to_seat, prior_awards, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'primary', ?, ?, 0, '[]', ?, ?)",
      );
      const insE = db.prepare(
        "INSERT INTO round_entrants (id, contest_id, round, teacher_id, code, school_id, district_id, subject, group_code, source, status, created_at, updated_at) VALUES (?, ?, 'semifinal', ?, ?, ?, ?, ?, ?, 'recommended', 'active', ?, ?)",
      );
      const insA = db.prepare(
        "INSERT INTO accounts (id, username, password_hash, role, display_name, district_id, school_id, active, created_at, updated_at) VALUES (?, ?, '!link-only', 'judge', ?, ?, ?, 1, ?, ?)",
      );
      const insM = db.prepare(
        "INSERT INTO judge_pool_members (contest_id, round, scope_key, account_id, phone, subjects, source, created_by, created_at) VALUES (?, 'semifinal', 'city', ?, NULL, ?, 'account', 'bench', ?)",
      );
      for (let d = 1; d <= nDistricts; d++) {
        insD.run(d, `B${String(d).padStart(3, '0')}`, `区${d}`, now, now);
        for (let k = 0; k < schoolsPer; k++) {
          const id = (d - 1) * schoolsPer + k + 1;
          insS.run(id, `B${String(d).padStart(3, '0')}S${k}`, `学校${id}`, d, 'primary', now, now);
        }
      }
      for (let t = 1; t <= nEntrants; t++) {
        const d = ((t - 1) % nDistricts) + 1;
        const school = (d - 1) * schoolsPer + (Math.floor(t / nDistricts) % schoolsPer) + 1;
        const subject = SUBJECTS[(t * 7) % SUBJECTS.length];
        const group = GROUPS[(t * 13) % GROUPS.length];
        const birth = `${1960 + (Math.floor(t / 336) % 40)}${String((Math.floor(t / 28) % 12) + 1).padStart(2, '0')}${String((t % 28) + 1).padStart(2, '0')}`;
        const seq = String(Math.floor(t / 13440) % 1000).padStart(3, '0');
        insT.run(t, `教师${t}`, makeIdNumber('320102', birth, seq), `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`, Number(seq) % 2 ? 'male' : 'female', subject, school, now, now);
        insE.run(t, contest.id, t, entrantCode(t), school, d, subject, group, now, now);
      }
      for (let j = 1; j <= nJudges; j++) {
        const d = ((j - 1) % nDistricts) + 1;
        const school = j % 5 === 0 ? null : (d - 1) * schoolsPer + (j % schoolsPer) + 1;
        const subjects = j % 4 === 0 ? JSON.stringify([SUBJECTS[j % 5], SUBJECTS[(j + 2) % 5]]) : null;
        insA.run(100 + j, `bench-judge-${j}`, `评委${j}`, d, school, now, now);
        insM.run(contest.id, 100 + j, subjects, now);
      }
    })();
    console.log(`generated ${nDistricts} districts, ${nDistricts * schoolsPer} schools, ${nEntrants} semi-final entrants, ${nJudges} judges in ${secs(Date.now() - t0)} s`);

    // ------------------------------------------------------------ (b) plan + assignment through the services
    const city: AuthUser = { id: 0, username: 'bench-city', role: 'city_admin', displayName: 'bench', districtId: null, schoolId: null };
    const dto: PlanRequestDto = {
      contestId: contest.id,
      round: 'semifinal',
      maxPanelSize: 20,
      sessions: ['2025-12-08', '2025-12-09', '2025-12-10'].flatMap((date) => [
        { date, time: '08:30' },
        { date, time: '14:00' },
      ]),
      rooms: ['101', '102', '103', '104'],
    };
    const planning = app.get(PlanningService);
    const pools = app.get(JudgePoolsService);
    // (a) and (b) measured in turn, five times each after one warm-up of both (JIT, statement
    // caches), so that a busy moment of the machine weighs on both; the medians are compared.
    const readBaseline = () => {
      const b0 = process.hrtime.bigint();
      let rows: unknown[] | null = db
        .prepare("SELECT e.id, e.subject, e.group_code, e.school_id, e.district_id FROM round_entrants e WHERE e.contest_id = ? AND e.round = 'semifinal' AND e.status = 'active' ORDER BY e.id")
        .all(contest.id);
      let judges: unknown[] | null = db
        .prepare(
          "SELECT m.account_id, a.school_id, a.district_id, m.subjects FROM judge_pool_members m JOIN accounts a ON a.id = m.account_id WHERE m.contest_id = ? AND m.round = 'semifinal' AND m.scope_key = 'city' AND a.role = 'judge' AND a.active = 1 ORDER BY m.account_id",
        )
        .all(contest.id);
      const ms = Number(process.hrtime.bigint() - b0) / 1e6;
      if (rows.length !== nEntrants || judges.length !== nJudges) throw new Error('baseline read the wrong rows');
      rows = null; // not kept alive (and scanned by the GC) during the timed part
      judges = null;
      return ms;
    };
    readBaseline();
    let result = await pools.previewAssignment(city, dto);
    const reads: number[] = [];
    const runs: number[] = [];
    for (let k = 0; k < 5; k++) {
      reads.push(readBaseline());
      const s = process.hrtime.bigint();
      result = await pools.previewAssignment(city, dto);
      runs.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const baseline = median(reads);
    const timed = median(runs);
    console.log(`baseline: raw SQL read of ${nEntrants} entrants and ${nJudges} judges: ${secs(baseline)} s (median of ${reads.map(secs).join(', ')})`);
    const seats = result.panels.reduce((n, p) => n + p.judgeIds.length, 0);
    console.log(
      `plan + assignment (previewAssignment, city semi-final): ${secs(timed)} s (median of ${runs.map(secs).join(', ')}): ${result.panels.length} panels, ${seats} seats, ${result.unfilled.length} unfilled, load ${result.load.min}–${result.load.max} panels per judge${result.problems.length ? `, problems: ${result.problems.map((p) => p.message).join('; ')}` : ''}`,
    );

    if (args.includes('--parts')) {
      const { scopeContext } = await import('../src/planning/planning.common');
      for (let k = 0; k < 3; k++) {
        const t = [process.hrtime.bigint()];
        const ctx = await scopeContext(ds.manager, city, dto, 'plan.preview');
        t.push(process.hrtime.bigint());
        const es = await planning.scopeEntrants(ds.manager, ctx);
        t.push(process.hrtime.bigint());
        await planning.compute(ds.manager, city, dto, 'plan.preview');
        t.push(process.hrtime.bigint());
        await pools.poolJudges(ds.manager, ctx);
        t.push(process.hrtime.bigint());
        console.log(`parts: scope ${Number(t[1] - t[0]) / 1e6} ms, entrants ${Number(t[2] - t[1]) / 1e6} ms (${es.length}), compute ${Number(t[3] - t[2]) / 1e6} ms, pool ${Number(t[4] - t[3]) / 1e6} ms`);
      }
    }

    // ------------------------------------------------------------ for information: with the writes
    const a0 = Date.now();
    const accepted = await planning.accept(city, dto);
    const a1 = Date.now();
    const assigned = await pools.autoAssign(city, { contestId: contest.id, round: 'semifinal' });
    const a2 = Date.now();
    console.log(`(information) accept with writes: ${secs(a1 - a0)} s (${accepted.panels.length} panels); autoAssign with writes: ${secs(a2 - a1)} s (${assigned.seated} seats, ${assigned.unfilled.length} unfilled)`);

    console.log(`plan: ${secs(timed)} s; baseline ${secs(baseline)} s; ratio ${(timed / baseline).toFixed(2)}`);
  } finally {
    if (app) await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
