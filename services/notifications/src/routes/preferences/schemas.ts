import { z } from '@hono/zod-openapi';

export const PreferencesSchema = z
  .object({ email: z.boolean(), push: z.boolean(), inApp: z.boolean() })
  .openapi('NotificationPreferences', { example: { email: true, push: true, inApp: true } });
