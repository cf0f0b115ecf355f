import { z } from '@hono/zod-openapi';

/**
 * One page of a list fetched one row past `limit`: the extra row only says whether another page
 * exists; `nextCursor` is the last item's cursor then (its id, unless `cursorOf` says otherwise).
 *
 * @example
 * const rows = await db.select().from(things).where(...).orderBy(desc(things.id)).limit(limit + 1);
 * return c.json(toPage(rows, limit), 200);
 */
export function toPage<Row extends { id: string }>(
  rows: Row[],
  limit: number,
  cursorOf: (row: Row) => string = (row) => row.id,
): { items: Row[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? cursorOf(last) : null };
}

/** `?limit=` as docs/API.md pins it for every list: 1..100, default 20. */
export const PageLimitSchema = z.coerce.number().int().min(1).max(100).default(20);
