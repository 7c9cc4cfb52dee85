/**
 * The one way to declare who may call an endpoint.
 *
 * Every endpoint requires a valid bearer token (the global AuthGuard) unless it is marked
 * `@Public()`. `@Auth('action')` names the endpoint's action in the access policy (src/access):
 * the guard refuses a role the policy does not open the action to (403 ROLE_FORBIDDEN), and a
 * judge's private link unless the action is open to it; the service then checks the scope with
 * `assertCan(user, action, record)`. It also documents the bearer scheme and the 401/403 answers
 * in OpenAPI.
 */
import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiHeader, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Action, linkMay, rolesOf } from '../access/policy';
import { ErrorBody } from './errors';
import { AuthUser } from './roles';

export const IS_PUBLIC = 'auth:public';
export const ACTION_KEY = 'auth:action';
export const BEARER = 'bearer';

export function Auth(action: Action): MethodDecorator & ClassDecorator {
  const roles = rolesOf(action);
  return applyDecorators(
    SetMetadata(ACTION_KEY, action),
    ApiBearerAuth(BEARER),
    ...(linkMay(action)
      ? [ApiHeader({ name: 'X-Judge-Link', required: false, description: "a judge's private link token (instead of a bearer token)" })]
      : []),
    // The action and the roles the policy opens it to, machine-readable (from src/access/policy.ts,
    // the one source); the input sweep test uses them.
    ApiExtension('x-action', action),
    ApiExtension('x-roles', roles),
    ApiUnauthorizedResponse({ type: ErrorBody, description: 'UNAUTHENTICATED: no token, or a bad or expired one' }),
    ApiForbiddenResponse({
      type: ErrorBody,
      description: `ROLE_FORBIDDEN: the role may not do this (${action}: ${roles.join(', ')}); OUT_OF_SCOPE: not in the caller's district or school`,
    }),
  );
}

export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The authenticated caller (set by AuthGuard). */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const request = ctx.switchToHttp().getRequest<{ user?: AuthUser }>();
  if (!request.user) throw new Error('CurrentUser used on a public endpoint');
  return request.user;
});
