import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from './errors';

const DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION_FAILED (details name each field) or another 400 code',
  401: 'UNAUTHENTICATED',
  403: 'ROLE_FORBIDDEN or OUT_OF_SCOPE',
  404: 'not found (a *_NOT_FOUND code)',
  409: 'conflict with stored data (DUPLICATE_* or another 409 code)',
  410: 'gone (e.g. CERTIFICATE_REVOKED)',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** Documents error answers of an endpoint, all with the one ErrorBody schema. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, type: ErrorBody, description: DESCRIPTIONS[status] })),
  );
}
