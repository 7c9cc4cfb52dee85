/**
 * A PATCH that names no field (`{}`, or no JSON body at all) is refused with 400
 * NOTHING_TO_CHANGE before the handler runs: nothing is stored and no audit entry is written.
 * Runs after the guards (401/403 first) and before the pipes.
 */
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { AppError } from './errors';

export function isEmptyChange(method: string, body: unknown): boolean {
  if (method.toUpperCase() !== 'PATCH') return false;
  if (body === undefined || body === null || body === '') return true;
  return typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body) && Object.keys(body).length === 0;
}

@Injectable()
export class NothingToChangeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<{ method: string; body?: unknown }>();
      if (isEmptyChange(request.method, request.body)) {
        throw new AppError('NOTHING_TO_CHANGE', 'The request names no field to change');
      }
    }
    return next.handle();
  }
}
