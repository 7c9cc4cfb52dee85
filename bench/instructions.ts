/**
 * `npm run bench -- instructions [--requests 300] [--port 0]`
 *
 * Machine instructions per request, counted by valgrind's callgrind (repeatable on a loaded
 * machine, unlike req/s): the score-entry server (SQLite, 4 judges) runs under
 * `valgrind --tool=callgrind`; after a warm-up, for each of the public no-op, the authenticated
 * no-op and a submission, the counters are zeroed, `requests` requests are sent (4 clients) and
 * the counters dumped. Needs valgrind (`callgrind_control` on the PATH). Last line:
 *   instructions: public <a>k, auth <b>k, submission <c>k per request
 */
import { execFileSync, fork } from 'child_process';
import { randomUUID } from 'crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { Agent } from 'http';
import { tmpdir } from 'os';
import { join } from 'path';
import { PASSWORD, send } from './score-entry';

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

export async function run(args: string[]): Promise<void> {
  const requests = arg(args, 'requests', 300);
  const port = arg(args, 'port', 0);
  const clients = 4;
  const out = mkdtempSync(join(tmpdir(), 'bench-callgrind-'));
  const child = fork(join(__dirname, 'score-entry.js'), ['--serve', String(clients), String(requests + 300), String(port)], {
    execPath: 'valgrind',
    execArgv: ['--tool=callgrind', '--smc-check=all-non-file', '--instr-atstart=no', `--callgrind-out-file=${join(out, 'cg.%p')}`, '-q', process.execPath],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const s = await new Promise<{ port: number; panelId: number; entrantIds: number[]; usernames: string[] }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as never));
      child.once('exit', (code) => reject(new Error(`the server ended (${code})`)));
    });
    const agent = new Agent({ keepAlive: true, maxSockets: clients });
    const tokens: string[] = [];
    for (const username of s.usernames) {
      const res = await send(agent, s.port, 'POST', '/api/auth/login', {}, JSON.stringify({ username, password: PASSWORD }));
      tokens.push((JSON.parse(res.text) as { accessToken: string }).accessToken);
    }
        const perClient = new Array<number>(clients).fill(0);
    const kinds: { name: string; next: (c: number) => { method: string; path: string; headers: Record<string, string>; body?: string } }[] = [
      { name: 'public', next: () => ({ method: 'GET', path: '/api/public/ping', headers: {} }) },
      { name: 'auth', next: (c) => ({ method: 'GET', path: '/api/judging/ping', headers: { authorization: `Bearer ${tokens[c]}` } }) },
      {
        name: 'submission',
        next: (c) => {
          // Each judge takes the contestants in turn: every request a new sheet.
          const k = perClient[c]++;
          return {
            method: 'PUT',
            path: `/api/judging/panels/${s.panelId}/sheets/${s.entrantIds[k]}`,
            headers: { authorization: `Bearer ${tokens[c]}` },
            body: JSON.stringify({ clientId: randomUUID(), scores: [String(5 + (k % 5)), '8.5', String(20 + (k % 10)), `${30 + (k % 20)}.5`], submit: true }),
          };
        },
      },
    ];
    const burst = async (n: number, next: (c: number) => { method: string; path: string; headers: Record<string, string>; body?: string }) => {
      let left = n;
      await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          while (left-- > 0) {
            const r = next(c);
            const res = await send(agent, s.port, r.method, r.path, r.headers, r.body);
            if (res.status !== 200) throw new Error(`${r.method} ${r.path}: ${res.status} ${res.text.slice(0, 200)}`);
          }
        }),
      );
    };
    const control = (flag: string) => execFileSync('callgrind_control', [...flag.split(' '), String(child.pid)], { stdio: 'ignore' });
    control('-i on');
    for (const k of kinds) await burst(Math.min(200, requests), k.next);
    const results: Record<string, number> = {};
    let dumps = 0;
    for (const k of kinds) {
      control('-z');
      await burst(requests, k.next);
      dumps++;
      control('-d');
      // The dumps are cg.<pid>.1, cg.<pid>.2, … (cg.<pid> is the one written at exit).
      const file = readdirSync(out).find((f) => f.endsWith(`.${dumps}`) && f.split('.').length === 3);
      if (!file) throw new Error(`no dump ${dumps} in ${out}`);
      const text = readFileSync(join(out, file), 'utf8');
      const m = /^(?:summary|totals):\s*(\d+)/m.exec(text);
      if (!m) throw new Error(`no instruction count in ${file}`);
      results[k.name] = Number(m![1]) / requests;
      process.stdout.write(`${k.name.padEnd(12)} ${(results[k.name] / 1000).toFixed(0)}k instructions per request (${requests} requests)\n`);
    }
    agent.destroy();
    process.stdout.write(
      `instructions: public ${(results.public / 1000).toFixed(0)}k, auth ${(results.auth / 1000).toFixed(0)}k, submission ${(results.submission / 1000).toFixed(0)}k per request\n`,
    );
  } finally {
    if (child.connected) child.send('stop');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    rmSync(out, { recursive: true, force: true });
  }
}
