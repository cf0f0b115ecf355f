import { IdSchema } from '@edu/contracts';
import { PageQuerySchema } from '@edu/platform/http';
import { z } from '@hono/zod-openapi';

/**
 * The `{id}` path parameter. Not `idParams('id')` of @edu/platform/http for now: it calls
 * `.openapi()` on IdSchema, which zod 4 made without that method whenever @edu/contracts loads
 * before @hono/zod-openapi, as it does through this module's index (a TypeError at load).
 */
export const IdParamsSchema = z.object({ id: IdSchema });

/** The query of a list paged by id (newest first): `?limit=&cursor=`, the cursor being the last id seen. */
export const IdPageQuerySchema = PageQuerySchema.extend({
  cursor: IdSchema.optional().openapi({ description: 'nextCursor of the previous page' }),
});
