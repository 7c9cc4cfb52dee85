/**
 * Input rules that hold for every field of every request, applied by the one ValidationPipe
 * (src/common/validation.ts) after a DTO's own rules, so that a new DTO gets them without a
 * decorator:
 * - text: no control characters (NUL, ESC and the other C0/C1 controls except tab, line feed and
 *   carriage return; DEL) and no bidirectional overrides or isolates (U+202A–U+202E,
 *   U+2066–U+2069), which make a name display as something else;
 * - whole numbers: within the 32-bit range of the database's integer columns;
 * - null: only where the DTO's OpenAPI metadata says `nullable: true` (a PATCH `{"name": null}`
 *   is refused naming the field instead of reaching a NOT NULL column).
 */
import { DECORATORS } from '@nestjs/swagger';
// class-transformer's metadata of @Type (its typings live under types/, the code under cjs/).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: { findTypeMetadata(target: unknown, property: string): unknown };
};
import { ErrorDetail } from './errors';

export const INT32_MAX = 2_147_483_647;
export const INT32_MIN = -2_147_483_648;

/** Code points refused in text (besides C0/C1 controls other than \t \n \r). */
const BIDI_CONTROLS = new Set([0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);

/** The first unsafe character of a text (its index and code point), or null when there is none. */
export function unsafeCharacter(text: string): { index: number; codePoint: number } | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const control = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f);
    if (control || BIDI_CONTROLS.has(c)) return { index: i, codePoint: c };
  }
  return null;
}

/** The message naming the field and the character refused. */
export function unsafeCharacterMessage(field: string, codePoint: number): string {
  const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
  return `${field} must not contain control or text-direction characters (U+${hex})`;
}

/** True when a DTO property is documented as accepting null. */
function nullableProperty(target: object, property: string): boolean {
  const meta = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, target, property) as { nullable?: boolean } | undefined;
  return meta?.nullable === true;
}

const MAX_DEPTH = 64;

/**
 * Every breach of the rules above in a validated DTO (`nulls: false`: in a raw value, where
 * there is no DTO to tell what may be null) (nested DTOs, arrays and plain objects
 * included), each naming its field path. Deeper than MAX_DEPTH is not walked (the body parser
 * limits the depth of what it accepts).
 */
export function inputProblems(value: unknown, options: { nulls?: boolean } = {}): ErrorDetail[] {
  return walk(value, options.nulls !== false, '', 0);
}

/** Keys that would reach an object's prototype; refused wherever they appear. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Problems of a raw body or query before the DTO's own rules run (so that they are reported with
 * the DTO's): text and range as above, prototype keys, and null in a top-level property of the
 * DTO class `metatype` that is not documented nullable.
 */
export function rawInputProblems(value: unknown, metatype?: { prototype: object }): ErrorDetail[] {
  const out = walk(value, false, '', 0);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (PROTOTYPE_KEYS.has(key)) out.push({ field: key, rule: 'unknown', message: `property ${key} should not exist` });
      else if (v === null && metatype?.prototype && !nullableProperty(metatype.prototype, key)) {
        out.push({ field: key, rule: 'notNull', message: `${key} must not be null` });
      } else if (Array.isArray(v) && metatype?.prototype && nestedDtoProperty(metatype.prototype, key)) {
        out.push(...nestedElementProblems(v, key));
      }
    }
  }
  return out;
}

function nestedElementProblems(items: unknown[], field: string): ErrorDetail[] {
  return items.flatMap((el, i) =>
    el === null || typeof el !== 'object' || Array.isArray(el) ? [{ field: `${field}.${i}`, rule: 'isObject', message: `${field}.${i} must be an object` }] : [],
  );
}

/** True when a DTO property holds nested DTOs (`@Type(() => X)`), whose elements must be objects. */
function nestedDtoProperty(target: object, property: string): boolean {
  return !!defaultMetadataStorage.findTypeMetadata((target as { constructor: unknown }).constructor, property);
}

function walk(value: unknown, nulls: boolean, path: string, depth: number): ErrorDetail[] {
  if (depth > MAX_DEPTH) return [];
  const out: ErrorDetail[] = [];
  const name = path || 'value';
  if (typeof value === 'string') {
    const bad = unsafeCharacter(value);
    if (bad) out.push({ field: name, rule: 'safeText', message: unsafeCharacterMessage(name, bad.codePoint) });
  } else if (typeof value === 'number') {
    if (Number.isInteger(value) && (value > INT32_MAX || value < INT32_MIN)) {
      out.push({ field: name, rule: 'int32', message: `${name} must be a whole number from ${INT32_MIN} to ${INT32_MAX}` });
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => out.push(...walk(v, nulls, path ? `${path}.${i}` : String(i), depth + 1)));
  } else if (value && typeof value === 'object') {
    const typed = Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null;
    for (const [key, v] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (v === null) {
        // A DTO's property: null only where documented; a plain object's (free JSON): allowed.
        if (nulls && typed && !nullableProperty(value, key)) out.push({ field, rule: 'notNull', message: `${field} must not be null` });
        continue;
      }
      if (typed && Array.isArray(v) && nestedDtoProperty(value, key)) out.push(...nestedElementProblems(v, field));
      const keyBad = unsafeCharacter(key);
      if (keyBad) out.push({ field, rule: 'safeText', message: unsafeCharacterMessage(field, keyBad.codePoint) });
      out.push(...walk(v, nulls, field, depth + 1));
    }
  }
  return out;
}
