import { AppError } from '@edu/platform/http';

/** Requests larger than this are refused with 413 before any service sees them. */
export const MAX_BODY_BYTES = 1024 * 1024;

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Checks a request body once at the gateway so every service answers malformed input the
 * same way: a body must be JSON, declared as JSON, and well-formed.
 */
export function checkJsonBody(contentType: string | undefined, body: ArrayBuffer): void {
  if (body.byteLength === 0) return;
  if (!contentType || !JSON_CONTENT_TYPE.test(contentType)) {
    throw new AppError(
      'unsupported_media_type',
      'Request bodies must be JSON (Content-Type: application/json)',
    );
  }
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new AppError('bad_request', 'The request body is not well-formed JSON');
  }
}
