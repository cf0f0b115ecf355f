import { IdSchema } from '@edu/contracts';
import { z } from 'zod';

/**
 * Where the next catalog page starts. Browsing walks ids (newest first); a search walks
 * (rank, id), the rank kept as PostgreSQL's own text of a `real` so it compares exactly.
 */
const CursorSchema = z.union([
  z.object({ id: IdSchema }).strict(),
  z
    .object({
      id: IdSchema,
      rank: z.string().regex(/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i),
    })
    .strict(),
]);
export type CatalogCursor = z.infer<typeof CursorSchema>;

export function encodeCursor(cursor: CatalogCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** The cursor a client sent back, or null when it is not one we made. */
export function decodeCursor(text: string): CatalogCursor | null {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
