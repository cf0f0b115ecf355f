import { z } from '@hono/zod-openapi';

export const DEV_TAGS = ['Development'];

/**
 * The mailbox and the template previews show emails, which style themselves inline (as mail
 * clients need): inline styles and images pass, nothing can run. The gateway keeps this policy
 * and adds its other headers.
 */
export const EMAIL_PREVIEW_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'";

export const MailSchema = z
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
