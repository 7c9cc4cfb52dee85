import JSZip from 'jszip';
import { columnLetter, headerKey, normaliseText, toSheetCell } from './upload-sheet';
import { fileKind, streamOrderedZip, zipEntries } from './xlsx-guard';

describe('upload cells and headers', () => {
  it.each([
    ['身份证号码', '身份证号码'],
    ['姓 名', '姓名'],
    ['姓\u3000名', '姓名'],
    ['身份证号（18位）', '身份证号'],
    ['*学科', '学科'],
    ['学科：', '学科'],
    ['\u200b任教学科', '任教学科'],
  ])('header %j reads as %j', (raw, key) => expect(headerKey(raw)).toBe(key));

  it('normalises ID numbers (NFKC, no spaces), keeps names as typed but without zero-width characters', () => {
    expect(normaliseText('３２０１０２ １９９０', { nfkc: true, removeSpaces: true })).toEqual({ text: '3201021990', fixes: ['full-width', 'spaces'] });
    expect(normaliseText('张老师（改）\u200b', {})).toEqual({ text: '张老师（改）', fixes: ['zero-width'] });
    expect(normaliseText('　语文　', { nfkc: true })).toEqual({ text: '语文', fixes: [] });
    expect(toSheetCell(new Date(0))).toEqual({ kind: 'date' });
    expect(toSheetCell({ formula: 'A1' } as never)).toEqual({ kind: 'formula' });
    expect(toSheetCell({ formula: 'A1', result: 'x' } as never)).toEqual({ kind: 'text', text: 'x' });
    expect(toSheetCell(320102199001010000)).toEqual({ kind: 'number', text: '320102199001010000' });
    expect(toSheetCell({ richText: [{ text: '侯' }, { text: '燕思' }] } as never, 'name')).toEqual({ kind: 'text', text: '侯燕思' });
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });

  it('reorders a zip for streaming without unpacking it; tells files by their bytes', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/worksheets/sheet1.xml', '<worksheet/>');
    zip.file('xl/sharedStrings.xml', '<sst/>');
    zip.file('xl/workbook.xml', '<workbook/>');
    const buf = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', streamFiles: true }); // with data descriptors
    const ordered = streamOrderedZip(buf)!;
    expect(zipEntries(ordered)!.map((e) => e.name)).toEqual(['[Content_Types].xml', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml']);
    const back = await JSZip.loadAsync(ordered);
    expect(await back.file('xl/worksheets/sheet1.xml')!.async('string')).toBe('<worksheet/>');
    expect(fileKind(buf)).toBe('xlsx');
    expect(fileKind(Buffer.alloc(0))).toBe('empty');
    expect(fileKind(Buffer.from('a,b\n'))).toBe('other');
  });
});
