import { Type, type TSchema } from 'typebox';
import { sql, type Expression, type SqlBool } from 'kysely';
import { isUuid } from '../access/tokens.ts';
import { invalid } from '../http/errors.ts';

/**
 * Cursor paging of the merchant API's lists: `?limit=` (1–100, default 25) and `?starting_after=<id>` (the last id of
 * the page before); newest first. An answer is `{ data, hasMore, nextCursor }`: pass `nextCursor` as
 * `starting_after` for the next page. Rows created meanwhile never shift a page, unlike an offset.
 */
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export const PageQuery = {
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, description: `Items per page (default ${DEFAULT_PAGE_SIZE}).` }),
  ),
  starting_after: Type.Optional(
    Type.String({ maxLength: 100, description: 'The id of the last item of the previous page (`nextCursor`).' }),
  ),
};

/** The list answer: a page of `item`, whether more follow, and the cursor of the next page. */
export function Page<T extends TSchema>(item: T, title: string) {
  return Type.Object(
    {
      data: Type.Array(item),
      hasMore: Type.Boolean(),
      nextCursor: Type.Union([Type.String(), Type.Null()], {
        description: 'Pass as `starting_after` for the next page; null on the last page.',
      }),
    },
    { title },
  );
}

/** The page size asked for (default 25), and the cursor (checked: a malformed one is a 400 on `starting_after`). */
export function pageRequest(query: { limit?: number; starting_after?: string }): { limit: number; after?: string } {
  const after = query.starting_after;
  if (after !== undefined && !isUuid(after)) {
    throw invalid({ starting_after: 'Send the id of an item of the previous page (its `nextCursor`).' });
  }
  return { limit: query.limit ?? DEFAULT_PAGE_SIZE, after };
}

/**
 * The condition "older than the cursor's row" for a table ordered newest first by `(created_at, id)`: rows that
 * come after the item named by `starting_after` (of the same tenant; an unknown id gives no rows).
 */
export function olderThan(table: string, tenantId: string, cursor: string): Expression<SqlBool> {
  const t = sql.table(table);
  const ref = (column: string) => sql.ref(`${table}.${column}`);
  return sql<SqlBool>`(${ref('created_at')}, ${ref('id')}) < (select c.created_at, c.id from ${t} as c
    where c.tenant_id = ${tenantId} and c.id = ${cursor})`;
}

/** `limit + 1` rows fetched make a page of `limit` and tell whether more follow. */
export function pageOf<T extends { id: string }, J>(rows: T[], limit: number, json: (row: T) => J) {
  const data = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  return { data: data.map(json), hasMore, nextCursor: hasMore ? data[data.length - 1]!.id : null };
}
