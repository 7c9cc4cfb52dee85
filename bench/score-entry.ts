/**
 * `npm run bench -- score-entry [--seconds 10] [--clients 32] [--contestants 2000]`
 *
 * Boots the real application on a fresh SQLite file (or a fresh schema of the PostgreSQL database
 * of DATABASE_URL, dropped afterwards),
 * seeds one preliminary panel with `clients` judges and `contestants` contestants, logs the judges
 * in, then measures with `clients` concurrent keep-alive clients, in the same run:
 *   baseline — GET /api/judging/ping (authenticated no-op: JWT check + account lookup);
 *   score-entry — PUT /api/judging/panels/:id/sheets/:entrantId with submit: true, every request
 *   a NEW sheet (a distinct judge × contestant): authenticated, validated, stored (sheet + version),
 *   audited (hash-chained entry).
 * Prints req/s, p50/p99 latency and the server process's CPU time per request of both; the last line is
 *   score-entry: <x> req/s; baseline <y> req/s; ratio <r>
 */
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes, randomUUID } from 'crypto';
import { Client } from 'pg';
import { mkdtempSync, rmSync } from 'fs';
import { ChildProcess, fork } from 'child_process';
import { Agent, request } from 'http';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/app.setup';
import { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { AccountsService } from '../src/auth/accounts.service';
import { AuthUser } from '../src/common/roles';
import { entrantCode, RoundEntrant } from '../src/contestants/round-entrant.entity';
import { Clock } from '../src/common/clock';
import { ContestsService } from '../src/contests/contests.service';
import { Transactions } from '../src/database/transactions';
import { loadEnvironment } from '../src/config/environment';
import { makeIdNumber } from '../src/domain/id-number';
import { PanelsService } from '../src/judging/panels.service';
import { DistrictsService } from '../src/registry/districts.service';
import { SchoolsService } from '../src/registry/schools.service';
import { Teacher } from '../src/registry/teacher.entity';

const ACTOR = 'system:bench';
const SYSTEM: AuthUser = { id: 0, username: ACTOR, role: 'city_admin', displayName: 'bench', districtId: null, schoolId: null };

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

interface Measure {
  done: number;
  /** The server process's CPU time (user + system) over the measurement, in µs. */
  serverCpu: number;
  errors: number;
  seconds: number;
  latencies: number[];
  firstError?: string;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function send(agent: Agent, port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, agent, headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** Runs `clients` loops; each calls next(client) until it returns null or the time is up. */
async function measure(
  clients: number,
  seconds: number,
  next: (client: number) => { method: string; path: string; headers: Record<string, string>; body?: string } | null,
  agent: Agent,
  port: number,
): Promise<Measure> {
  const m: Measure = { done: 0, serverCpu: 0, errors: 0, seconds: 0, latencies: [] };
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (;;) {
        if (process.hrtime.bigint() >= deadline) return;
        const r = next(c);
        if (!r) return;
        const t0 = process.hrtime.bigint();
        const res = await send(agent, port, r.method, r.path, r.headers, r.body);
        m.latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (res.status === 200) m.done++;
        else {
          m.errors++;
          m.firstError ??= `${res.status} ${res.text.slice(0, 200)}`;
        }
      }
    }),
  );
  m.seconds = Number(process.hrtime.bigint() - start) / 1e9;
  m.latencies.sort((a, b) => a - b);
  return m;
}

function report(name: string, m: Measure): number {
  const rps = m.done / m.seconds;
  process.stdout.write(
    `${name.padEnd(12)} ${m.done} ok, ${m.errors} errors in ${m.seconds.toFixed(2)} s: ${rps.toFixed(0)} req/s; ` +
      `p50 ${percentile(m.latencies, 50).toFixed(2)} ms, p99 ${percentile(m.latencies, 99).toFixed(2)} ms; ` +
      `server CPU ${(m.serverCpu / Math.max(1, m.done + m.errors)).toFixed(0)} µs/request\n`,
  );
  if (m.firstError) process.stdout.write(`  first error: ${m.firstError}\n`);
  return rps;
}

interface Seeded {
  port: number;
  panelId: number;
  entrantIds: number[];
  usernames: string[];
  database: string;
}

export const PASSWORD = 'bench-password-1';

/** Seeds one preliminary panel with `clients` judges (who may log in with PASSWORD) and `contestants` contestants. */
export async function seedPanel(app: INestApplication, clients: number, contestants: number): Promise<{ panelId: number; entrantIds: number[]; usernames: string[] }> {
  const stamp = Date.now() % 100000;
  // Scoring is accepted on the round's dates only: the preliminary is held today.
  const today = app.get(Clock).today();
  const contest = await app.get(ContestsService).create(ACTOR, {
    code: `bench${Date.now()}`,
    name: 'bench',
    year: 2025,
    rounds: [{ code: 'preliminary', startsOn: today, endsOn: today, deadline: today > '2025-12-02' ? today : '2025-12-02' }],
  });
  const district = await app.get(DistrictsService).create(ACTOR, { code: `BD${stamp}`, name: '基准区' });
  const mk = (code: string) =>
    app.get(SchoolsService).create(ACTOR, { code, name: code, districtId: district.id, stage: 'primary', isCentral: true, inDistrictSeat: false });
  const school = await mk(`BS${stamp}`);
  const judgesSchool = await mk(`BJ${stamp}`);
  const entrants = await app.get(Transactions).run(async (em) => {
    const out: RoundEntrant[] = [];
    for (let i = 0; i < contestants; i++) {
      const birth = `19${70 + (i % 25)}0${1 + (i % 9)}1${i % 9}`;
      const teacher = await em.getRepository(Teacher).save(
        em.getRepository(Teacher).create({
          name: `选手${i}`,
          idNumber: makeIdNumber('320102', birth, String(i % 1000).padStart(3, '0')),
          birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`,
          gender: i % 2 ? 'male' : 'female',
          subject: 'math',
          stage: 'primary',
          schoolId: school.id,
          transferredToSeat: false,
          priorAwards: [],
          createdAt: '2025-11-20T00:00:00.000Z',
          updatedAt: '2025-11-20T00:00:00.000Z',
        } as Partial<Teacher>),
      );
      out.push(
        await em.getRepository(RoundEntrant).save(
          em.getRepository(RoundEntrant).create({
            contestId: contest.id,
            round: 'preliminary',
            teacherId: teacher.id,
            code: entrantCode(teacher.id),
            schoolId: school.id,
            districtId: district.id,
            subject: 'math',
            groupCode: 'primary-youth',
            source: 'all-staff',
            status: 'active',
            createdAt: '2025-11-20T00:00:00.000Z',
            updatedAt: '2025-11-20T00:00:00.000Z',
          }),
        ),
      );
    }
    return out;
  });
  const panels = app.get(PanelsService);
  const panel = await panels.create(SYSTEM, { contestId: contest.id, code: 'BENCH-1', round: 'preliminary', groupCode: 'primary-youth', session: '基准', schoolId: school.id });
  const usernames: string[] = [];
  for (let j = 0; j < clients; j++) {
    const username = `bench-judge-${stamp}-${j}`;
    const a = await app.get(AccountsService).create(ACTOR, { username, password: PASSWORD, role: 'judge', displayName: `评委${j}`, schoolId: judgesSchool.id });
    await panels.addJudge(SYSTEM, panel.id, { accountId: a.id, isHead: j === 0 });
    usernames.push(username);
  }
  await panels.addContestants(SYSTEM, panel.id, { entrantIds: entrants.map((e) => e.id) });
  return { panelId: panel.id, entrantIds: entrants.map((e) => e.id), usernames };
}

/** The server process: boots the real app, seeds the panel, reports, and waits for 'stop'. */
async function serve(clients: number, contestants: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-score-'));
  const schema = process.env.DATABASE_URL ? `bench_${randomBytes(6).toString('hex')}` : null;
  const env: Record<string, string> = {
    JWT_SECRET: 'bench-secret-0123456789-abcdefghijklmnopq',
    DEMO_SEED: 'false',
    LOG_LEVEL: 'silent',
    ARGON2_MEMORY_KIB: '1024', // seeding only: the judges' logins are not measured
    LOGIN_RATE_LIMIT: '100000',
    ...(schema ? { DATABASE_URL: process.env.DATABASE_URL!, DATABASE_SCHEMA: schema } : { SQLITE_PATH: join(dir, 'bench.sqlite') }),
  };
  const app: INestApplication = await NestFactory.create(AppModule.forRoot(loadEnvironment(env)), { logger: false });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const { panelId, entrantIds, usernames } = await seedPanel(app, clients, contestants);
  const ds = app.get(DataSource);
  const seeded: Seeded = { port, panelId, entrantIds, usernames, database: schema ? `PostgreSQL (schema ${schema})` : 'SQLite' };
  process.send!(seeded);
  process.on('message', async (m) => {
    if (m === 'cpu') {
      const u = process.cpuUsage();
      process.send!({ cpuMicros: u.user + u.system });
      return;
    }
    if (m === 'count') {
      const q = async (sql: string) => Number((await ds.query(sql))[0].n);
      process.send!({
        sheets: await q(`SELECT COUNT(*) AS n FROM score_sheets WHERE panel_id = ${panelId} AND state = 'submitted'`),
        versions: await q(`SELECT COUNT(*) AS n FROM score_sheet_versions v JOIN score_sheets s ON s.id = v.sheet_id WHERE s.panel_id = ${panelId}`),
        audit: await q(`SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'score.submit'`),
        chain: (await app.get(AuditService).verify()).intact,
      });
      return;
    }
    if (m !== 'stop') return;
    await app.close();
    rmSync(dir, { recursive: true, force: true });
    if (schema) {
      const pg = new Client({ connectionString: process.env.DATABASE_URL });
      await pg.connect();
      await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pg.end();
    }
    process.exit(0);
  });
}

/**
 * The client: the server runs in its own process (so that the clients' work does not share its
 * event loop), the 32 clients here.
 */
export async function run(args: string[]): Promise<void> {
  const seconds = arg(args, 'seconds', 10);
  const clients = arg(args, 'clients', 32);
  const contestants = arg(args, 'contestants', 2000);
  // The same file, compiled (npm run bench builds dist-bench/): ts-node would load node's repl and
  // with it the domain module, whose promise hooks slow every request of the server measured.
  const child: ChildProcess = fork(__filename, ['--serve', String(clients), String(contestants)], {
    execArgv: [
      ...(__filename.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : []),
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    process.stdout.write(`seeding: 1 panel, ${clients} judges, ${contestants} contestants\n`);
    const s = await new Promise<Seeded>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Seeded));
      child.once('exit', (code) => reject(new Error(`the server process ended (${code})`)));
    });
    process.stdout.write(`server on ${s.database}, port ${s.port}\n`);
    const port = s.port;
    const tokens: string[] = [];
    const login = new Agent();
    for (const username of s.usernames) {
      const res = await send(login, port, 'POST', '/api/auth/login', {}, JSON.stringify({ username, password: PASSWORD }));
      tokens.push((JSON.parse(res.text) as { accessToken: string }).accessToken);
    }
    login.destroy();

    const agent = new Agent({ keepAlive: true, maxSockets: clients });
    const auth = (c: number) => ({ authorization: `Bearer ${tokens[c]}` });
    const nextContestant = new Array<number>(clients).fill(0);
    const scores = (k: number) => [String(5 + (k % 5)), '8.5', String(20 + (k % 10)), `${30 + (k % 20)}.5`];
    const ping = (c: number) => ({ method: 'GET', path: '/api/judging/ping', headers: auth(c) });
    const submit = (c: number) => {
      const k = nextContestant[c]++;
      if (k >= s.entrantIds.length) return null;
      return {
        method: 'PUT',
        path: `/api/judging/panels/${s.panelId}/sheets/${s.entrantIds[k]}`,
        headers: auth(c),
        body: JSON.stringify({ clientId: randomUUID(), scores: scores(k), submit: true }),
      };
    };
    // Warm-up of both endpoints (not counted), so that neither is measured while being compiled.
    await measure(clients, 0.5, ping, agent, port);
    const warmSubmissions = (await measure(clients, 0.5, submit, agent, port)).done;
    // Interleaved slices (baseline, submissions, baseline, …) so that a change of machine load
    // during the run weighs on both figures alike.
    const slices = Math.max(1, Math.round(seconds));
    const baseline: Measure = { done: 0, serverCpu: 0, errors: 0, seconds: 0, latencies: [] };
    const entry: Measure = { done: 0, serverCpu: 0, errors: 0, seconds: 0, latencies: [] };
    const serverCpu = () =>
      new Promise<number>((resolve) => {
        child.once('message', (m) => resolve((m as { cpuMicros: number }).cpuMicros));
        child.send('cpu');
      });
    // One slice, with the server's CPU time spent in it.
    const slice = async (next: Parameters<typeof measure>[2]): Promise<Measure> => {
      const before = await serverCpu();
      const m = await measure(clients, seconds / slices, next, agent, port);
      m.serverCpu = (await serverCpu()) - before;
      return m;
    };
    const add = (into: Measure, m: Measure) => {
      into.done += m.done;
      into.serverCpu += m.serverCpu;
      into.errors += m.errors;
      into.seconds += m.seconds;
      into.latencies.push(...m.latencies);
      into.firstError ??= m.firstError;
    };
    for (let i = 0; i < slices; i++) {
      add(baseline, await slice(ping));
      add(entry, await slice(submit));
    }
    baseline.latencies.sort((a, b) => a - b);
    entry.latencies.sort((a, b) => a - b);
    agent.destroy();
    const y = report('baseline', baseline);
    const x = report('score-entry', entry);
    child.send('count');
    const stored = await new Promise<{ sheets: number; versions: number; audit: number; chain: boolean }>((resolve) => child.once('message', (m) => resolve(m as never)));
    process.stdout.write(
      `stored: ${stored.sheets} submitted sheets, ${stored.versions} versions, ${stored.audit} audit entries for ${entry.done + warmSubmissions} accepted submissions ` +
        `(${warmSubmissions} in the warm-up); audit chain ${stored.chain ? 'intact' : 'BROKEN'}\n`,
    );
    if (nextContestant.every((n) => n > s.entrantIds.length)) {
      process.stdout.write(`note: every judge ran out of contestants before ${seconds} s (raise --contestants)\n`);
    }
    process.stdout.write(`score-entry: ${x.toFixed(0)} req/s; baseline ${y.toFixed(0)} req/s; ratio ${(x / y).toFixed(2)}\n`);
  } finally {
    if (child.connected) child.send('stop');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  }
}

if (require.main === module && process.argv[2] === '--serve') {
  serve(Number(process.argv[3]), Number(process.argv[4])).catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
