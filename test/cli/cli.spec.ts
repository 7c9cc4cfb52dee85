/**
 * Runs the auditor's command line as a user would (`npm run -s cli -- …`) and
 * checks stdout, stderr and the exit codes of RULES §7.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createHash } from 'crypto';

const ROOT = join(__dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'cli-'));

function cli(...args: string[]) {
  const r = spawnSync('npm', ['run', '-s', 'cli', '--', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'silent' } });
  return { code: r.status, out: r.stdout, err: r.stderr.split('\n').filter((l) => l && !l.includes('npm warn')).join('\n') };
}

function file(name: string, content: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

jest.setTimeout(60_000);

describe('check-id', () => {
  it('accepts a valid number, normalising a lowercase x, and derives birth date and gender', () => {
    const r = cli('check-id', '11010519491231002x');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ valid: true, id: '11010519491231002X', birthDate: '1949-12-31', gender: 'female' });
  });

  it('answers "no" with the rule that was broken (exit 1)', () => {
    const r = cli('check-id', '110105199002300011');
    expect(r.code).toBe(1);
    const body = JSON.parse(r.out);
    expect(body.valid).toBe(false);
    expect(body.reason).toMatch(/day/i);
  });

  it('refuses a 15-digit number and suggests its 18-digit form', () => {
    const r = cli('check-id', '110105491231002');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ valid: false, suggestion: '11010519491231002X' });
  });

  it('exits 2 without a number', () => {
    expect(cli('check-id').code).toBe(2);
  });
});

describe('allocate', () => {
  it('reproduces the worked example of RULES §4 in input order', () => {
    const r = cli('allocate', join(ROOT, 'docs/examples/allocate.json'));
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    expect(body.total).toBe(30);
    expect(body.units.map((u: { code: string }) => u.code)).toEqual(['S01', 'S02', 'S03', 'S04', 'S05']);
    expect(body.units.map((u: { places: number }) => u.places)).toEqual([7, 5, 4, 2, 12]);
    expect(body.units.map((u: { recommended: number; drawn: number }) => `${u.recommended}/${u.drawn}`)).toEqual(['4/3', '3/2', '2/2', '1/1', '7/5']);
    for (const u of body.units) expect(u).toEqual(expect.objectContaining({ share: expect.any(String), floor: expect.any(Number), remainder: expect.any(String), tieOrder: expect.any(Number) }));
  });

  it('names the bad field and exits 2', () => {
    const r = cli('allocate', file('bad-alloc.json', { rate: 30, recommendedShare: 60, units: [{ code: 'S01', entrants: 23 }, { code: 'S02' }] }));
    expect(r.code).toBe(2);
    expect(JSON.parse(r.err)).toMatchObject({ error: 'bad-input', field: 'units[1].entrants' });
  });

  it('exits 2 on a file that is not JSON', () => {
    const r = cli('allocate', file('not-json.json', '{ rate: 30'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not valid JSON/);
  });
});

describe('aggregate', () => {
  it('gives 80.98 for the six judges of RULES §3 and flags the far judge', () => {
    const r = cli('aggregate', join(ROOT, 'docs/examples/aggregate.json'));
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    expect(body.total).toBe('80.98');
    expect(body.method).toBe('trimmed-mean');
    expect(body.items).toHaveLength(4);
    expect(body.flags.map((f: { judge: string }) => f.judge)).toEqual(['J3']);
  });

  it('accepts another aggregation method', () => {
    const input = JSON.parse(readFileSync(join(ROOT, 'docs/examples/aggregate.json'), 'utf8'));
    const r = cli('aggregate', file('median.json', { ...input, method: 'median' }));
    expect(r.code).toBe(0);
    // totals 79.0, 80.0, 80.0, 80.0, 83.9, 95.0: median = 80.00
    expect(JSON.parse(r.out)).toMatchObject({ total: '80.00', method: 'median' });
  });

  it('refuses a score with two decimals, naming judge and item', () => {
    const r = cli('aggregate', file('bad-agg.json', { sheet: [{ item: 'a', points: 40 }, { item: 'b', points: 60 }], judges: [{ judge: 'J1', scores: [30.25, 50] }] }));
    expect(r.code).toBe(2);
    expect(JSON.parse(r.err).field).toBe('judges[0].scores.a');
  });

  it('refuses a sheet that does not total 100', () => {
    const r = cli('aggregate', file('bad-sheet.json', { sheet: [{ item: 'a', points: 40 }, { item: 'b', points: 50 }], judges: [{ judge: 'J1', scores: [30, 50] }] }));
    expect(r.code).toBe(2);
    expect(JSON.parse(r.err).message).toMatch(/100/);
  });

  it('names a missing field', () => {
    const r = cli('aggregate', file('no-judges.json', { sheet: [{ item: 'a', points: 100 }] }));
    expect(r.code).toBe(2);
    expect(JSON.parse(r.err).field).toBe('judges');
  });
});

describe('draw and verify-draw', () => {
  const input = join(ROOT, 'docs/examples/draw.json');

  it('draws a record whose seeds follow the protocol, and verifies it as MATCH', () => {
    const r = cli('draw', input);
    expect(r.code).toBe(0);
    const record = JSON.parse(r.out);
    // Recompute the pool hash and master seed independently of the domain code.
    expect(record.poolHash).toBe(createHash('sha256').update(record.pool, 'utf8').digest('hex'));
    const entropy = '2026-12-05 福彩3D 第2026329期 738/witnesses: 41 07 93/';
    expect(record.entropyString).toBe(entropy);
    expect(record.master).toBe(createHash('sha256').update(`contest-draw/1|C2026|semifinal|${record.poolHash}|${entropy}`, 'utf8').digest('hex'));
    expect(record.units[0].seed).toBe(createHash('sha256').update(`${record.master}|S01`).digest('hex'));
    expect(record.units[0].drawn).toHaveLength(3);
    expect(record.units[1].drawn).toHaveLength(2);
    expect([...record.units[0].drawn, ...record.units[0].reserve].sort()).toEqual(['E0103', 'E0107', 'E0111', 'E0115', 'E0119', 'E0120', 'E0122']);

    const ok = cli('verify-draw', file('record.json', r.out));
    expect(ok.code).toBe(0);
    expect(ok.out.trim()).toBe('MATCH');

    // The same input drawn twice gives the same record byte for byte.
    expect(cli('draw', input).out).toBe(r.out);
  });

  it('names the first difference in a tampered record (exit 1)', () => {
    const record = JSON.parse(cli('draw', input).out);
    const [first, second] = record.units[0].drawn;
    record.units[0].drawn[0] = second;
    record.units[0].drawn[1] = first;
    const r = cli('verify-draw', file('tampered.json', record));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/units\[0\]\.drawn\[0\]/);
  });

  it('exits 2 when a unit has no pool', () => {
    const r = cli('draw', file('bad-draw.json', { contestCode: 'C', roundCode: 'R', entropy: ['x'], units: [{ code: 'S01', drawn: 1 }] }));
    expect(r.code).toBe(2);
    expect(JSON.parse(r.err).field).toBe('units[0].pool');
  });
});

it('prints the usage and exits 2 for an unknown command', () => {
  const r = cli('frobnicate');
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/usage/);
});

describe('window', () => {
  it('prints the window of RULES §6 around the 2025 National Day', () => {
    const r = cli('window', '2025-09-26');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      opens: '2025-09-26',
      closes: '2025-10-10T24:00',
      workingDays: ['2025-09-28', '2025-09-29', '2025-09-30', '2025-10-09', '2025-10-10'],
      calendarCovers: true,
    });
  });

  it('takes --days, --holidays and --workdays', () => {
    const r = cli('window', '2025-11-21', '--days', '2', '--holidays', '2025-11-24', '--workdays', '2025-11-22');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ closes: '2025-11-25T24:00', workingDays: ['2025-11-22', '2025-11-25'] });
  });

  it('says when the calendar does not cover the year', () => {
    const r = cli('window', '2030-02-01', '--days', '1');
    expect(JSON.parse(r.out)).toEqual({ opens: '2030-02-01', closes: '2030-02-04T24:00', workingDays: ['2030-02-04'], calendarCovers: false, note: '节假日安排未发布，按周一至周五计算' });
  });

  it('exits 2 on a bad date, a bad N or an unknown option, naming it', () => {
    for (const args of [['2025-02-29'], ['2025-11-21', '--days', '0'], ['2025-11-21', '--holidays', 'x'], ['2025-11-21', '--what'], []]) {
      const r = cli('window', ...args);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.err).field).toBeDefined();
    }
  });
});
