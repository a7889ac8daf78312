import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { InvalidRequest } from '../problem/problem';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `?limit=&cursor=`, shared by every list. */
export class PageQuery {
  /** How many items to return (1–100). */
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, format: 'int32', default: DEFAULT_PAGE_SIZE, example: 20 })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  /** The `nextCursor` of the previous page. */
  @ApiPropertyOptional({ maxLength: 512 })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export type CursorKey = (string | number)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor; anything else is a 400, not a 500. */
export function decodeCursor(cursor: string, arity: number): CursorKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== arity || !key.every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw new InvalidRequest('The cursor is not one this API issued.', [{ field: 'cursor', message: 'cursor is malformed' }]);
  }
  return key;
}

/**
 * Builds a page from rows fetched with `LIMIT limit + 1` in keyset order: the extra row only
 * says that another page exists.
 */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => CursorKey, map: (row: R) => T): Page<T> {
  const visible = rows.slice(0, limit);
  const last = visible[visible.length - 1];
  return { data: visible.map(map), nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

/** Declares `{ data: T[], nextCursor }` as the 200 answer in the OpenAPI document. */
export function ApiPage(model: Type<unknown>, description = 'One page of results') {
  return applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['data', 'nextCursor'],
        properties: {
          data: { type: 'array', items: { $ref: getSchemaPath(model) }, maxItems: MAX_PAGE_SIZE },
          nextCursor: { type: 'string', nullable: true, maxLength: 512 },
        },
      },
    }),
  );
}
