import { z } from 'zod';
import type { FetchFunction } from '../push/web-push.ts';
import type { MailTransport } from './transport.ts';

/** Resend's answer to POST /emails: `{ id }` on 200, `{ statusCode, name, message }` otherwise. */
const SentSchema = z.object({ id: z.string().min(1) });
const ErrorSchema = z.object({ name: z.string().optional(), message: z.string().optional() });

/**
 * The Resend HTTP API (https://resend.com/docs/api-reference/emails/send-email): one fetch
 * per message, so it runs on Workers where SMTP sockets are not available.
 */
export function createResendTransport(options: {
  apiKey: string;
  baseUrl?: string;
  fetch?: FetchFunction;
}): MailTransport {
  const base = (options.baseUrl ?? 'https://api.resend.com').replace(/\/$/, '');
  const send = options.fetch ?? fetch;
  return {
    kind: 'resend',
    send: async (email) => {
      const response = await send(`${base}/emails`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          'content-type': 'application/json',
          ...(email.idempotencyKey ? { 'idempotency-key': email.idempotencyKey } : {}),
        },
        body: JSON.stringify({
          from: email.from,
          to: [email.to],
          subject: email.subject,
          html: email.html,
          text: email.text,
        }),
      });
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) {
        const problem = ErrorSchema.safeParse(body);
        const detail = problem.success
          ? `${problem.data.name ?? ''} ${problem.data.message ?? ''}`.trim()
          : '';
        throw new Error(`Resend answered ${response.status}${detail ? `: ${detail}` : ''}`);
      }
      return { messageId: SentSchema.parse(body).id };
    },
  };
}
