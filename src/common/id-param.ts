import { Param, PipeTransform } from '@nestjs/common';
import { AppError } from './errors';

/**
 * A path id: only the canonical decimal text of a positive 32-bit integer (`^[1-9][0-9]{0,9}$`,
 * at most 2147483647). `01`, `+1`, `1.0`, `1e0`, `0x1`, ` 1` are not ids: 400 INVALID_ID naming
 * the parameter. (The global pipe passes path parameters on unconverted, see validation.ts.) Every
 * id of a handler is checked first, by the RequestChecks guard (src/common/request-checks.ts).
 */
export const CANONICAL_ID = /^[1-9][0-9]{0,9}$/;

export function isCanonicalId(value: unknown): value is string {
  return typeof value === 'string' && CANONICAL_ID.test(value) && Number(value) <= 2_147_483_647;
}

export class ParseIdPipe implements PipeTransform<string, number> {
  constructor(readonly name: string) {}
  transform(value: string): number {
    if (!isCanonicalId(value)) {
      throw AppError.field('INVALID_ID', this.name, 'isId', `${this.name} must be a positive whole number written in digits (1 to 2147483647)`);
    }
    return Number(value);
  }
}

export const ID_PARAMS = 'id-params';

/** The names of a handler's id parameters (declared by @IdParam). */
export function idParamsOf(handler: object): string[] {
  return (Reflect.getMetadata(ID_PARAMS, handler) as string[] | undefined) ?? [];
}

/** `@IdParam() id: number` — the route's `:id` (or another named parameter) as a positive integer. */
export const IdParam =
  (name = 'id'): ParameterDecorator =>
  (target, key, index) => {
    Param(name, new ParseIdPipe(name))(target, key, index);
    if (key !== undefined) {
      const handler = (target as Record<string | symbol, object>)[key];
      Reflect.defineMetadata(ID_PARAMS, [...idParamsOf(handler), name], handler);
    }
  };
