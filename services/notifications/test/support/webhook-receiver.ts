import { expect } from 'bun:test';
import { asCaller } from '@edu/platform/testing';
import { eq } from 'drizzle-orm';
import { webhookDeliveries } from '../../src/db/schema.ts';
import { verifyEduWebhook } from '../../src/domain/verify-webhook.ts';
import { dispatchWebhooks } from '../../src/operations/webhook-dispatch.ts';
import type { startNotifications } from '../support.ts';

/** What the receiver saw of one request, and whether the README's verification code accepts it. */
interface ReceivedWebhook {
  path: string;
  webhookId: string | null;
  timestamp: string | null;
  signature: string | null;
  contentType: string | null;
  raw: string;
  verified: boolean;
}

export type DeliveryLogEntry = Record<string, unknown> & { id: string; attempts: number; status: string };

/**
 * A real HTTP receiver on 127.0.0.1 (so the service runs with WEBHOOK_TARGETS=any). Each path
 * answers from its queue in `answers` (then 200 `thanks`) and checks signatures with the secret
 * `subscribe` registered for it.
 */
export function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  const answers = new Map<string, Response[]>();
  const secrets = new Map<string, string>();
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (request) => {
      const path = new URL(request.url).pathname;
      const raw = await request.text();
      const signature = request.headers.get('Edu-Signature');
      received.push({
        path,
        webhookId: request.headers.get('Edu-Webhook-Id'),
        timestamp: request.headers.get('Edu-Webhook-Timestamp'),
        signature,
        contentType: request.headers.get('Content-Type'),
        raw,
        verified: verifyEduWebhook(raw, signature, secrets.get(path) ?? ''),
      });
      return answers.get(path)?.shift() ?? new Response('thanks');
    },
  });
  return {
    port: server.port,
    answers,
    secrets,
    /** The requests that reached `path`, in order. */
    at: (path: string) => received.filter((request) => request.path === path),
    stop: () => server.stop(true),
  };
}

export type WebhookReceiver = ReturnType<typeof startWebhookReceiver>;

/** A partner client's headers: a client token with the `webhooks:manage` scope. */
export const partner = (sub: string) =>
  asCaller({ sub, roles: [], kind: 'client', scopes: ['webhooks:manage'] });

/** What the webhook tests do through the partner API and the dispatcher of `subject`. */
export function webhookSteps(
  subject: () => Awaited<ReturnType<typeof startNotifications>>,
  receiver: () => WebhookReceiver,
) {
  return {
    /** Subscribes `sub` with a receiver path of its own; returns the subscription id. */
    async subscribe(sub: string, path: string, events: string[]): Promise<string> {
      const response = await subject().app.request('/api/v1/partner/webhooks', {
        method: 'POST',
        headers: { ...(await partner(sub)), 'content-type': 'application/json' },
        body: JSON.stringify({ url: `http://127.0.0.1:${receiver().port}${path}`, events }),
      });
      expect(response.status).toBe(201);
      const body = (await response.json()) as { id: string; secret: string };
      receiver().secrets.set(path, body.secret);
      return body.id;
    },

    async deliveryLog(sub: string, subscriptionId: string): Promise<DeliveryLogEntry[]> {
      const response = await subject().app.request(`/api/v1/partner/webhooks/${subscriptionId}/deliveries`, {
        headers: await partner(sub),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: DeliveryLogEntry[] }).items;
    },

    /** Dispatches only this subscription's deliveries, at `now` (the injectable clock). */
    async dispatchFor(subscriptionId: string, now = new Date()) {
      const { deps, runtime } = subject();
      const rows = await deps.db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.subscriptionId, subscriptionId));
      return dispatchWebhooks(deps.db, runtime, { now, ids: rows.map((row) => row.id) });
    },
  };
}
