import { jsonContent, problemResponses, requireIdentity, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { NotificationsDeps } from '../../operations/deps.ts';
import { readPreferences } from '../../operations/preferences.ts';
import { PreferencesSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/notifications/preferences',
  tags: ['Notifications'],
  summary: "The caller's notification channels (all on by default)",
  responses: {
    200: jsonContent(PreferencesSchema, 'The preferences'),
    ...problemResponses('validation_failed', 'unauthorized'),
  },
});

export function registerGetPreferences(app: ServiceApp, deps: NotificationsDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    return c.json(await readPreferences(deps.db, caller.sub), 200);
  });
}
