import type { Database } from '@edu/platform/db';
import { type AppEnv, requireIdentity } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { pushSubscriptions } from '../db/schema.ts';
import type { NotificationsRuntime } from '../runtime.ts';
import { PROTECTED_ERRORS } from './problems.ts';

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
const PushSubscriptionSchema = z
  .object({
    endpoint: z.url({ protocol: /^https?$/ }).max(2048),
    keys: z.object({ p256dh: P256dhKey, auth: AuthSecret }),
  })
  .openapi('PushSubscription');

const createRouteDef = createRoute({
  method: 'post',
  path: '/api/v1/notifications/push-subscriptions',
  tags: ['Notifications'],
  summary: 'Register a Web Push subscription of this browser',
  request: { body: { required: true, content: { 'application/json': { schema: PushSubscriptionSchema } } } },
  responses: {
    201: { description: 'Registered', content: { 'application/json': { schema: PushSubscriptionSchema } } },
    ...PROTECTED_ERRORS,
  },
});

const vapidRoute = createRoute({
  method: 'get',
  path: '/api/v1/notifications/push-subscriptions/vapid-public-key',
  tags: ['Notifications'],
  summary: 'The VAPID public key browsers subscribe with (applicationServerKey)',
  responses: {
    200: {
      description: 'The key, base64url',
      content: { 'application/json': { schema: z.object({ publicKey: z.string() }) } },
    },
  },
});

export function registerPushSubscriptionRoutes(
  app: OpenAPIHono<AppEnv>,
  db: Database,
  runtime: NotificationsRuntime,
) {
  app.openapi(createRouteDef, async (c) => {
    const caller = requireIdentity(c);
    const body = c.req.valid('json');
    const values = { userId: caller.sub, p256dh: body.keys.p256dh, auth: body.keys.auth };
    // An endpoint belongs to one browser profile; registering it again moves it to the caller.
    await db
      .insert(pushSubscriptions)
      .values({ endpoint: body.endpoint, ...values })
      .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: values });
    return c.json({ endpoint: body.endpoint, keys: body.keys }, 201);
  });

  app.openapi(vapidRoute, async (c) => c.json({ publicKey: (await runtime.vapidKeys()).publicKey }, 200));
}
