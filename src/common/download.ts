/** File downloads: the content types and the one Content-Disposition the service sends. */
import type { Response } from 'express';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const JSON_MIME = 'application/json; charset=utf-8';

/** Marks the answer as a download named `filename` (an ASCII fallback plus the UTF-8 name, RFC 6266). */
export function attachment(res: Response, type: string, filename: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
}
