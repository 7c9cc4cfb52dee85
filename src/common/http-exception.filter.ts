/**
 * The one exception filter: every error leaves the service as `{ statusCode, code, message,
 * details? }` (ErrorBody), whatever threw it.
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppError, ErrorBody, ErrorCodeName, isForeignKeyViolation, uniqueViolation } from './errors';

const CODE_BY_STATUS: Record<number, ErrorCodeName> = {
  400: 'MALFORMED_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'ROLE_FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** Turns anything thrown into the one error body. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof AppError) return exception.toBody();

  const unique = uniqueViolation(exception);
  if (unique) {
    if (unique.index === null) return new AppError('CONFLICT', 'The change clashes with a stored record').toBody();
    return AppError.field(unique.code, unique.field, 'unique', unique.message).toBody();
  }
  if (isForeignKeyViolation(exception)) {
    return new AppError('REFERENCE_CONFLICT', 'The change refers to a record that does not exist or is still in use').toBody();
  }

  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'MALFORMED_REQUEST');
    const response = exception.getResponse();
    let message = exception.message;
    if (typeof response === 'object' && response && 'message' in response) {
      const m = (response as { message: unknown }).message;
      message = Array.isArray(m) ? m.join('; ') : String(m);
    }
    if (status === 429) message = 'Too many requests; try again in a minute';
    return { statusCode: status, code, message };
  }

  // Fastify's and its plugins' own refusals (FST_ERR_CTP_BODY_TOO_LARGE, FST_ERR_CTP_INVALID_MEDIA_TYPE,
  // FST_ERR_BAD_URL, FST_CP_ERR_INVALID_CONTENT_ENCODING, the static files' 403, …): a 4xx of its own.
  // (By shape, not instanceof: some are node's own errors, e.g. zlib's, from another realm under jest.)
  const client = (typeof exception === 'object' && exception !== null ? exception : {}) as { statusCode?: unknown; message?: unknown };
  if (typeof client.statusCode === 'number' && client.statusCode >= 400 && client.statusCode < 500 && typeof client.message === 'string') {
    return { statusCode: client.statusCode, code: CODE_BY_STATUS[client.statusCode] ?? 'MALFORMED_REQUEST', message: client.message };
  }

  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: 'Internal server error' };
}

@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = toErrorBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    }
    if (reply.sent || reply.raw.headersSent) return;
    if (exception instanceof AppError && exception.headers) {
      for (const [name, value] of Object.entries(exception.headers)) void reply.header(name, value);
    }
    void reply.status(body.statusCode).send(body);
  }
}
