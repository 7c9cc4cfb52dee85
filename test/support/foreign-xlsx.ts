/**
 * Workbooks as other programs write them (never exceljs's writer): the SpreadsheetML parts are
 * written here by hand and zipped, the way openpyxl and generators do it — relationship targets
 * as absolute paths, the shared-strings table after the sheets (or inline strings), merged title
 * cells, date-formatted cells, formulas without a stored result — plus hostile files built small
 * on disk (raw deflate blocks repeated, a zip written byte by byte).
 */
import JSZip from 'jszip';
import { constants, deflateRawSync } from 'zlib';

export type ForeignCell =
  | string
  | number
  | null
  | { date: number } // a serial date (days since 1899-12-30) in a date-formatted cell
  | { formula: string; value?: string | number } // no value: no stored result
  | { error: string };

export interface ForeignSheet {
  name: string;
  rows: ForeignCell[][];
  /** Merged ranges, e.g. 'A1:D1' (only the first cell holds the value, as in Excel). */
  merges?: string[];
  hidden?: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function col(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function contentTypes(sheets: number, sharedStrings: boolean): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    Array.from({ length: sheets }, (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    (sharedStrings ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '') +
    '</Types>'
  );
}

const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '</Relationships>';

function workbookXml(sheets: { name: string; hidden?: boolean }[]): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${NS}" xmlns:r="${REL_NS}"><workbookPr/><sheets>` +
    sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}"${s.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`).join('') +
    '</sheets></workbook>'
  );
}

function workbookRels(sheets: number, sharedStrings: boolean): string {
  // Absolute targets, as openpyxl writes them.
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    Array.from({ length: sheets }, (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="/xl/worksheets/sheet${i + 1}.xml"/>`).join('') +
    `<Relationship Id="rId${sheets + 1}" Type="${REL_NS}/styles" Target="/xl/styles.xml"/>` +
    (sharedStrings ? `<Relationship Id="rId${sheets + 2}" Type="${REL_NS}/sharedStrings" Target="/xl/sharedStrings.xml"/>` : '') +
    '</Relationships>'
  );
}

/** Style 0: general; style 1: a date (numFmt 14); style 2: a fill (a "formatted" empty cell). */
const STYLES =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="${NS}">` +
  '<fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts>' +
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/></patternFill></fill></fills>' +
  '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="0" fillId="2" applyFill="1"/></cellXfs>' +
  '</styleSheet>';

function sheetXml(sheet: ForeignSheet, strings: (s: string) => string): string {
  const rows = sheet.rows
    .map((cells, r) => {
      const n = r + 1;
      const cs = cells
        .map((v, c) => {
          const ref = `${col(c + 1)}${n}`;
          if (v === null || v === undefined) return '';
          if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
          if (typeof v === 'string') return strings(v) ? `<c r="${ref}" t="s"><v>${strings(v)}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
          if ('date' in v) return `<c r="${ref}" s="1"><v>${v.date}</v></c>`;
          if ('error' in v) return `<c r="${ref}" t="e"><v>${esc(v.error)}</v></c>`;
          if (v.value === undefined) return `<c r="${ref}"><f>${esc(v.formula)}</f></c>`;
          return typeof v.value === 'string'
            ? `<c r="${ref}" t="str"><f>${esc(v.formula)}</f><v>${esc(v.value)}</v></c>`
            : `<c r="${ref}"><f>${esc(v.formula)}</f><v>${v.value}</v></c>`;
        })
        .join('');
      return cs ? `<row r="${n}">${cs}</row>` : '';
    })
    .join('');
  const merges = sheet.merges?.length ? `<mergeCells count="${sheet.merges.length}">${sheet.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${NS}" xmlns:r="${REL_NS}"><sheetData>${rows}</sheetData>${merges}</worksheet>`;
}

/**
 * A workbook as openpyxl would write it: shared strings after the sheets (or, with
 * `inlineStrings`, none: every text inline, as some generators do).
 */
export async function foreignXlsx(sheets: ForeignSheet[], opts: { inlineStrings?: boolean } = {}): Promise<Buffer> {
  const table: string[] = [];
  const index = new Map<string, number>();
  const strings = (s: string): string => {
    if (opts.inlineStrings) return '';
    if (!index.has(s)) {
      index.set(s, table.length);
      table.push(s);
    }
    return String(index.get(s));
  };
  const zip = new JSZip();
  zip.file('[Content_Types].xml', contentTypes(sheets.length, !opts.inlineStrings));
  zip.file('_rels/.rels', ROOT_RELS);
  zip.file('xl/workbook.xml', workbookXml(sheets));
  zip.file('xl/_rels/workbook.xml.rels', workbookRels(sheets.length, !opts.inlineStrings));
  zip.file('xl/styles.xml', STYLES);
  sheets.forEach((s, i) => zip.file(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(s, strings)));
  if (!opts.inlineStrings) {
    zip.file(
      'xl/sharedStrings.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="${NS}" count="${table.length}" uniqueCount="${table.length}">` +
        table.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('') +
        '</sst>',
    );
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A header row, a teacher, then `emptyRows` empty rows that only carry a style (a whole range formatted). */
export async function styledEmptyRows(header: string[], teacher: string[], emptyRows: number): Promise<Buffer> {
  const head = (cells: string[], r: number) => `<row r="${r}">${cells.map((v, c) => `<c r="${col(c + 1)}${r}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('')}</row>`;
  const parts: string[] = [head(header, 1), head(teacher, 2)];
  for (let r = 3; r < 3 + emptyRows; r++) parts.push(`<row r="${r}" s="2" customFormat="1"/>`);
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${NS}"><sheetData>${parts.join('')}</sheetData></worksheet>`;
  const zip = new JSZip();
  zip.file('[Content_Types].xml', contentTypes(1, false));
  zip.file('_rels/.rels', ROOT_RELS);
  zip.file('xl/workbook.xml', workbookXml([{ name: '教师名单' }]));
  zip.file('xl/_rels/workbook.xml.rels', workbookRels(1, false));
  zip.file('xl/styles.xml', STYLES);
  zip.file('xl/worksheets/sheet1.xml', sheet);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

interface RawEntry {
  name: string;
  /** Raw deflate data. */
  deflated: Buffer;
  /** The uncompressed size written in the headers (may lie). */
  declaredSize: number;
  crc: number;
}

/** A zip written byte by byte from already-deflated entries (no data descriptors, no ZIP64). */
function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.deflated.length, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, e.deflated);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.deflated.length, 20);
    central.writeUInt32LE(e.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + e.deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function small(name: string, text: string): RawEntry {
  const data = Buffer.from(text, 'utf8');
  return { name, deflated: deflateRawSync(data), declaredSize: data.length, crc: crc32(data) };
}

function crc32(data: Buffer): number {
  // zlib.crc32 exists from Node 20.15 / 22.2; the engines field asks for ≥ 20.19.
  return (require('zlib') as { crc32(d: Buffer): number }).crc32(data);
}

/**
 * A workbook whose shared-strings table unpacks to `megabytes` MB (about 1 GB by default) while the
 * file stays about a megabyte: one deflated megabyte of strings, repeated as independent blocks.
 * `declared`: 'honest' writes the true size in the zip's headers, 'lie' a small one (only the
 * parser's limits can stop it then). The CRC of the big part is not computed (never reached).
 */
export function sharedStringsBomb(declared: 'honest' | 'lie', megabytes = 1000): Buffer {
  const si = `<si><t>${'侯'.repeat(20)}${'A'.repeat(4000)}</t></si>`;
  const chunk = Buffer.from(si.repeat(Math.ceil((1024 * 1024) / Buffer.byteLength(si))), 'utf8');
  const head = Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="${NS}">`, 'utf8');
  const tail = Buffer.from('</sst>', 'utf8');
  const block = (b: Buffer) => deflateRawSync(b, { finishFlush: constants.Z_FULL_FLUSH });
  const repeated = block(chunk);
  const deflated = Buffer.concat([block(head), ...Array.from({ length: megabytes }, () => repeated), deflateRawSync(tail)]);
  const trueSize = head.length + chunk.length * megabytes + tail.length;
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`;
  return rawZip([
    small('[Content_Types].xml', contentTypes(1, true)),
    small('_rels/.rels', ROOT_RELS),
    small('xl/workbook.xml', workbookXml([{ name: 'Sheet1' }])),
    small('xl/_rels/workbook.xml.rels', workbookRels(1, true)),
    small('xl/styles.xml', STYLES),
    { name: 'xl/sharedStrings.xml', deflated, declaredSize: declared === 'honest' ? Math.min(trueSize, 0xfffffffe) : 64 * 1024, crc: 0 },
    small('xl/worksheets/sheet1.xml', sheet),
  ]);
}
