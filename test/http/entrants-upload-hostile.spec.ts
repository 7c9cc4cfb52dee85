/**
 * An upload cannot stall the service: hostile workbooks (415,000 empty formatted rows; a
 * shared-strings table that unpacks to about 1 GB, declared honestly or lying in the zip's
 * headers) are refused within 5 s while another client polls /api/health, which keeps answering
 * within 200 ms: one answer in twenty slower at most (a pause of the machine, not of the service: the suites
 * run side by side on two cores) and none slower than a second, where reading a hostile file on
 * the service's own thread would hold every answer for seconds. The files are built in the test,
 * small on disk.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { XLSX_MIME } from '../../src/common/download';
import { UploadParser } from '../../src/entrants/upload-parser';
import { sharedStringsBomb } from '../support/foreign-xlsx';
import { auth, createWorld, expectRefused, HEADER, id, World, xlsx } from './entrants.support';

jest.setTimeout(120_000);

describe('hostile uploads while others use the service', () => {
  let w: World;
  const upload = (buffer: Buffer, filename = 'list.xlsx') =>
    w.t.http().post(`/api/contests/${w.contestId}/entrant-lists/${w.schoolId}/upload`).set(auth(w.schoolToken)).attach('file', buffer, { filename, contentType: XLSX_MIME });

  /** Polls /api/health one request after the other until `stop`; returns each answer's time in ms. */
  async function pollHealth(stop: { done: boolean }): Promise<number[]> {
    const times: number[] = [];
    while (!stop.done) {
      const t0 = performance.now();
      const res = await w.t.http().get('/api/health');
      times.push(performance.now() - t0);
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 10));
    }
    return times;
  }

  /** Uploads the file while health is polled; returns the answer, its time and the time of each health answer. */
  async function underLoad(buffer: Buffer) {
    const stop = { done: false };
    const polling = pollHealth(stop);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    const res = await expectRefused(w.t, () => upload(buffer), 400, expect.any(String) as unknown as string);
    const ms = performance.now() - t0;
    stop.done = true;
    const health = await polling;
    if (process.env.SHOW_TIMES) console.log({ code: res.body.code, ms, slowest: Math.max(...health), answers: health.length });
    return { res, ms, health, healthAnswers: health.length };
  }

  /** The service answered others throughout: one slow answer in twenty at most (and one always allowed), none held for a second. */
  function expectResponsive(health: number[]) {
    expect(health.filter((t) => t >= 200).length).toBeLessThanOrEqual(Math.max(1, Math.floor(health.length / 20)));
    expect(Math.max(...health)).toBeLessThan(1000);
  }

  /**
   * Builds a hostile file with a small script in another process (test/support/foreign-xlsx.ts):
   * building 415,000 rows leaves garbage whose collection would pause this process, the server's.
   */
  function buildElsewhere(call: string): Buffer {
    const out = join(mkdtempSync(join(tmpdir(), 'hostile-')), 'file.xlsx');
    const script = `require('./test/support/foreign-xlsx').${call}.then((b) => require('fs').writeFileSync(${JSON.stringify(out)}, b))`;
    execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: join(__dirname, '../..'), stdio: 'inherit' });
    return readFileSync(out);
  }
  let styledRows: Buffer;

  beforeAll(async () => {
    styledRows = buildElsewhere(`styledEmptyRows(['姓名', '身份证号', '学科'], ['李老师', '${id('19900101', 3)}', '语文'], 415000)`);
    w = await createWorld();
    // A good file first: the reading worker is loaded, as it is in a running service.
    const res = await upload(await xlsx([HEADER, ['李老师', id('19900101', 3), '语文']]));
    expect(res.status).toBe(200);
  });
  afterAll(() => w.t.close());

  it('415,000 empty formatted rows: reading stops at the row limit', async () => {
    const file = styledRows;
    expect(file.length).toBeLessThan(2 * 1024 * 1024);
    const r = await underLoad(file);
    expect(r.res.body.code).toBe('TOO_MANY_ROWS');
    expect(r.res.body.details[0].messageZh).toContain('只设置了格式的空行也算在内');
    expect(r.ms).toBeLessThan(5000);
    expectResponsive(r.health);
    expect(r.healthAnswers).toBeGreaterThan(1);
  });

  it('a shared-strings table that unpacks to 1 GB, declared in the zip: refused before anything is unpacked', async () => {
    const file = sharedStringsBomb('honest');
    expect(file.length).toBeLessThan(2 * 1024 * 1024);
    const r = await underLoad(file);
    expect(r.res.body.code).toBe('FILE_TOO_COMPLEX');
    expect(r.res.body.details[0]).toMatchObject({ rule: 'entry-size', messageZh: expect.stringContaining('xl/sharedStrings.xml”解压后有1002.9 MB') });
    expect(r.ms).toBeLessThan(5000);
    expectResponsive(r.health);
  });

  it('the same table with a small size written in the zip: the worker hits its limit and the file is refused', async () => {
    const file = sharedStringsBomb('lie');
    const r = await underLoad(file);
    expect(r.res.body.code).toBe('FILE_TOO_COMPLEX');
    expect(['time', 'memory']).toContain(r.res.body.details[0].rule);
    expect(r.res.body.details[0].messageZh).toMatch(/时间限制|内存/);
    expect(r.ms).toBeLessThan(5000);
    expectResponsive(r.health);
    expect(r.healthAnswers).toBeGreaterThan(5);
    // The service reads the next file as usual (a new worker replaces the one stopped).
    const next = await upload(await xlsx([HEADER, ['李老师', id('19900101', 3), '语文']]));
    expect(next.status).toBe(200);
  });

  it('an error a worker raises after its job gave up on it (time ran out, then its memory limit) does not end the service', async () => {
    const next = await upload(await xlsx([HEADER, ['王老师', id('19900101', 5), '语文']]));
    expect(next.status).toBe(200);
    const parser = w.t.app.get(UploadParser);
    const workers = [...(parser as unknown as { all: Set<import('worker_threads').Worker> }).all];
    expect(workers.length).toBeGreaterThan(0);
    // No job listens any more: without the worker's own listener this emit throws (an unhandled 'error' event).
    const late = Object.assign(new Error('Worker terminated due to reaching memory limit: JS heap out of memory'), { code: 'ERR_WORKER_OUT_OF_MEMORY' });
    expect(() => workers[0].emit('error', late)).not.toThrow();
    const after = await upload(await xlsx([HEADER, ['赵老师', id('19900101', 7), '语文']]));
    expect(after.status).toBe(200);
  });

  it('zip checks: too many parts, an unusual compression ratio', async () => {
    const parser = w.t.app.get(UploadParser);
    expect(parser.limits.timeMs).toBeLessThanOrEqual(4000);
    const { checkUpload, ZIP_LIMITS } = await import('../../src/entrants/xlsx-guard');
    const JSZip = (await import('jszip')).default;
    const many = new JSZip();
    many.file('[Content_Types].xml', '<Types/>');
    many.file('xl/workbook.xml', '<workbook/>');
    for (let i = 0; i < ZIP_LIMITS.maxEntries; i++) many.file(`xl/media/image${i}.png`, 'x');
    const manyFile = await many.generateAsync({ type: 'nodebuffer' });
    expect(() => checkUpload(manyFile)).toThrow(expect.objectContaining({ code: 'FILE_TOO_COMPLEX', details: [expect.objectContaining({ rule: 'entries' })] }));
    const dense = new JSZip();
    dense.file('[Content_Types].xml', '<Types/>');
    dense.file('xl/workbook.xml', '<workbook/>');
    dense.file('xl/worksheets/sheet1.xml', ' '.repeat(20 * 1024 * 1024));
    const denseFile = await dense.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(() => checkUpload(denseFile)).toThrow(expect.objectContaining({ code: 'FILE_TOO_COMPLEX', details: [expect.objectContaining({ rule: 'ratio' })] }));
    const res = await expectRefused(w.t, () => upload(denseFile), 400, 'FILE_TOO_COMPLEX');
    expect(res.body.details[0].messageZh).toContain('压缩比异常');
  });
});
