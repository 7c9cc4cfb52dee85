/**
 * A PATCH whose JSON object names no field (`{}`, or only prototype keys) is refused with 400
 * NOTHING_TO_CHANGE before the handler runs: nothing is stored and no audit entry is written.
 * Runs after the guards (401/403 first) and before the pipes. No JSON body at all, or a JSON value
 * that is not an object, is left to JsonBodyRequired (src/common/http-body.ts: 415 and 400).
 */
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { AppError } from './errors';
import { idParamsOf, isCanonicalId } from './id-param';

export function isEmptyChange(method: string, body: unknown): boolean {
  if (method.toUpperCase() !== 'PATCH') return false;
  return body !== null && typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body) && Object.keys(body).filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k)).length === 0;
}

@Injectable()
export class NothingToChangeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<{ method: string; body?: unknown; params?: Record<string, string> }>();
      // A bad path id is answered first (400 INVALID_ID, by the id pipe after this).
      const badId = idParamsOf(context.getHandler()).some((name) => !isCanonicalId(request.params?.[name]));
      if (!badId && isEmptyChange(request.method, request.body)) {
        throw new AppError('NOTHING_TO_CHANGE', 'The request names no field to change');
      }
    }
    return next.handle();
  }
}
