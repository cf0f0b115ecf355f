import webpush from 'web-push';
import type { VapidKeys } from './vapid.ts';

/** The part of `fetch` the senders use (so tests and Workers can hand in their own). */
export type FetchFunction = (input: string, init?: RequestInit) => Promise<Response>;

interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

type PushOutcome = { kind: 'sent' } | { kind: 'expired'; status: number } | { kind: 'failed'; error: string };

/**
 * Sends one Web Push message: web-push encrypts the payload (RFC 8291, aes128gcm) and signs
 * the VAPID JWT (RFC 8292); we send the request with fetch ourselves because web-push's own
 * sender uses node:https only, which rules out plain-HTTP push services in tests.
 * 404 and 410 mean the subscription is gone for good (RFC 8030 §7.3).
 */
export async function sendWebPush(
  target: PushTarget,
  payload: Record<string, unknown>,
  vapid: VapidKeys,
  send: FetchFunction = fetch,
): Promise<PushOutcome> {
  const details = webpush.generateRequestDetails(
    { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
    JSON.stringify(payload),
    {
      vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
      contentEncoding: 'aes128gcm',
      TTL: 24 * 60 * 60,
    },
  );
  const headers = new Headers();
  for (const [name, value] of Object.entries(details.headers)) headers.set(name, String(value));
  try {
    const response = await send(details.endpoint, {
      method: details.method,
      headers,
      body: details.body ? new Uint8Array(details.body) : null,
    });
    await response.body?.cancel();
    if (response.status === 404 || response.status === 410)
      return { kind: 'expired', status: response.status };
    if (!response.ok) return { kind: 'failed', error: `push service answered ${response.status}` };
    return { kind: 'sent' };
  } catch (error) {
    return { kind: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
}
