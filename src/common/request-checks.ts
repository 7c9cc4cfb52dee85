/**
 * The checks of a request's shape that come right after the access checks (401/403 first) and
 * before anything reads the request further (an upload's interceptor, the pipes):
 *   - a bad path id is 400 INVALID_ID naming the parameter (src/common/id-param.ts), whatever else
 *     the request carries (Nest resolves a handler's parameters concurrently, so which refusal came
 *     first would otherwise be chance);
 *   - a PATCH whose JSON object names no field is 400 NOTHING_TO_CHANGE (src/common/nothing-to-change.ts).
 * One global guard, registered after the AuthGuard (configureApp), so that it runs after it.
 * It was two global interceptors: every request of every route, the no-ops included, paid for
 * their observables; a guard costs a function call, and what it needs of a handler (its id
 * parameters) is read once per handler.
 */
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AppError } from './errors';
import { idParamsOf, ParseIdPipe } from './id-param';
import { isEmptyChange } from './nothing-to-change';

@Injectable()
export class RequestChecks implements CanActivate {
  private readonly idPipes = new WeakMap<object, ParseIdPipe[]>();

  private idPipesOf(handler: object): ParseIdPipe[] {
    let pipes = this.idPipes.get(handler);
    if (!pipes) this.idPipes.set(handler, (pipes = idParamsOf(handler).map((name) => new ParseIdPipe(name))));
    return pipes;
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<{ method: string; body?: unknown; params?: Record<string, string> }>();
    const pipes = this.idPipesOf(context.getHandler());
    if (pipes.length) {
      const params = request.params ?? {};
      for (const pipe of pipes) pipe.transform(params[pipe.name]);
    }
    if (isEmptyChange(request.method, request.body)) {
      throw new AppError('NOTHING_TO_CHANGE', 'The request names no field to change');
    }
    return true;
  }
}
