import { Param, PipeTransform } from '@nestjs/common';
import { AppError } from './errors';

/** A positive integer path parameter; anything else is a 400 naming the parameter. */
export class ParseIdPipe implements PipeTransform<string, number> {
  constructor(private readonly name: string) {}
  transform(value: string): number {
    if (!/^[1-9]\d{0,9}$/.test(value) || Number(value) > 2_147_483_647) {
      throw AppError.field('VALIDATION_FAILED', this.name, 'isId', `${this.name} must be a positive whole number`);
    }
    return Number(value);
  }
}

/** `@IdParam() id: number` — the route's `:id` (or another named parameter) as a positive integer. */
export const IdParam = (name = 'id'): ParameterDecorator => Param(name, new ParseIdPipe(name));
