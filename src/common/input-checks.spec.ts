import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { inputProblems, rawInputProblems, unsafeCharacter } from './input-checks';
import { isCanonicalId } from './id-param';
import { isEmptyChange } from './nothing-to-change';

describe('unsafeCharacter', () => {
  it.each([
    ['a\u0000b', 0x0000],
    ['\u0007', 0x0007],
    ['a\u001b[31m', 0x001b],
    ['x\u007f', 0x007f],
    ['x\u0085', 0x0085],
    ['x\u009f', 0x009f],
    ['abc\u202a', 0x202a],
    ['\u202bx', 0x202b],
    ['\u202c', 0x202c],
    ['\u202d', 0x202d],
    ['学校\u202e3', 0x202e],
    ['\u2066', 0x2066],
    ['\u2067', 0x2067],
    ['\u2068', 0x2068],
    ['\u2069', 0x2069],
  ])('refuses %j (U+%s)', (text, codePoint) => {
    expect(unsafeCharacter(text)?.codePoint).toBe(codePoint);
  });

  it.each(['', '东湖镇中心小学', 'tab\there', 'two\nlines\r\n', 'emoji 😀', 'Zero\u200bwidth space is not a control', 'ａｂｃ'])('accepts %j', (text) => {
    expect(unsafeCharacter(text)).toBeNull();
  });
});

class Item {
  @ApiProperty() name: string;
}
class Dto {
  @ApiPropertyOptional() name?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) endsOn?: string | null;
  @ApiPropertyOptional() count?: number;
  @ApiPropertyOptional({ type: [Item] }) @Type(() => Item) items?: Item[];
}
const dto = (o: object) => Object.assign(new Dto(), o);

describe('inputProblems', () => {
  it('refuses null only where the DTO does not document it', () => {
    expect(inputProblems(dto({ name: null }))).toEqual([{ field: 'name', rule: 'notNull', message: 'name must not be null' }]);
    expect(inputProblems(dto({ endsOn: null }))).toEqual([]);
    // A plain JSON object (no DTO): null is data.
    expect(inputProblems({ anything: null })).toEqual([]);
  });

  it('refuses whole numbers beyond 32 bits, not fractions or numbers within', () => {
    expect(inputProblems(dto({ count: 2_147_483_648 }))[0]).toMatchObject({ field: 'count', rule: 'int32' });
    expect(inputProblems(dto({ count: -2_147_483_649 }))[0]).toMatchObject({ field: 'count', rule: 'int32' });
    expect(inputProblems(dto({ count: 1e20 }))[0]).toMatchObject({ field: 'count', rule: 'int32' });
    expect(inputProblems(dto({ count: 2_147_483_647 }))).toEqual([]);
    expect(inputProblems(dto({ count: 12.5 }))).toEqual([]);
  });

  it('names the field path of unsafe text in nested objects and arrays, and unsafe keys', () => {
    expect(inputProblems({ a: [{ b: 'x\u0000' }] })).toEqual([{ field: 'a.0.b', rule: 'safeText', message: 'a.0.b must not contain control or text-direction characters (U+0000)' }]);
    expect(inputProblems({ ['k\u202e']: 1 })[0]).toMatchObject({ field: 'k\u202e', rule: 'safeText' });
  });

  it('refuses items of a nested-DTO array that are not objects', () => {
    expect(inputProblems(dto({ items: [[], null, 'x', Object.assign(new Item(), { name: 'ok' })] })).map((d) => d.field)).toEqual(['items.0', 'items.1', 'items.2']);
  });

  it('does not recurse without end', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => inputProblems(deep)).not.toThrow();
  });
});

describe('rawInputProblems', () => {
  it('refuses prototype keys and undocumented top-level nulls of the DTO class', () => {
    const raw = JSON.parse('{"__proto__": {"x": 1}, "name": null, "endsOn": null, "items": [[]]}');
    expect(rawInputProblems(raw, Dto).map((d) => `${d.field}:${d.rule}`)).toEqual(['__proto__:unknown', 'name:notNull', 'items.0:isObject']);
  });
});

describe('isCanonicalId', () => {
  it.each(['1', '9', '10', '2147483647'])('takes %j', (s) => expect(isCanonicalId(s)).toBe(true));
  it.each(['0', '01', '+1', '-1', '1.0', '1e0', '0x1', '0b1', ' 1', '1 ', '2147483648', '99999999999999999999', '', '١'])('refuses %j', (s) =>
    expect(isCanonicalId(s)).toBe(false),
  );
});

describe('isEmptyChange', () => {
  it.each([
    ['PATCH', {}, true],
    // No body, or not an object: JsonBodyRequired's 415 / 400, not this.
    ['PATCH', undefined, false],
    ['PATCH', null, false],
    ['PATCH', [], false],
    ['PATCH', JSON.parse('{"__proto__": {}}'), true],
    ['PATCH', { name: 'x' }, false],
    ['PATCH', { name: null }, false],
    ['POST', {}, false],
  ])('%s %j → %s', (method, body, empty) => expect(isEmptyChange(method as string, body)).toBe(empty));
});
