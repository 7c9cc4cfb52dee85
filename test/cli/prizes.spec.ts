/** `npm run -s cli -- prizes <file.json>` on the shapes of RULES §7, run as a user would. */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'cli-prizes-'));

function cli(...args: string[]) {
  const r = spawnSync('npm', ['run', '-s', 'cli', '--', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'silent' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function file(name: string, content: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}
const example = () => JSON.parse(readFileSync(join(ROOT, 'docs/examples/prizes.json'), 'utf8'));

jest.setTimeout(60_000);

describe('prizes', () => {
  it('recomputes the example: counts with floor/remainder/tie order, a tie shift, the winners in rank order', () => {
    const r = cli('prizes', join(ROOT, 'docs/examples/prizes.json'));
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    // C = 14: first round(2.1) = 2, second round(2.8) = 3, third round(4.2) = 4.
    expect(body.levels.map((l: { total: number }) => l.total)).toEqual([2, 3, 4]);
    const [math, chinese] = body.groups;
    expect(math.code).toBe('math-junior-youth');
    expect(math.counts).toEqual({ first: 1, second: 2, third: 3 });
    expect(math.levels[0]).toMatchObject({ prize: 'first', share: 15, exactShare: '1.50', floor: 1, remainder: '0.50', tieOrder: 2, extra: 0, count: 1 });
    // E02 and E03 have equal totals; the heaviest item is equal too, so the next-heaviest (15 points,
    // sheet order: 特色项目展示 first) decides: E02 13.00 > E03 12.40.
    expect(math.winners.slice(0, 3)).toEqual([
      { code: 'E01', rank: 1, prize: 'first' },
      { code: 'E02', rank: 2, prize: 'second' },
      { code: 'E03', rank: 3, prize: 'second' },
    ]);
    expect(chinese.levels[0]).toMatchObject({ exactShare: '0.60', remainder: '0.60', tieOrder: 1, extra: 1, count: 1 });
    expect(chinese.tieShifts).toEqual([{ prize: 'second', rank: 2, added: 1, takenFrom: [{ prize: 'third', count: 1 }], overflow: 0 }]);
    expect(chinese.counts).toEqual({ first: 1, second: 2, third: 0 });
    expect(chinese.winners.map((w: { code: string; rank: number; prize: string }) => [w.code, w.rank, w.prize])).toEqual([
      ['E11', 1, 'first'],
      ['E12', 2, 'second'],
      ['E13', 2, 'second'],
    ]);
  });

  it('firstPrizeInEveryGroup adds a forced first prize where the shares give none', () => {
    const input = example();
    input.groups.push({ code: 'art-senior', contestants: [{ code: 'E20', total: '80.00', items: ['12.00', '12.00', '56.00'] }] });
    const off = JSON.parse(cli('prizes', file('off.json', input)).out);
    // C = 15: third round(4.5) = 5, floors 3 + 1 + 0 → the leftover goes to art's 0.30.
    expect(off.groups[2].counts).toEqual({ first: 0, second: 0, third: 1 });
    input.firstPrizeInEveryGroup = true;
    const on = JSON.parse(cli('prizes', file('on.json', input)).out);
    expect(on.groups[2].counts).toEqual({ first: 1, second: 0, third: 0 });
    expect(on.groups[2].levels[0].forced).toBe(1);
    // The forced first prize fills the group of one: its third prize is cut, not moved.
    expect(on.groups[2].cuts).toEqual([{ prize: 'third', count: 1 }]);
  });

  it('exits 2 on bad input, naming the field', () => {
    const input = example();
    input.groups[0].contestants[1].total = '88.405';
    const r = cli('prizes', file('bad.json', input));
    expect(r.code).toBe(2);
    expect(JSON.parse(r.err.trim().split('\n').pop()!)).toMatchObject({ error: 'bad-input', field: 'groups[0].contestants[1].total' });
    const over = example();
    over.shares = [{ prize: 'first', share: 60 }, { prize: 'second', share: 50 }];
    const r2 = cli('prizes', file('over.json', over));
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/110%/);
    expect(cli('prizes').code).toBe(2);
  });
});
