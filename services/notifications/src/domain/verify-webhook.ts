import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a delivery's signed timestamp may be from the receiver's clock (replay window). */
const TOLERANCE_SECONDS = 5 * 60;

/**
 * Verifies a webhook from the learning platform. `rawBody` is the request body exactly as
 * received (before any JSON parsing), `signatureHeader` the `Edu-Signature` header
 * (`t=<unix seconds>,v1=<hex HMAC-SHA256>`), `secret` the subscription's `whsec_…` secret.
 */
export function verifyEduWebhook(
  rawBody: string,
  signatureHeader: string | null,
  secret: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): boolean {
  if (!signatureHeader) return false;
  const fields = new Map(
    signatureHeader.split(',').map((part) => part.trim().split('=', 2) as [string, string]),
  );
  const timestamp = Number(fields.get('t'));
  if (!Number.isSafeInteger(timestamp) || Math.abs(nowSeconds - timestamp) > TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
  const received = Buffer.from(fields.get('v1') ?? '', 'hex');
  return received.length === expected.length && timingSafeEqual(received, expected);
}
