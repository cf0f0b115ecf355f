import type { Database } from '@edu/platform/db';
import type { AppEnv } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { html } from 'hono/html';
import { renderEmail } from '../domain/email-template.ts';
import { LocaleSchema, NotificationTypeSchema } from '../domain/notification-types.ts';
import { listMailbox } from '../mail/dev-mailbox.ts';
import { problem } from './problems.ts';

const MailSchema = z
  .object({
    id: z.string(),
    from: z.string(),
    to: z.string(),
    subject: z.string(),
    html: z.string(),
    text: z.string(),
    createdAt: z.string(),
  })
  .openapi('DevMail');

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/notifications/dev/mailbox',
  tags: ['Development'],
  summary: 'The dev mailbox: every email sent while MAIL_TRANSPORT=dev, newest first',
  request: { query: z.object({ to: z.string().optional() }) },
  responses: {
    200: {
      description: 'The messages',
      content: { 'application/json': { schema: z.object({ items: z.array(MailSchema) }) } },
    },
    400: problem('The query is malformed (e.g. `to` given twice)'),
  },
});

const pageRoute = createRoute({
  method: 'get',
  path: '/api/v1/notifications/dev/mailbox.html',
  tags: ['Development'],
  summary: 'The dev mailbox as a page',
  responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } } },
});

const previewRoute = createRoute({
  method: 'get',
  path: '/api/v1/notifications/dev/mail-templates/{type}',
  tags: ['Development'],
  summary: 'Preview an email template with sample data',
  request: {
    params: z.object({ type: NotificationTypeSchema }),
    query: z.object({ locale: LocaleSchema.default('en') }),
  },
  responses: {
    200: { description: 'The rendered email', content: { 'text/html': { schema: z.string() } } },
    400: problem('Unknown template type or locale'),
  },
});

/**
 * The mailbox and the template previews show emails, which style themselves inline (as mail
 * clients need): inline styles and images pass, nothing can run. The gateway keeps this policy
 * and adds its other headers.
 */
export const EMAIL_PREVIEW_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'";

const SAMPLE_DATA = {
  courseId: 'course-123',
  certificateId: 'cert-456',
  amountCents: 4900,
  currency: 'EUR',
  reason: 'card_declined',
  retryUrl: 'http://localhost:8787/courses/course-123',
};

/**
 * Development aids, registered only when mail stays in the dev mailbox: with a real
 * transport these routes do not exist (404), so they cannot leak anyone's mail.
 */
export function registerDevMailboxRoutes(app: OpenAPIHono<AppEnv>, db: Database) {
  app.openapi(listRoute, async (c) => {
    const rows = await listMailbox(db, c.req.valid('query'));
    return c.json({ items: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })) }, 200);
  });

  app.openapi(pageRoute, async (c) => {
    const rows = await listMailbox(db);
    const page = await html`<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>Dev mailbox</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}details{border:1px solid #ddd;border-radius:6px;margin:.5rem 0;padding:.5rem 1rem}iframe{width:100%;height:28rem;border:0}</style>
</head><body>
<h1>Dev mailbox (${rows.length})</h1>
<p>Templates: ${NotificationTypeSchema.options.map(
      (type) =>
        html`<a href="mail-templates/${type}">${type}</a> (<a href="mail-templates/${type}?locale=ru">ru</a>) `,
    )}</p>
${rows.map(
  (
    row,
  ) => html`<details><summary><strong>${row.subject}</strong> — to ${row.to} — ${row.createdAt.toISOString()}</summary>
<iframe sandbox="" srcdoc="${row.html}"></iframe><pre>${row.text}</pre></details>`,
)}
</body></html>`;
    c.header('Content-Security-Policy', EMAIL_PREVIEW_CSP);
    return c.html(page.toString(), 200);
  });

  app.openapi(previewRoute, async (c) => {
    const { type } = c.req.valid('param');
    const { locale } = c.req.valid('query');
    const email = await renderEmail(type, locale, { name: 'Ada <Lovelace>', data: SAMPLE_DATA });
    c.header('Content-Security-Policy', EMAIL_PREVIEW_CSP);
    return c.html(email.html, 200);
  });
}
