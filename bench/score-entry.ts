/**
 * `npm run bench -- score-entry [--seconds 10] [--clients 32] [--contestants 2000] [--instances 1] [--port 0]`
 *
 * Boots the real application on a fresh SQLite file (or a fresh schema of the PostgreSQL database
 * of DATABASE_URL, dropped afterwards),
 * seeds one preliminary panel with `clients` judges and `contestants` contestants, logs the judges
 * in, then measures with `clients` concurrent keep-alive clients, in the same run:
 *   baseline — GET /api/judging/ping (authenticated no-op: JWT check + account lookup);
 *   score-entry — PUT /api/judging/panels/:id/sheets/:entrantId with submit: true, every request
 *   a NEW sheet (a distinct judge × contestant): authenticated, validated, stored (sheet + version),
 *   audited (hash-chained entry).
 * Prints req/s, p50/p99 latency and the server processes' CPU time per request of both; the last line is
 *   score-entry: <x> req/s; baseline <y> req/s; ratio <r>
 * `--instances N` (PostgreSQL only): N app processes on the one schema (the first seeds it), the
 * clients alternating between them (client c talks to instance c mod N); the figures of each
 * instance are printed, then the totals. `--port P`: the instances listen on P, P+1, … (default:
 * ports chosen by the system).
 */
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
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
import { configureApp, createHttpAdapter } from '../src/app.setup';
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
import { ScoresService } from '../src/judging/scores.service';
import { DistrictsService } from '../src/registry/districts.service';
import { SchoolsService } from '../src/registry/schools.service';
import { Teacher } from '../src/registry/teacher.entity';

const ACTOR = 'system:bench';
const SYSTEM: AuthUser = { id: 0, username: ACTOR, role: 'city_admin', displayName: 'bench', districtId: null, schoolId: null };

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

export interface Measure {
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

export function send(agent: Agent, port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
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
function emptyMeasure(): Measure {
  return { done: 0, serverCpu: 0, errors: 0, seconds: 0, latencies: [] };
}

export async function measure(
  clients: number,
  seconds: number,
  next: (client: number) => { method: string; path: string; headers: Record<string, string>; body?: string } | null,
  agent: Agent,
  ports: number[],
  perInstance?: Measure[],
): Promise<Measure> {
  const m = emptyMeasure();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (;;) {
        if (process.hrtime.bigint() >= deadline) return;
        const r = next(c);
        if (!r) return;
        const t0 = process.hrtime.bigint();
        const res = await send(agent, ports[c % ports.length], r.method, r.path, r.headers, r.body);
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        for (const into of [m, perInstance?.[c % ports.length]]) {
          if (!into) continue;
          into.latencies.push(ms);
          if (res.status === 200) into.done++;
          else {
            into.errors++;
            into.firstError ??= `${res.status} ${res.text.slice(0, 200)}`;
          }
        }
      }
    }),
  );
  m.seconds = Number(process.hrtime.bigint() - start) / 1e9;
  for (const p of perInstance ?? []) p.seconds += m.seconds;
  return m;
}

export function report(name: string, m: Measure): number {
  m.latencies.sort((a, b) => a - b);
  const rps = m.done / m.seconds;
  process.stdout.write(
    `${name.padEnd(12)} ${m.done} ok, ${m.errors} errors in ${m.seconds.toFixed(2)} s: ${rps.toFixed(0)} req/s; ` +
      `p50 ${percentile(m.latencies, 50).toFixed(2)} ms, p99 ${percentile(m.latencies, 99).toFixed(2)} ms` +
      (m.serverCpu ? `; server CPU ${(m.serverCpu / Math.max(1, m.done + m.errors)).toFixed(0)} µs/request` : '') + '\n',
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
  schema: string | null;
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

/**
 * A server process: boots the real app, seeds the panel (or, `join`: starts on the schema another
 * instance seeded), reports, and waits for 'stop'.
 */
async function serve(clients: number, contestants: number, port: number, join_?: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-score-'));
  const schema = join_ ?? (process.env.DATABASE_URL ? `bench_${randomBytes(6).toString('hex')}` : null);
  const env: Record<string, string> = {
    JWT_SECRET: 'bench-secret-0123456789-abcdefghijklmnopq',
    DEMO_SEED: 'false',
    LOG_LEVEL: 'silent',
    ARGON2_MEMORY_KIB: '1024', // seeding only: the judges' logins are not measured
    LOGIN_RATE_LIMIT: '100000',
    ...(schema ? { DATABASE_URL: process.env.DATABASE_URL!, DATABASE_SCHEMA: schema } : { SQLITE_PATH: join(dir, 'bench.sqlite') }),
  };
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(loadEnvironment(env)), createHttpAdapter(), { logger: false });
  await configureApp(app);
  await app.listen(port, '127.0.0.1');
  const listening = (app.getHttpServer().address() as AddressInfo).port;
  const ds = app.get(DataSource);
  if (join_) process.send!({ port: listening });
  else {
    const { panelId, entrantIds, usernames } = await seedPanel(app, clients, contestants);
    const seeded: Seeded = { port: listening, panelId, entrantIds, usernames, database: schema ? `PostgreSQL (schema ${schema})` : 'SQLite', schema };
    process.send!(seeded);
  }
  process.on('message', async (m) => {
    if (m === 'cpu') {
      const u = process.cpuUsage();
      process.send!({ cpuMicros: u.user + u.system });
      return;
    }
    if (m === 'count') {
      const q = async (sql: string) => Number((await ds.query(sql))[0].n);
      process.send!({
        sheets: await q(`SELECT COUNT(*) AS n FROM score_sheets WHERE state = 'submitted'`),
        versions: await q(`SELECT COUNT(*) AS n FROM score_sheet_versions`),
        audit: await q(`SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'score.submit'`),
        chain: (await app.get(AuditService).verify()).intact,
        sequencer: app.get(AuditService).sequencer,
        batches: app.get(ScoresService).entryBatches(),
      });
      return;
    }
    if (m !== 'stop') return;
    await app.close();
    rmSync(dir, { recursive: true, force: true });
    if (schema && !join_) {
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
  const instances = arg(args, 'instances', 1);
  const basePort = arg(args, 'port', 0);
  if (!Number.isInteger(instances) || instances < 1 || instances > 8) throw new Error('--instances must be 1 to 8');
  if (instances > 1 && !process.env.DATABASE_URL) throw new Error('--instances needs PostgreSQL (DATABASE_URL): SQLite is one process\'s file');
  // The same file, compiled (npm run bench builds dist-bench/): ts-node would load node's repl and
  // with it the domain module, whose promise hooks slow every request of the server measured.
  const start = (extra: string[]) =>
    fork(__filename, ['--serve', String(clients), String(contestants), ...extra], {
      execArgv: [
        // As `npm start` runs the service (package.json): a larger young generation, fewer scavenges.
        '--max-semi-space-size=64',
        ...(__filename.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : []),
        ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  const first = <T>(c: ChildProcess) =>
    new Promise<T>((resolve, reject) => {
      c.once('message', (m) => resolve(m as T));
      c.once('exit', (code) => reject(new Error(`a server process ended (${code})`)));
    });
  const children: ChildProcess[] = [start([String(basePort)])];
  try {
    process.stdout.write(`seeding: 1 panel, ${clients} judges, ${contestants} contestants\n`);
    const s = await first<Seeded>(children[0]);
    const ports = [s.port];
    for (let i = 1; i < instances; i++) {
      children.push(start([String(basePort ? basePort + i : 0), s.schema!]));
      ports.push((await first<{ port: number }>(children[i])).port);
    }
    process.stdout.write(`server${instances > 1 ? 's' : ''} on ${s.database}, port${instances > 1 ? 's' : ''} ${ports.join(', ')}\n`);
    const tokens: string[] = [];
    const login = new Agent();
    for (const username of s.usernames) {
      const res = await send(login, ports[0], 'POST', '/api/auth/login', {}, JSON.stringify({ username, password: PASSWORD }));
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
    await measure(clients, 0.5, ping, agent, ports);
    const warmSubmissions = (await measure(clients, 0.5, submit, agent, ports)).done;
    // Interleaved slices (baseline, submissions, baseline, …) so that a change of machine load
    // during the run weighs on both figures alike.
    const slices = Math.max(1, Math.round(seconds));
    const baseline = emptyMeasure();
    const entry = emptyMeasure();
    const baselineOf = ports.map(emptyMeasure);
    const entryOf = ports.map(emptyMeasure);
    const ask = <T>(c: ChildProcess, message: string) =>
      new Promise<T>((resolve) => {
        c.once('message', (m) => resolve(m as T));
        c.send(message);
      });
    const serverCpu = async () => {
      let total = 0;
      for (const c of children) total += (await ask<{ cpuMicros: number }>(c, 'cpu')).cpuMicros;
      return total;
    };
    // One slice, with the servers' CPU time spent in it.
    const slice = async (next: Parameters<typeof measure>[2], per: Measure[]): Promise<Measure> => {
      const before = await serverCpu();
      const m = await measure(clients, seconds / slices, next, agent, ports, per);
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
      add(baseline, await slice(ping, baselineOf));
      add(entry, await slice(submit, entryOf));
    }
    agent.destroy();
    if (instances > 1) {
      ports.forEach((_, i) => {
        report(`instance ${i + 1}: baseline`, baselineOf[i]);
        report(`instance ${i + 1}: score-entry`, entryOf[i]);
      });
      process.stdout.write(`total of ${instances} instances (server CPU: all processes):\n`);
    }
    const y = report('baseline', baseline);
    const x = report('score-entry', entry);
    type Batch = { batches: number; items: number; retried: number };
    type Counts = { sheets: number; versions: number; audit: number; chain: boolean; sequencer: { passes: number; chained: number; conflicts: number }; batches: { reads: Batch; inserts: Batch } | null };
    const stored = await ask<Counts>(children[0], 'count');
    process.stdout.write(
      `stored: ${stored.sheets} submitted sheets, ${stored.versions} versions, ${stored.audit} audit entries for ${entry.done + warmSubmissions} accepted submissions ` +
        `(${warmSubmissions} in the warm-up); audit chain ${stored.chain ? 'intact' : 'BROKEN'}\n`,
    );
    if (s.schema) {
      // PostgreSQL: what each instance's audit sequencer did over the whole run (seeding included).
      for (const [i, c] of children.entries()) {
        const counts = i === 0 ? stored : await ask<Counts>(c, 'count');
        const q = counts.sequencer;
        const of = children.length > 1 ? ` of instance ${i + 1}` : '';
        const per = (b: Batch) => `${(b.items / Math.max(1, b.batches)).toFixed(1)} a statement, ${b.retried} retried entry by entry`;
        process.stdout.write(
          `sequencer${of}: ${q.passes} passes, ${q.chained} entries chained (${(q.chained / Math.max(1, q.passes)).toFixed(1)} a pass), ${q.conflicts} races lost\n` +
            (counts.batches ? `score entry${of}: READs ${per(counts.batches.reads)}; first sheets ${per(counts.batches.inserts)}\n` : ''),
        );
      }
    }
    if (nextContestant.every((n) => n > s.entrantIds.length)) {
      process.stdout.write(`note: every judge ran out of contestants before ${seconds} s (raise --contestants)\n`);
    }
    process.stdout.write(`score-entry: ${x.toFixed(0)} req/s; baseline ${y.toFixed(0)} req/s; ratio ${(x / y).toFixed(2)}\n`);
  } finally {
    // The joined instances first: the first one drops the schema when it stops.
    for (const c of [...children.slice(1), children[0]]) {
      if (c.connected) c.send('stop');
      await new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('exit', resolve)));
    }
  }
}

if (require.main === module && process.argv[2] === '--serve') {
  serve(Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5] ?? 0), process.argv[6]).catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
