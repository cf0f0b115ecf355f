/** The header names of a webhook delivery (documented in the service README). */
export const WEBHOOK_HEADERS = {
  id: 'Edu-Webhook-Id',
  timestamp: 'Edu-Webhook-Timestamp',
  signature: 'Edu-Signature',
} as const;

const encoder = new TextEncoder();

/** A new signing secret: `whsec_` and 32 random bytes, base64url. */
export function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${Buffer.from(bytes).toString('base64url')}`;
}

/**
 * The `Edu-Signature` value for `body` sent at `timestamp` (Unix seconds):
 * `t=<timestamp>,v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. Web Crypto, so it also
 * runs on Workers. The whole secret string (with its `whsec_` prefix) is the HMAC key.
 */
export async function signWebhook(secret: string, timestamp: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${body}`));
  return `t=${timestamp},v1=${Buffer.from(mac).toString('hex')}`;
}
