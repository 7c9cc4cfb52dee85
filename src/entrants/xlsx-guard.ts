/**
 * What an uploaded file is, decided by its bytes (never by the browser's MIME type or the file
 * name: WPS on UOS/Kylin sends `application/wps-office.xlsx`, some browsers
 * `application/vnd.ms-excel`), and whether its zip is one a list of teachers can be: checked on
 * the zip's central directory before anything is unpacked.
 *
 * No I/O and no decompression: the central directory only declares sizes. A file that lies about
 * them is stopped later by the parser worker's time and memory limits (upload-parser.ts).
 */
import { AppError, ErrorDetail } from '../common/errors';

export interface ZipLimits {
  /** Entries in the zip (an .xlsx of one list has about ten). */
  maxEntries: number;
  /** Declared uncompressed size of any one entry, in bytes. */
  maxEntryBytes: number;
  /** Declared uncompressed size of all entries together, in bytes. */
  maxTotalBytes: number;
  /** Uncompressed ÷ compressed size of an entry, checked for entries larger than `ratioFromBytes`. */
  maxRatio: number;
  ratioFromBytes: number;
}

const MiB = 1024 * 1024;
export const ZIP_LIMITS: ZipLimits = {
  maxEntries: 300,
  maxEntryBytes: 24 * MiB,
  maxTotalBytes: 48 * MiB,
  maxRatio: 150,
  ratioFromBytes: 1 * MiB,
};

export type FileKind = 'empty' | 'xlsx' | 'xls' | 'zip' | 'other';

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  method: number;
  /** Where the entry's local header starts. */
  localOffset: number;
  crc: number;
  flags: number;
  /** DOS time and date, as stored. */
  time: number;
  date: number;
}

/** An upload refused before parsing: the error code and the Chinese message for the clerk. */
function refuse(code: 'EMPTY_FILE' | 'NOT_XLSX' | 'FILE_TOO_COMPLEX', rule: string, message: string, messageZh: string): AppError {
  const detail: ErrorDetail & { messageZh: string } = { field: 'file', rule, message, messageZh };
  return new AppError(code, message, [detail]);
}

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The central directory's entries, or null when the bytes are not a readable (non-ZIP64) zip. */
export function zipEntries(buf: Buffer): ZipEntryInfo[] | null {
  if (buf.length < 22 || buf.readUInt32LE(0) !== LOCAL) return null;
  // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return null; // ZIP64: never an upload of ours
  if (offset + size > eocd) return null;
  const entries: ZipEntryInfo[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CENTRAL) return null;
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const time = buf.readUInt16LE(p + 12);
    const date = buf.readUInt16LE(p + 14);
    const crc = buf.readUInt32LE(p + 16);
    const localOffset = buf.readUInt32LE(p + 42);
    const compressedSize = buf.readUInt32LE(p + 20);
    const uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    if (p + 46 + nameLength > eocd) return null;
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    entries.push({ name, compressedSize, uncompressedSize, method, localOffset, crc, flags, time, date });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The kind of file the bytes are: an OOXML workbook, an old binary .xls (or an encrypted workbook), another zip, or anything else. */
export function fileKind(buf: Buffer): FileKind {
  if (buf.length === 0) return 'empty';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(OLE2)) return 'xls';
  const entries = zipEntries(buf);
  if (!entries) return 'other';
  const names = new Set(entries.map((e) => e.name));
  return names.has('[Content_Types].xml') && names.has('xl/workbook.xml') ? 'xlsx' : 'zip';
}

function mb(bytes: number): string {
  return `${Math.round((bytes / MiB) * 10) / 10} MB`;
}

/**
 * Refuses, with a Chinese message, anything that is not an .xlsx workbook within the limits; returns
 * the zip's entries otherwise. Nothing is unpacked.
 */
export function checkUpload(buf: Buffer, limits: ZipLimits = ZIP_LIMITS): ZipEntryInfo[] {
  const kind = fileKind(buf);
  if (kind === 'empty') {
    throw refuse('EMPTY_FILE', 'empty', 'The file is empty (0 bytes)', '文件是空的（0字节）；请重新选择填写好的Excel文件（.xlsx）后上传');
  }
  if (kind === 'xls') {
    throw refuse(
      'NOT_XLSX',
      'xls',
      'The file is an old binary Excel workbook (.xls) or a password-protected workbook; save it as .xlsx',
      '这是旧版Excel（.xls）文件或设置了打开密码的文件；请在Excel或WPS中取消密码，并“另存为”Excel工作簿（.xlsx）后上传',
    );
  }
  if (kind === 'zip') {
    throw refuse('NOT_XLSX', 'not-workbook', 'The file is a zip archive but not an Excel workbook', '文件是压缩包或其他文档，不是Excel工作簿（.xlsx）；请使用下载的模板填写后上传');
  }
  if (kind === 'other') {
    throw refuse(
      'NOT_XLSX',
      'not-xlsx',
      'The file is not an Excel .xlsx workbook',
      '文件不是Excel工作簿（.xlsx），也可能已损坏；请使用下载的模板，另存为.xlsx格式后上传',
    );
  }
  const entries = zipEntries(buf)!;
  const tooComplex = (rule: string, message: string, what: string) =>
    refuse('FILE_TOO_COMPLEX', rule, message, `${what}，不像是一份教师名单；请只保留教师名单工作表，删除多余的行、图片和工作表后另存再上传`);
  if (entries.length > limits.maxEntries) {
    throw tooComplex('entries', `The workbook has ${entries.length} parts (at most ${limits.maxEntries})`, `文件内部有${entries.length}个部件（最多${limits.maxEntries}个）`);
  }
  let total = 0;
  for (const e of entries) {
    if (e.method !== 0 && e.method !== 8) {
      throw refuse('NOT_XLSX', 'compression', `Part ${e.name} uses an unknown compression`, '文件使用了无法识别的压缩方式，请用Excel或WPS另存为.xlsx后上传');
    }
    if (e.uncompressedSize > limits.maxEntryBytes) {
      throw tooComplex('entry-size', `Part ${e.name} unpacks to ${mb(e.uncompressedSize)} (at most ${mb(limits.maxEntryBytes)})`, `文件中的“${e.name}”解压后有${mb(e.uncompressedSize)}（最多${mb(limits.maxEntryBytes)}）`);
    }
    const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
    if (e.uncompressedSize > limits.ratioFromBytes && ratio > limits.maxRatio) {
      throw tooComplex('ratio', `Part ${e.name} is compressed ${Math.round(ratio)}:1 (at most ${limits.maxRatio}:1)`, `文件中的“${e.name}”压缩比异常（${Math.round(ratio)}:1）`);
    }
    total += e.uncompressedSize;
  }
  if (total > limits.maxTotalBytes) {
    throw tooComplex('total-size', `The workbook unpacks to ${mb(total)} (at most ${mb(limits.maxTotalBytes)})`, `文件解压后共有${mb(total)}（最多${mb(limits.maxTotalBytes)}）`);
  }
  return entries;
}

/** The parts a streaming reader needs before the sheets: the workbook (sheet names), styles (dates), shared strings. */
const FIRST_PARTS = ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml'];

/**
 * The same zip with its entries in the order a streaming reader wants (FIRST_PARTS, then the rest
 * as they were), each with sizes in its local header (no data descriptors), directories left out.
 * The compressed bytes are copied as they are; nothing is unpacked. Null when the zip is unreadable.
 * (exceljs's streaming reader otherwise parks sheets that come before the shared strings, as
 * openpyxl writes them, in temporary files, and can lose the shared strings doing so.)
 */
export function streamOrderedZip(buf: Buffer): Buffer | null {
  const entries = zipEntries(buf);
  if (!entries) return null;
  const rank = (e: ZipEntryInfo) => {
    const i = FIRST_PARTS.indexOf(e.name);
    return i >= 0 ? i : FIRST_PARTS.length;
  };
  const ordered = entries
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => !e.name.endsWith('/'))
    .sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i)
    .map(({ e }) => e);
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of ordered) {
    const p = e.localOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) return null;
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    if (start + e.compressedSize > buf.length) return null;
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE((e.flags & ~0x0008) | 0x0800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt16LE(e.time, 10);
    local.writeUInt16LE(e.date, 12);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.compressedSize, 18);
    local.writeUInt32LE(e.uncompressedSize, 22);
    local.writeUInt16LE(name.length, 26);
    out.push(local, name, buf.subarray(start, start + e.compressedSize));
    const c = Buffer.alloc(46);
    c.writeUInt32LE(CENTRAL, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    local.copy(c, 8, 6, 30); // flags … name length, as in the local header
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += 30 + name.length + e.compressedSize;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(ordered.length, 8);
  end.writeUInt16LE(ordered.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, cd, end]);
}
