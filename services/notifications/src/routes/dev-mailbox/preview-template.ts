import { problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import { LocaleSchema, NotificationTypeSchema } from '../../domain/notification-types.ts';
import type { NotificationsDeps } from '../../operations/deps.ts';
import { previewEmail } from '../../operations/dev-mailbox.ts';
import { DEV_TAGS, EMAIL_PREVIEW_CSP } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/notifications/dev/mail-templates/{type}',
  tags: DEV_TAGS,
  summary: 'Preview an email template with sample data',
  request: {
    params: z.object({ type: NotificationTypeSchema }),
    query: z.object({ locale: LocaleSchema.default('en') }),
  },
  responses: {
    200: { description: 'The rendered email', content: { 'text/html': { schema: z.string() } } },
    ...problemResponses(['validation_failed', 'Unknown template type or locale']),
  },
});

export function registerPreviewMailTemplate(app: ServiceApp, _deps: NotificationsDeps) {
  app.openapi(route, async (c) => {
    const { type } = c.req.valid('param');
    const { locale } = c.req.valid('query');
    const email = await previewEmail(type, locale);
    c.header('Content-Security-Policy', EMAIL_PREVIEW_CSP);
    return c.html(email.html, 200);
  });
}
