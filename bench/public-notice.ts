/**
 * `npm run bench -- public-notice [--seconds 10] [--clients 32] [--rows 600] [--port 3150]`
 *
 * When a list is published, every teacher of the district opens it at once. Boots the real
 * application in its own process (a fresh SQLite file, or a fresh schema of the PostgreSQL
 * database of DATABASE_URL), publishes one notice of `rows` rows, then measures with `clients`
 * concurrent keep-alive clients, in the same run, each client alternating the JSON and the page:
 *   baseline      — the same bytes (the notice's JSON and its page) as static files of public/,
 *                   served by the same server's static middleware;
 *   public-notice — GET /api/public/notices/:id and /api/public/notices/:id/page (full answers,
 *                   no revalidation), then the same with If-None-Match (304s) for information.
 * While the notice is under load, one objection is submitted; its latency must stay under 200 ms.
 * The last line is
 *   public-notice: <x> req/s; baseline <y> req/s; ratio <r>
 */
import 'reflect-metadata';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestFactory } from '@nestjs/core';
import { ChildProcess, fork } from 'child_process';
import { randomBytes } from 'crypto';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'fs';
import { Agent, request } from 'http';
import { tmpdir } from 'os';
import { join } from 'path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { configureApp, createHttpAdapter, PUBLIC_DIR } from '../src/app.setup';
import { NoticesService } from '../src/announcements/notices.service';
import { loadEnvironment } from '../src/config/environment';
import { ContestsService } from '../src/contests/contests.service';
import { Transactions } from '../src/database/transactions';
import { makeIdNumber, maskIdNumber } from '../src/domain/id-number';
import { DistrictsService } from '../src/registry/districts.service';
import { SchoolsService } from '../src/registry/schools.service';

const ACTOR = 'system:bench';

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

function send(agent: Agent, port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; bytes: number; text: string; etag?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, agent, headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const buf = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, bytes: buf.length, text: buf.toString('utf8'), etag: res.headers.etag as string | undefined });
        });
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

interface Measure {
  done: number;
  errors: number;
  bytes: number;
  seconds: number;
  latencies: number[];
  firstError?: string;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** `clients` loops, each alternating the given requests until the time is up. */
async function measure(clients: number, seconds: number, paths: { path: string; headers?: Record<string, string>; expect: number }[], agent: Agent, port: number, during?: () => Promise<void>): Promise<Measure> {
  const m: Measure = { done: 0, errors: 0, bytes: 0, seconds: 0, latencies: [] };
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  const side = during ? new Promise<void>((resolve, reject) => setTimeout(() => during().then(resolve, reject), (seconds * 1000) / 2)) : Promise.resolve();
  await Promise.all([
    side,
    ...Array.from({ length: clients }, async (_, c) => {
      for (let k = c; ; k++) {
        if (process.hrtime.bigint() >= deadline) return;
        const r = paths[k % paths.length];
        const t0 = process.hrtime.bigint();
        const res = await send(agent, port, 'GET', r.path, r.headers ?? {});
        m.latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (res.status === r.expect) {
          m.done++;
          m.bytes += res.bytes;
        } else {
          m.errors++;
          m.firstError ??= `${res.status} ${res.text.slice(0, 200)}`;
        }
      }
    }),
  ]);
  m.seconds = Number(process.hrtime.bigint() - start) / 1e9;
  m.latencies.sort((a, b) => a - b);
  return m;
}

function report(name: string, m: Measure): number {
  const rps = m.done / m.seconds;
  process.stdout.write(
    `${name.padEnd(14)} ${m.done} ok, ${m.errors} errors in ${m.seconds.toFixed(2)} s: ${rps.toFixed(0)} req/s, ${(m.bytes / m.seconds / 1e6).toFixed(1)} MB/s; ` +
      `p50 ${percentile(m.latencies, 50).toFixed(2)} ms, p99 ${percentile(m.latencies, 99).toFixed(2)} ms\n`,
  );
  if (m.firstError) process.stdout.write(`  first error: ${m.firstError}\n`);
  return rps;
}

interface Seeded {
  port: number;
  noticeId: number;
  firstRowId: number;
  database: string;
}

/** The server process: boots the real app, publishes the notice, writes the static copies on request, waits for 'stop'. */
async function serve(rows: number, port: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-notice-'));
  const schema = process.env.DATABASE_URL ? `bench_${randomBytes(6).toString('hex')}` : null;
  const env: Record<string, string> = {
    JWT_SECRET: 'bench-secret-0123456789-abcdefghijklmnopq',
    DEMO_SEED: 'false',
    LOG_LEVEL: 'silent',
    ARGON2_MEMORY_KIB: '1024',
    ...(schema ? { DATABASE_URL: process.env.DATABASE_URL!, DATABASE_SCHEMA: schema } : { SQLITE_PATH: join(dir, 'bench.sqlite') }),
  };
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(loadEnvironment(env)), createHttpAdapter(), { logger: false });
  await configureApp(app);
  await app.listen(port, '127.0.0.1');
  const year = new Date().getUTCFullYear();
  const contest = await app.get(ContestsService).create(ACTOR, { code: `B${year}`, name: `${year}年全员培训·教学技能比赛`, year });
  const district = await app.get(DistrictsService).create(ACTOR, { code: 'BD', name: '基准区' });
  const school = await app.get(SchoolsService).create(ACTOR, { code: 'BS', name: '基准区中心小学', stage: 'primary', isCentral: true, inDistrictSeat: false, districtId: district.id });
  const subjects = ['语文', '数学', '英语', '科学'];
  const groups = ['小学青年组', '中老年组'];
  const notice = await app.get(Transactions).run((em) =>
    app.get(NoticesService).publish(em, ACTOR, {
      contestId: contest.id,
      kind: 'preliminary',
      scopeKey: `school:${school.id}`,
      issuer: { level: 'school', id: school.id, name: school.name, districtId: district.id },
      title: `${contest.name} ${school.name}初赛参赛名单公示`,
      rows: Array.from({ length: rows }, (_, i) => ({
        teacherName: `教师${String(i + 1).padStart(3, '0')}`,
        schoolName: school.name,
        schoolId: school.id,
        subject: subjects[i % subjects.length],
        group: groups[i % groups.length],
        maskedId: maskIdNumber(makeIdNumber('321302', `19${70 + (i % 25)}0${1 + (i % 9)}1${i % 9}`, String(100 + (i % 800)).padStart(3, '0'))),
        note: '',
        ref: String(i + 1),
      })),
    }),
  );
  const [row] = await app.get(NoticesService).rowsOf(app.get(DataSource).manager, notice.id);
  const written: string[] = [];
  process.send!({ port, noticeId: notice.id, firstRowId: row.id, database: schema ? `PostgreSQL (schema ${schema})` : 'SQLite' } satisfies Seeded);
  process.on('message', async (m: { write?: { name: string; text: string } } | string) => {
    if (typeof m === 'object' && m.write) {
      const path = join(PUBLIC_DIR, m.write.name);
      writeFileSync(path, m.write.text);
      written.push(path);
      process.send!({ written: m.write.name });
      return;
    }
    if (m !== 'stop') return;
    for (const p of written) unlinkSync(p);
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

export async function run(args: string[]): Promise<void> {
  const seconds = arg(args, 'seconds', 10);
  const clients = arg(args, 'clients', 32);
  const rows = arg(args, 'rows', 600);
  const port = arg(args, 'port', 3150);
  const child: ChildProcess = fork(__filename, ['--serve', String(rows), String(port)], {
    execArgv: [
      ...(__filename.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : []),
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <T>(msg: unknown): Promise<T> =>
    new Promise<T>((resolve) => {
      child.once('message', (m) => resolve(m as T));
      child.send(msg as never);
    });
  try {
    process.stdout.write(`seeding: one notice of ${rows} rows\n`);
    const s = await new Promise<Seeded>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Seeded));
      child.once('exit', (code) => reject(new Error(`the server process ended (${code})`)));
    });
    const agent = new Agent({ keepAlive: true, maxSockets: clients });
    const json = await send(agent, s.port, 'GET', `/api/public/notices/${s.noticeId}`, {});
    const page = await send(agent, s.port, 'GET', `/api/public/notices/${s.noticeId}/page`, {});
    if (json.status !== 200 || page.status !== 200) throw new Error(`notice: ${json.status} / ${page.status}`);
    const tag = `${process.pid}-${s.noticeId}`;
    await ask({ write: { name: `bench-notice-${tag}.json`, text: json.text } });
    await ask({ write: { name: `bench-notice-${tag}.html`, text: page.text } });
    process.stdout.write(`server on ${s.database}, port ${s.port}; notice ${s.noticeId}: JSON ${json.bytes} bytes, page ${page.bytes} bytes; ${clients} keep-alive clients, ${seconds} s each\n`);

    const dynamic = [
      { path: `/api/public/notices/${s.noticeId}`, expect: 200 },
      { path: `/api/public/notices/${s.noticeId}/page`, expect: 200 },
    ];
    const statics = [
      { path: `/bench-notice-${tag}.json`, expect: 200 },
      { path: `/bench-notice-${tag}.html`, expect: 200 },
    ];
    const revalidate = [
      { path: `/api/public/notices/${s.noticeId}`, headers: { 'if-none-match': json.etag! }, expect: 304 },
      { path: `/api/public/notices/${s.noticeId}/page`, headers: { 'if-none-match': page.etag! }, expect: 304 },
    ];
    // Warm-up of both paths.
    await measure(clients, 1, statics, agent, s.port);
    await measure(clients, 1, dynamic, agent, s.port);

    let objectionMs = NaN;
    let objectionStatus = 0;
    const objection = async () => {
      const t0 = process.hrtime.bigint();
      const r = await send(new Agent({ keepAlive: false }), s.port, 'POST', `/api/public/notices/${s.noticeId}/objections`, {}, JSON.stringify({ name: '基准测试', contact: '13800000000', rowId: s.firstRowId, grounds: '基准测试期间提交的异议。' }));
      objectionMs = Number(process.hrtime.bigint() - t0) / 1e6;
      objectionStatus = r.status;
    };
    // Baseline and notice in halves, interleaved, so that a noisy moment hits both.
    const half = seconds / 2;
    const b1 = await measure(clients, half, statics, agent, s.port);
    const n1 = await measure(clients, half, dynamic, agent, s.port, objection);
    const b2 = await measure(clients, half, statics, agent, s.port);
    const n2 = await measure(clients, half, dynamic, agent, s.port);
    const merge = (a: Measure, b: Measure): Measure => ({
      done: a.done + b.done,
      errors: a.errors + b.errors,
      bytes: a.bytes + b.bytes,
      seconds: a.seconds + b.seconds,
      latencies: [...a.latencies, ...b.latencies].sort((x, y) => x - y),
      firstError: a.firstError ?? b.firstError,
    });
    const r304 = await measure(clients, half, revalidate, agent, s.port);
    const y = report('baseline', merge(b1, b2));
    report('revalidation', r304);
    const x = report('public-notice', merge(n1, n2));
    process.stdout.write(`objection during the load: HTTP ${objectionStatus} in ${objectionMs.toFixed(1)} ms (limit 200 ms): ${objectionStatus === 200 && objectionMs < 200 ? 'OK' : 'TOO SLOW OR FAILED'}\n`);
    process.stdout.write(`public-notice: ${x.toFixed(0)} req/s; baseline ${y.toFixed(0)} req/s; ratio ${(x / y).toFixed(2)}\n`);
    agent.destroy();
  } finally {
    if (child.connected) child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

if (require.main === module && process.argv[2] === '--serve') {
  serve(Number(process.argv[3]), Number(process.argv[4])).catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
