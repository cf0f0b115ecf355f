import { IdSchema } from '@edu/contracts';
import { z } from 'zod';

/**
 * Where the next page of courses starts (the shared codec, `encodeCursor`/`decodeCursor`,
 * carries it). Browsing walks ids (newest first); a search walks (rank, id), the rank kept as
 * PostgreSQL's own text of a `real` so it compares exactly.
 */
export const CatalogCursorSchema = z.union([
  z.object({ id: IdSchema }).strict(),
  z
    .object({
      id: IdSchema,
      rank: z.string().regex(/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i),
    })
    .strict(),
]);
export type CatalogCursor = z.infer<typeof CatalogCursorSchema>;

/** Where the next page of a list that walks ids alone (a partner's seats) starts. */
export const IdCursorSchema = z.object({ id: IdSchema }).strict();
