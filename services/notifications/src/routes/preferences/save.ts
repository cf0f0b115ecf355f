import {
  jsonBody,
  jsonContent,
  problemResponses,
  requireIdentity,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { NotificationsDeps } from '../../operations/deps.ts';
import { savePreferences } from '../../operations/preferences.ts';
import { PreferencesSchema } from './schemas.ts';

const route = createRoute({
  method: 'put',
  path: '/api/v1/notifications/preferences',
  tags: ['Notifications'],
  summary: "Save the caller's notification channels",
  request: { body: jsonBody(PreferencesSchema) },
  responses: {
    200: jsonContent(PreferencesSchema, 'Saved'),
    ...problemResponses('validation_failed', 'unauthorized'),
  },
});

export function registerSavePreferences(app: ServiceApp, deps: NotificationsDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    return c.json(await savePreferences(deps.db, caller.sub, c.req.valid('json')), 200);
  });
}
