import { WITHOUT_NUL } from '@edu/contracts';
import { z } from '@hono/zod-openapi';

/** `?limit=` as docs/API.md pins it for every list: 1..100, default 20. */
export const PageLimitSchema = z.coerce.number().int().min(1).max(100).default(20);

/** `?cursor=`: the `nextCursor` of the previous page, opaque to clients. */
export const CursorSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(WITHOUT_NUL, 'must not contain NUL characters')
  .openapi({ description: 'nextCursor of the previous page' });

/** The query of every list: `?limit=&cursor=` (extend it with the list's own filters). */
export const PageQuerySchema = z.object({ limit: PageLimitSchema, cursor: CursorSchema.optional() });

/**
 * A list's answer as docs/API.md pins it: `{ items, nextCursor }`.
 *
 * @example
 * responses: { 200: jsonContent(pageSchema(CourseSchema), 'One page of courses') }
 */
export function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().openapi({ description: 'Pass as `?cursor=` for the next page' }),
  });
}

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

/**
 * The cursor of a list that pages by more than an id (a rank, a date): the position as JSON,
 * base64url-encoded so clients treat it as opaque. The one codec every service uses.
 *
 * @example
 * const next = encodeCursor({ id: last.id, rank: last.rank });
 * const after = decodeCursor(query.cursor, z.object({ id: IdSchema, rank: z.string() }));
 */
export function encodeCursor(position: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(position));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The position a client sent back, or null when it is not a cursor `schema` describes. */
export function decodeCursor<Schema extends z.ZodType>(text: string, schema: Schema): z.infer<Schema> | null {
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
    const parsed = schema.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
