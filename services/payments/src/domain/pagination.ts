import { WITHOUT_NUL } from '@edu/contracts';
import { PageLimitSchema } from '@edu/platform/http';
import { z } from 'zod';

/** `?limit=&cursor=` as docs/API.md pins them: limit 1..100, default 20; the cursor is opaque to clients. */
export const PageQuerySchema = z.object({
  limit: PageLimitSchema,
  cursor: z.string().min(1).max(200).regex(WITHOUT_NUL, 'must not contain NUL characters').optional(),
});
