/**
 * Request bodies: the API takes JSON (UTF-8, at most JSON_BODY_LIMIT bytes, nested at most
 * JSON_MAX_DEPTH levels) and, on its upload endpoints, multipart forms (src/common/upload.ts);
 * nothing else. Every refusal happens before validation and before any handler runs:
 *   too large → 413 PAYLOAD_TOO_LARGE; a charset other than UTF-8, another media type, an
 *   unsupported Content-Encoding → 415 UNSUPPORTED_MEDIA_TYPE; bad JSON, too deep → 400
 *   MALFORMED_REQUEST; an endpoint that takes a JSON body and got none (or a form) → 415.
 */
import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { AppError } from './errors';

/** The largest JSON body accepted (the limit Express's parser had: 100 KiB). */
export const JSON_BODY_LIMIT = 100 * 1024;
/** The deepest nesting of objects and arrays accepted in a JSON body (the DTOs need 4). */
export const JSON_MAX_DEPTH = 32;

const CHARSET = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i;

/** The charset parameter of a Content-Type, lower-cased (undefined when absent). */
export function charsetOf(contentType: string | undefined): string | undefined {
  const m = CHARSET.exec(contentType ?? '');
  return m ? (m[1] ?? m[2]).toLowerCase() : undefined;
}

/** True when `value` nests objects and arrays deeper than `max` levels (iterative: no stack to overflow). */
export function deeperThan(value: unknown, max: number): boolean {
  const stack: { v: object; depth: number }[] = [];
  if (value !== null && typeof value === 'object') stack.push({ v: value, depth: 1 });
  while (stack.length) {
    const { v, depth } = stack.pop()!;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push({ v: child as object, depth: depth + 1 });
    }
  }
  return false;
}

/**
 * Installs the one body parser: application/json (UTF-8) only. Fastify's own text/plain parser
 * is removed, so any other type is refused with 415 by Fastify itself. Called before app.init()
 * (Nest then registers no parser of its own).
 */
export function useJsonBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  // Fastify's JSON parser (secure-json-parse: __proto__ and constructor.prototype refused).
  const parse = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit: JSON_BODY_LIMIT }, (req, body, done) => {
    const charset = charsetOf(req.headers['content-type']);
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      done(new AppError('UNSUPPORTED_MEDIA_TYPE', `Unsupported charset "${charset}": JSON bodies are UTF-8`), undefined);
      return;
    }
    parse(req, body.toString('utf8'), (err: Error | null, value?: unknown) => {
      if (err) return done(err, undefined);
      if (deeperThan(value, JSON_MAX_DEPTH)) {
        return done(new AppError('MALFORMED_REQUEST', `The JSON body is nested deeper than ${JSON_MAX_DEPTH} levels`), undefined);
      }
      done(null, value);
    });
  });
}

/**
 * A global pipe before the ValidationPipe: a handler's `@Body()` DTO needs a JSON object. No body
 * at all (or a multipart form) is 415, a JSON value that is not an object (null, an array, a
 * number) is 400 — never an empty DTO that would pass validation as "nothing to change".
 */
@Injectable()
export class JsonBodyRequired implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' || metadata.data !== undefined) return value;
    if (value === undefined) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'This endpoint takes a JSON body (Content-Type: application/json)');
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new AppError('MALFORMED_REQUEST', 'The request body must be a JSON object');
    }
    return value;
  }
}
