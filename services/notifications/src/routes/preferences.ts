import type { Database } from '@edu/platform/db';
import { type AppEnv, requireIdentity } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { preferences } from '../db/schema.ts';
import { readPreferences } from '../notify.ts';
import { PROTECTED_ERRORS } from './problems.ts';

const PreferencesSchema = z
  .object({ email: z.boolean(), push: z.boolean(), inApp: z.boolean() })
  .openapi('NotificationPreferences', { example: { email: true, push: true, inApp: true } });

const getRoute = createRoute({
  method: 'get',
  path: '/api/v1/notifications/preferences',
  tags: ['Notifications'],
  summary: "The caller's notification channels (all on by default)",
  responses: {
    200: { description: 'The preferences', content: { 'application/json': { schema: PreferencesSchema } } },
    ...PROTECTED_ERRORS,
  },
});

const putRoute = createRoute({
  method: 'put',
  path: '/api/v1/notifications/preferences',
  tags: ['Notifications'],
  summary: "Save the caller's notification channels",
  request: { body: { required: true, content: { 'application/json': { schema: PreferencesSchema } } } },
  responses: {
    200: { description: 'Saved', content: { 'application/json': { schema: PreferencesSchema } } },
    ...PROTECTED_ERRORS,
  },
});

export function registerPreferenceRoutes(app: OpenAPIHono<AppEnv>, db: Database) {
  app.openapi(getRoute, async (c) => {
    const caller = requireIdentity(c);
    return c.json(await readPreferences(db, caller.sub), 200);
  });

  app.openapi(putRoute, async (c) => {
    const caller = requireIdentity(c);
    const body = c.req.valid('json');
    const values = { email: body.email, push: body.push, inApp: body.inApp, updatedAt: new Date() };
    await db
      .insert(preferences)
      .values({ userId: caller.sub, ...values })
      .onConflictDoUpdate({ target: preferences.userId, set: values });
    return c.json({ email: body.email, push: body.push, inApp: body.inApp }, 200);
  });
}
