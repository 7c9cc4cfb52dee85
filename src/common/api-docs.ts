import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, OpenAPIObject } from '@nestjs/swagger';
import { ErrorBody } from './errors';

const DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION_FAILED (details name each field) or another 400 code',
  401: 'UNAUTHENTICATED',
  403: 'ROLE_FORBIDDEN or OUT_OF_SCOPE',
  404: 'not found (a *_NOT_FOUND code)',
  409: 'conflict with stored data (DUPLICATE_* or another 409 code)',
  410: 'gone (e.g. CERTIFICATE_REVOKED)',
  413: 'PAYLOAD_TOO_LARGE: the body or the file is too large',
  415: 'UNSUPPORTED_MEDIA_TYPE: not JSON in UTF-8 (or not a form, for an upload), or an unsupported Content-Encoding',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** Documents error answers of an endpoint, all with the one ErrorBody schema. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, type: ErrorBody, description: DESCRIPTIONS[status] })),
  );
}

/**
 * Documents a download (a workbook, a JSON file, a page): the 200 answer is the file itself, of
 * `contentType`; `description` says what it holds (error answers stay the JSON ErrorBody).
 */
export function ApiFileResponse(contentType: string, description: string): MethodDecorator & ClassDecorator {
  return ApiOkResponse({ description, content: { [contentType]: { schema: { type: 'string', format: 'binary' } } } });
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/**
 * Adds the error answers every operation of a kind can give, whatever its handler declares: an
 * operation with path or query parameters or a body answers 400 (INVALID_ID, VALIDATION_FAILED,
 * MALFORMED_REQUEST); one with a body (JSON or an uploaded file) also 413 and 415 (refused by the
 * body parser, before any handler runs). 401/403 come from @Auth; 404/409 are the handler's own.
 */
export function addStructuralErrors(document: OpenAPIObject): OpenAPIObject {
  const ref = { $ref: '#/components/schemas/ErrorBody' };
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const statuses: number[] = [];
      if (op.requestBody) statuses.push(400, 413, 415);
      else if ((op.parameters ?? []).some((p) => 'in' in p && (p.in === 'path' || p.in === 'query'))) statuses.push(400);
      for (const status of statuses) {
        op.responses[status] ??= { description: DESCRIPTIONS[status], content: { 'application/json': { schema: ref } } };
      }
    }
  }
  return document;
}

/** Documents a cacheable answer's 304: If-None-Match named its current ETag (no body). */
export function ApiNotModified(): MethodDecorator & ClassDecorator {
  return ApiResponse({ status: 304, description: 'Not Modified: If-None-Match names the current ETag (no body)' });
}
