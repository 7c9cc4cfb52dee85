/**
 * File uploads (@fastify/multipart): an interceptor reads the one file of a multipart form into
 * memory and the `@UploadedBuffer()` parameter hands it to the handler, in the shape multer's
 * memory storage gave (originalname, mimetype, size, buffer).
 *   file larger than maxBytes → 413 FILE_TOO_LARGE; a second file, a file in another field, a
 *   broken form → 400 MALFORMED_REQUEST; no file (or not a form) → no `request.file` (the
 *   handler's service says FILE_REQUIRED).
 * The form's text fields (at most MULTIPART_LIMITS.fields, each at most fieldSize bytes; more, or a
 * longer one → 400 MALFORMED_REQUEST) become the request's body, so `@Body() dto` validates them
 * with the global ValidationPipe like any JSON body.
 * Guards run before interceptors: a refused caller's form is never read.
 */
import { CallHandler, createParamDecorator, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, Observable, switchMap } from 'rxjs';
import { AppError } from './errors';

/** What a handler gets of the uploaded file. */
export interface UploadedBuffer {
  fieldname: string;
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** Limits of every multipart form (the plugin's defaults for all routes; each upload sets its file size). */
export const MULTIPART_LIMITS = { fieldNameSize: 100, fieldSize: 64 * 1024, fields: 10, files: 1, parts: 12, headerPairs: 100 };

function code(e: unknown): string | undefined {
  return (e as { code?: unknown })?.code as string | undefined;
}

interface ReadForm {
  file: UploadedBuffer | undefined;
  fields: Record<string, string>;
}

async function readForm(req: FastifyRequest, field: string, maxBytes: number): Promise<ReadForm> {
  let file: UploadedBuffer | undefined;
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  try {
    for await (const part of req.parts({ limits: { ...MULTIPART_LIMITS, fileSize: maxBytes } })) {
      if (part.type === 'field') {
        if (part.fieldnameTruncated || part.valueTruncated) {
          throw new AppError('MALFORMED_REQUEST', `The form field "${part.fieldname}" is longer than ${MULTIPART_LIMITS.fieldSize} bytes`);
        }
        if (part.fieldname === field) throw new AppError('MALFORMED_REQUEST', `The field "${field}" must be a file`);
        if (part.fieldname in fields) throw new AppError('MALFORMED_REQUEST', `The form field "${part.fieldname}" is sent twice`);
        fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value);
        continue;
      }
      if (part.fieldname !== field) throw new AppError('MALFORMED_REQUEST', `Unexpected file field "${part.fieldname}" (the file goes in "${field}")`);
      const buffer = await part.toBuffer();
      file = { fieldname: part.fieldname, originalname: part.filename, mimetype: part.mimetype, size: buffer.length, buffer };
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (code(e) === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('FILE_TOO_LARGE', `The file is larger than ${maxBytes / 1024 / 1024} MiB`);
    if (code(e) === 'FST_FILES_LIMIT') throw new AppError('MALFORMED_REQUEST', 'Only one file may be uploaded');
    if (code(e) === 'FST_FIELDS_LIMIT' || code(e) === 'FST_PARTS_LIMIT') {
      throw new AppError('MALFORMED_REQUEST', `The form has too many fields (at most ${MULTIPART_LIMITS.fields})`);
    }
    throw new AppError('MALFORMED_REQUEST', `The multipart form could not be read: ${(e as Error)?.message ?? String(e)}`);
  }
  return { file, fields: { ...fields } };
}

const UPLOADED = Symbol('uploaded file');
type WithUpload = FastifyRequest & { [UPLOADED]?: UploadedBuffer };

/** The file FileUpload read (undefined when the request had none). */
export const UploadedBuffer = createParamDecorator((_data: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<WithUpload>()[UPLOADED]);

/**
 * `@UseInterceptors(new FileUpload('file', MAX_BYTES))` + `@UploadedBuffer() file: UploadedBuffer | undefined`
 * (+ `@Body() dto` for the form's text fields).
 */
@Injectable()
export class FileUpload implements NestInterceptor {
  constructor(
    private readonly field: string,
    private readonly maxBytes: number,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<WithUpload>();
    if (!req.isMultipart()) return next.handle();
    return from(readForm(req, this.field, this.maxBytes)).pipe(
      switchMap(({ file, fields }) => {
        req[UPLOADED] = file;
        req.body = fields;
        return next.handle();
      }),
    );
  }
}
