import { type TSchema, Type } from 'typebox';
import { validationError } from '../http/errors.ts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 200;

/** Query fields shared by every paginated list. Strings, so a bad value gets our own 400. */
export const PageQuery = {
  page: Type.Optional(Type.String({ description: 'Page number, from 0.' })),
  size: Type.Optional(
    Type.String({
      description: `Rows per page, default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}.`,
    }),
  ),
};

export interface PageRequest {
  page: number;
  size: number;
  offset: number;
}

/** Parses `page` (from 0) and `size` (clamped to 1..200); other values are validation_failed. */
export function parsePage(query: {
  page?: string | undefined;
  size?: string | undefined;
}): PageRequest {
  const page = parseWholeNumber('page', query.page, 0);
  const requested = parseWholeNumber('size', query.size, DEFAULT_PAGE_SIZE);
  const size = Math.min(Math.max(requested, 1), MAX_PAGE_SIZE);
  return { page, size, offset: page * size };
}

function parseWholeNumber(param: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw))
    throw validationError(param, `${param} must be a whole number from 0.`);
  return Number(raw);
}

/** The `{items, page, size, total}` envelope, described once for the OpenAPI document. */
export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    page: Type.Integer(),
    size: Type.Integer(),
    total: Type.Integer(),
  });
}
