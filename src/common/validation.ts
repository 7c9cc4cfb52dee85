/**
 * The one ValidationPipe of the service: unknown fields are refused (not silently dropped), types
 * are checked, not coerced, and every failure becomes a 400 VALIDATION_FAILED whose `details`
 * name each field, the rule and a message.
 */
import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, ErrorDetail } from './errors';
import { inputProblems, rawInputProblems } from './input-checks';

/** Flattens class-validator errors (nested objects and arrays included) into details. */
export function validationDetails(errors: ValidationError[], parent = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const [rule, message] of Object.entries(e.constraints ?? {})) {
      out.push({ field, rule: rule === 'whitelistValidation' ? 'unknown' : rule, message });
    }
    if (e.children?.length) out.push(...validationDetails(e.children, field));
  }
  return out;
}

/** One 400 VALIDATION_FAILED from details (each field and rule once). */
function failed(all: ErrorDetail[]): AppError {
  const seen = new Set<string>();
  const details = all.filter((d) => {
    const key = `${d.field}\u0000${d.rule}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return new AppError('VALIDATION_FAILED', `Validation failed: ${details.map((d) => d.message).join('; ')}`, details);
}

export function validationError(errors: ValidationError[]): AppError {
  const details = validationDetails(errors);
  return new AppError('VALIDATION_FAILED', `Validation failed: ${details.map((d) => d.message).join('; ')}`, details);
}

/**
 * The ValidationPipe with two changes:
 * - path parameters are passed on as the text that came (no conversion of `01`, `1e0`, `0x1`
 *   to a number before ParseIdPipe sees them: only ParseIdPipe decides what an id is);
 * - a validated body or query also passes the rules of every field (src/common/input-checks.ts:
 *   no control characters, whole numbers within 32 bits, null only where documented).
 */
export class AppValidationPipe extends ValidationPipe {
  /**
   * The nested-binary check's class-validator metadata, kept per DTO class for the pipe's life
   * (the base class looks it up again on every call; decorators are all applied at load time).
   */
  private readonly nestedMetadata = new Map<unknown, unknown[]>();

  protected override findNestedBinaryValues(object: unknown, metadataCache: Map<unknown, unknown[]> = this.nestedMetadata): ValidationError[] {
    return super.findNestedBinaryValues(object, metadataCache as Map<unknown, never[]>);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param') return value;
    if (metadata.type !== 'body' && metadata.type !== 'query') return super.transform(value, metadata);
    // Text and range problems of the raw input are reported together with the DTO's own ones
    // (a control character in `name` is named even when another field is missing).
    const dto = metadata.metatype && ![Object, String, Number, Boolean, Array].includes(metadata.metatype as never) ? (metadata.metatype as { prototype: object }) : undefined;
    const raw = rawInputProblems(value, dto);
    let result: unknown;
    try {
      result = await super.transform(value, metadata);
    } catch (e) {
      if (e instanceof AppError && e.code === 'VALIDATION_FAILED' && raw.length) throw failed([...(e.details ?? []), ...raw]);
      throw e;
    }
    const details = inputProblems(result);
    if (details.length || raw.length) throw failed([...raw, ...details]);
    return result;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // No implicit conversion: "12" is not a number, "yes" is not a boolean. Query strings are
    // converted explicitly with @Type / @Transform on their DTOs.
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: validationError,
  });
}
