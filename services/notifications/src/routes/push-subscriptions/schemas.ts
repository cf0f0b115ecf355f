import { z } from '@hono/zod-openapi';

const base64Url = z.string().regex(/^[\w-]+=*$/, 'must be base64url');

/** How many bytes a base64url text decodes to (padding ignored). */
const decodedLength = (text: string) => Math.floor((text.replace(/=+$/, '').length * 3) / 4);

/** The keys must have the sizes RFC 8291 encrypts with, or every push to them would fail. */
const P256dhKey = base64Url
  .min(80)
  .max(100)
  .refine(
    (text) => decodedLength(text) === 65 && text.startsWith('B'),
    'must be an uncompressed P-256 point',
  );
const AuthSecret = base64Url
  .min(16)
  .max(32)
  .refine((text) => decodedLength(text) === 16, 'must be 16 bytes');

/** What PushSubscription.toJSON() gives in a browser. */
export const PushSubscriptionSchema = z
  .object({
    endpoint: z.url({ protocol: /^https?$/ }).max(2048),
    keys: z.object({ p256dh: P256dhKey, auth: AuthSecret }),
  })
  .openapi('PushSubscription');
