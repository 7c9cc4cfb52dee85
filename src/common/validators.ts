/** Reusable DTO validators. */
import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, Matches, MaxLength, MinLength, registerDecorator, ValidationOptions } from 'class-validator';
import { isRealDate } from '../domain/id-number';

/** A real calendar date written 'YYYY-MM-DD' (checked with integers, not `new Date`). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return !!m && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a real date written YYYY-MM-DD`, ...options },
      validator: { validate: (value: unknown) => isCalendarDate(value) },
    });
}

/** Business codes: ASCII letters, digits, '_' and '-' (so they can appear in draw records). */
export const CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const CODE_MESSAGE = 'code must be 1–32 characters: letters, digits, _ or -';

/** Trims a string input (other types pass through for the type check to refuse). */
export const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** A required text field: trimmed, 1..max characters. */
export function TrimmedText(max: number): PropertyDecorator {
  return applyDecorators(Transform(trimmed), IsString(), MinLength(1), MaxLength(max));
}

/** A business code (CODE_PATTERN). */
export function IsCode(): PropertyDecorator {
  return applyDecorators(IsString(), Matches(CODE_PATTERN, { message: CODE_MESSAGE }));
}
