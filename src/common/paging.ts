/** Paging of every list endpoint: `?page=1&pageSize=50` (pageSize at most 200). */
import { Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 20;

/** Strict query-string integer: "12" → 12; "1.5", "abc", "" are left as they are (and refused). */
export function queryInt({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
}

/** Strict query-string boolean: "true"/"false" → boolean; anything else is left (and refused). */
export function queryBool({ value }: { value: unknown }): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Transform(queryInt)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Transform(queryInt)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function pageWindow(q: PageQuery): { page: number; pageSize: number; skip: number } {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? DEFAULT_PAGE_SIZE;
  return { page, pageSize, skip: (page - 1) * pageSize };
}

/** An OpenAPI class for a page of `item`s. */
export function PageOf<T>(item: ClassType<T>, name: string): ClassType<Page<T>> {
  class PageClass implements Page<T> {
    @ApiProperty({ type: [item] }) items: T[];
    @ApiProperty({ example: 123 }) total: number;
    @ApiProperty({ example: 1 }) page: number;
    @ApiProperty({ example: DEFAULT_PAGE_SIZE }) pageSize: number;
  }
  Object.defineProperty(PageClass, 'name', { value: name });
  return PageClass;
}
