/**
 * The one way to declare who may call an endpoint.
 *
 * Every endpoint requires a valid bearer token (the global AuthGuard) unless it is marked
 * `@Public()`. `@Auth(...roles)` restricts it further to those roles (none: any logged-in role)
 * and documents the bearer scheme and the 401/403 answers in OpenAPI.
 */
import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorBody } from './errors';
import { AuthUser, Role } from './roles';

export const IS_PUBLIC = 'auth:public';
export const ROLES_KEY = 'auth:roles';
export const BEARER = 'bearer';

export function Auth(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(BEARER),
    // The roles allowed, machine-readable (empty: any logged-in role); the input sweep test uses it.
    ApiExtension('x-roles', roles),
    ApiUnauthorizedResponse({ type: ErrorBody, description: 'UNAUTHENTICATED: no token, or a bad or expired one' }),
    ApiForbiddenResponse({
      type: ErrorBody,
      description: `ROLE_FORBIDDEN: the role may not do this${roles.length ? ` (allowed: ${roles.join(', ')})` : ''}; OUT_OF_SCOPE: not in the caller's district or school`,
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
