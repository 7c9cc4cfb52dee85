/**
 * `npm run bench -- framework [--seconds 6] [--clients 32] [--port 0]`
 *
 * What the HTTP framework costs per request, in one run, each server in its own process and the
 * `clients` keep-alive clients here:
 *   bare   — a bare `node:http` server answering GET /ping with a small JSON body;
 *   public — the service's unauthenticated no-op, GET /api/public/ping (routing, hooks, security
 *            headers, request log, the answer serialised; no database);
 *   auth   — its authenticated no-op, GET /api/judging/ping (the same + JWT check + account lookup).
 * The three are measured in interleaved slices (bare, public, auth, bare, …) so that a change of
 * machine load weighs on them alike. With --port P the bare server listens on P and the service
 * on P + 1 (0: any free port). Prints req/s, p50/p99 and the servers' CPU time per request; the
 * last line is
 *   framework: public <x> req/s, auth <y> req/s; baseline (bare node:http) <b> req/s; ratio public <x/b>, auth <y/b>
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ChildProcess, fork } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { Agent, createServer } from 'http';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { AppModule } from '../src/app.module';
import { configureApp, createHttpAdapter } from '../src/app.setup';
import { loadEnvironment } from '../src/config/environment';
import { measure, Measure, PASSWORD, report, seedPanel, send } from './score-entry';

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

/** Answers the parent's 'cpu' with this process's CPU time, and ends on 'stop'. */
function answerParent(onStop: () => Promise<void>): void {
  process.on('message', async (m) => {
    if (m === 'cpu') {
      const u = process.cpuUsage();
      process.send!({ cpuMicros: u.user + u.system });
    } else if (m === 'stop') {
      await onStop();
      process.exit(0);
    }
  });
}

/** The bare server: what node:http alone costs for the same small JSON answer. */
function serveBare(port: number): void {
  const server = createServer((req, res) => {
    const body = JSON.stringify({ ok: true });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.keepAliveTimeout = 5000;
  server.listen(port, '127.0.0.1', () => {
    process.send!({ port: (server.address() as AddressInfo).port });
    answerParent(() => new Promise((resolve) => server.close(() => resolve())));
  });
}

/** The service, as it starts (configureApp), on a fresh SQLite file, with `clients` judges. */
async function serveApp(clients: number, port: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-framework-'));
  const env = loadEnvironment({
    JWT_SECRET: 'bench-secret-0123456789-abcdefghijklmnopq',
    DEMO_SEED: 'false',
    LOG_LEVEL: 'silent',
    ARGON2_MEMORY_KIB: '1024',
    LOGIN_RATE_LIMIT: '100000',
    SQLITE_PATH: join(dir, 'bench.sqlite'),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(env), createHttpAdapter(), { logger: false });
  await configureApp(app);
  await app.listen(port, '127.0.0.1');
  const { usernames } = await seedPanel(app, clients, 1);
  process.send!({ port: (app.getHttpServer().address() as AddressInfo).port, usernames });
  answerParent(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

function start(args: string[]): { child: ChildProcess; ready: Promise<{ port: number; usernames?: string[] }> } {
  const child = fork(__filename, args, {
    execArgv: [
      ...(__filename.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : []),
      ...(process.env.BENCH_CPU_PROF && args[0] === '--serve-app' ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<{ port: number; usernames?: string[] }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number; usernames?: string[] }));
    child.once('exit', (code) => reject(new Error(`a server process ended (${code})`)));
  });
  return { child, ready };
}

function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve((m as { cpuMicros: number }).cpuMicros));
    child.send('cpu');
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const ended = new Promise((resolve) => child.once('exit', resolve));
  if (child.connected) child.send('stop');
  await ended;
}

export async function run(args: string[]): Promise<void> {
  const seconds = arg(args, 'seconds', 6);
  const clients = arg(args, 'clients', 32);
  const port = arg(args, 'port', 0);
  const bare = start(['--serve-bare', String(port)]);
  const service = start(['--serve-app', String(clients), String(port ? port + 1 : 0)]);
  try {
    const b = await bare.ready;
    const s = await service.ready;
    process.stdout.write(`bare node:http on port ${b.port}; the service on port ${s.port} (SQLite), ${clients} clients\n`);
    const login = new Agent();
    const tokens: string[] = [];
    for (const username of s.usernames!) {
      const res = await send(login, s.port, 'POST', '/api/auth/login', {}, JSON.stringify({ username, password: PASSWORD }));
      tokens.push((JSON.parse(res.text) as { accessToken: string }).accessToken);
    }
    login.destroy();

    const kinds = [
      { name: 'bare', port: b.port, child: bare.child, next: () => ({ method: 'GET', path: '/ping', headers: {} }) },
      { name: 'public', port: s.port, child: service.child, next: () => ({ method: 'GET', path: '/api/public/ping', headers: {} }) },
      { name: 'auth', port: s.port, child: service.child, next: (c: number) => ({ method: 'GET', path: '/api/judging/ping', headers: { authorization: `Bearer ${tokens[c]}` } }) },
    ];
    const agents = kinds.map(() => new Agent({ keepAlive: true, maxSockets: clients }));
    const totals: Measure[] = kinds.map(() => ({ done: 0, serverCpu: 0, errors: 0, seconds: 0, latencies: [] }));
    // Warm-up (not counted), so that nothing is measured while being compiled.
    for (const [i, k] of kinds.entries()) await measure(clients, 0.5, k.next, agents[i], [k.port]);
    const slices = Math.max(1, Math.round(seconds));
    for (let n = 0; n < slices; n++) {
      for (const [i, k] of kinds.entries()) {
        const before = await cpuOf(k.child);
        const m = await measure(clients, seconds / slices, k.next, agents[i], [k.port]);
        m.serverCpu = (await cpuOf(k.child)) - before;
        const t = totals[i];
        t.done += m.done;
        t.serverCpu += m.serverCpu;
        t.errors += m.errors;
        t.seconds += m.seconds;
        t.latencies.push(...m.latencies);
        t.firstError ??= m.firstError;
      }
    }
    agents.forEach((a) => a.destroy());
    const rps = totals.map((t, i) => {
      t.latencies.sort((x, y) => x - y);
      return report(kinds[i].name, t);
    });
    const [bareRps, publicRps, authRps] = rps;
    process.stdout.write(
      `framework: public ${publicRps.toFixed(0)} req/s, auth ${authRps.toFixed(0)} req/s; baseline (bare node:http) ${bareRps.toFixed(0)} req/s; ` +
        `ratio public ${(publicRps / bareRps).toFixed(2)}, auth ${(authRps / bareRps).toFixed(2)}\n`,
    );
  } finally {
    await Promise.all([stop(bare.child), stop(service.child)]);
  }
}

if (require.main === module && process.argv[2] === '--serve-bare') serveBare(Number(process.argv[3]));
if (require.main === module && process.argv[2] === '--serve-app') {
  serveApp(Number(process.argv[3]), Number(process.argv[4])).catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
