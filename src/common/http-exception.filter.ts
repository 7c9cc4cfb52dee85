/**
 * The one exception filter: every error leaves the service as `{ statusCode, code, message,
 * details? }` (ErrorBody), whatever threw it.
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AppError, ErrorBody, ErrorCodeName, isForeignKeyViolation, uniqueViolation } from './errors';

const CODE_BY_STATUS: Record<number, ErrorCodeName> = {
  400: 'MALFORMED_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'ROLE_FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
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

  // A client error raised by the body parser before routing (http-errors: a body over the size
  // limit, a bad encoding): its status, never a 500.
  const e = exception as { status?: unknown; expose?: unknown; message?: unknown };
  if (e && typeof e === 'object' && e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    const code = CODE_BY_STATUS[e.status] ?? 'MALFORMED_REQUEST';
    return { statusCode: e.status, code, message: e.status === 413 ? 'The request body is too large' : String(e.message) };
  }

  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: 'Internal server error' };
}

@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = toErrorBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    }
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }
}
