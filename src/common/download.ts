/** File downloads: the content types and the one Content-Disposition the service sends. */
import type { FastifyReply } from 'fastify';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const JSON_MIME = 'application/json; charset=utf-8';

/** Marks the answer as a download named `filename` (an ASCII fallback plus the UTF-8 name, RFC 6266). */
export function attachment(res: FastifyReply, type: string, filename: string): void {
  res.header('Content-Type', type);
  res.header('Content-Disposition', `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
}
