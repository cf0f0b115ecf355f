import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { newId } from '@edu/contracts';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { createResendTransport } from '../src/adapters/mail/resend.ts';
import { createSmtpTransport } from '../src/adapters/mail/smtp.ts';
import type { MailTransport } from '../src/adapters/mail/transport.ts';
import { deliveries } from '../src/db/schema.ts';
import { MAX_DELIVERY_ATTEMPTS, nextAttemptDelayMs } from '../src/domain/retry.ts';
import { deliverPending } from '../src/operations/deliveries.ts';
import { notificationsConfig, SERVICE_TEST_TIMEOUT_MS, startNotifications, userCreated } from './support.ts';

/** One round of email deliveries of the subject's runtime, at `now` if given. */
const deliverPendingEmails = (
  subject: Awaited<ReturnType<typeof startNotifications>>,
  options: { now?: Date } = {},
) => deliverPending(subject.deps.db, subject.runtime, { ...options, channel: 'email' });

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server (the smtp-server package) on 127.0.0.1, recording what it accepts. */
async function startSmtpServer() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('the SMTP server has no port');
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('SMTP transport (nodemailer) against a real SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
  });

  test(
    'a registration email is delivered over SMTP with HTML and text parts',
    async () => {
      const subject = await startNotifications({
        env: { MAIL_TRANSPORT: 'smtp', SMTP_URL: smtp.url, MAIL_FROM: 'Platform <mail@platform.test>' },
      });
      try {
        await subject.deliver(userCreated(newId(), { email: 'smtp-user@example.com', name: 'Grace' }));
        const report = await deliverPendingEmails(subject);
        expect(report).toEqual({ sent: 1, retried: 0, failed: 0, dropped: 0 });
        expect(smtp.received).toHaveLength(1);
        const [message] = smtp.received;
        expect(message?.from).toBe('mail@platform.test');
        expect(message?.to).toEqual(['smtp-user@example.com']);
        expect(message?.raw).toContain('Subject: Welcome to the Learning Platform');
        expect(message?.raw).toContain('text/plain');
        expect(message?.raw).toContain('text/html');
      } finally {
        await subject.runtime.mail.close?.();
        await subject.close();
      }
    },
    SERVICE_TEST_TIMEOUT_MS,
  );

  test('a send to a closed port throws (so the worker retries)', async () => {
    const transport = createSmtpTransport('smtp://127.0.0.1:1');
    const email = { from: 'a@b.test', to: 'c@d.test', subject: 's', html: '<p>h</p>', text: 't' };
    await expect(transport.send(email)).rejects.toThrow();
  });
});

/**
 * A stand-in for the Resend API, speaking its documented format
 * (https://resend.com/docs/api-reference/emails/send-email):
 *   POST /emails, `Authorization: Bearer re_...`, JSON `{ from, to: string[], subject, html, text }`,
 *   optional `Idempotency-Key` header;
 *   200 `{ "id": "<uuid>" }`; errors are `{ "statusCode", "name", "message" }`, e.g.
 *   401 `missing_api_key`, 422 `validation_error`, 429 `rate_limit_exceeded`.
 */
function startResendStandIn(options: { failFirst?: number } = {}) {
  const requests: Array<{ headers: Headers; body: Record<string, unknown> }> = [];
  let failures = options.failFirst ?? 0;
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (request) => {
      const url = new URL(request.url);
      if (request.method !== 'POST' || url.pathname !== '/emails')
        return new Response('not found', { status: 404 });
      if (request.headers.get('authorization') !== 'Bearer re_test_key') {
        return Response.json(
          {
            statusCode: 401,
            name: 'missing_api_key',
            message: 'Missing API key in the authorization header',
          },
          { status: 401 },
        );
      }
      requests.push({ headers: request.headers, body: (await request.json()) as Record<string, unknown> });
      if (failures > 0) {
        failures--;
        return Response.json(
          { statusCode: 429, name: 'rate_limit_exceeded', message: 'Too many requests' },
          { status: 429 },
        );
      }
      return Response.json({ id: crypto.randomUUID() });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, requests, close: () => server.stop(true) };
}

describe('Resend transport against a stand-in speaking its API', () => {
  test('sends the documented request and reads the id', async () => {
    const standIn = startResendStandIn();
    try {
      const transport = createResendTransport({ apiKey: 're_test_key', baseUrl: standIn.url });
      const result = await transport.send({
        from: 'Platform <mail@platform.test>',
        to: 'reader@example.com',
        subject: 'Hello',
        html: '<p>Hi</p>',
        text: 'Hi',
        idempotencyKey: 'delivery-1',
      });
      expect(result.messageId).toMatch(/^[\w-]{36}$/);
      const [request] = standIn.requests;
      expect(request?.headers.get('idempotency-key')).toBe('delivery-1');
      expect(request?.body).toEqual({
        from: 'Platform <mail@platform.test>',
        to: ['reader@example.com'],
        subject: 'Hello',
        html: '<p>Hi</p>',
        text: 'Hi',
      });
    } finally {
      standIn.close();
    }
  });

  test('an error answer becomes an error naming the status and Resend’s error name', async () => {
    const standIn = startResendStandIn();
    try {
      const transport = createResendTransport({ apiKey: 'wrong', baseUrl: standIn.url });
      const email = { from: 'a@b.test', to: 'c@d.test', subject: 's', html: 'h', text: 't' };
      await expect(transport.send(email)).rejects.toThrow('Resend answered 401: missing_api_key');
    } finally {
      standIn.close();
    }
  });

  test(
    'the delivery worker retries a rate-limited send and then succeeds',
    async () => {
      const standIn = startResendStandIn({ failFirst: 1 });
      const subject = await startNotifications({
        env: { MAIL_TRANSPORT: 'resend', RESEND_API_KEY: 're_test_key', RESEND_API_URL: standIn.url },
      });
      try {
        await subject.deliver(userCreated(newId(), { email: 'edge@example.com' }));
        expect(await deliverPendingEmails(subject)).toEqual({
          sent: 0,
          retried: 1,
          failed: 0,
          dropped: 0,
        });
        // Nothing is due until the backoff has passed.
        expect(await deliverPendingEmails(subject)).toEqual({
          sent: 0,
          retried: 0,
          failed: 0,
          dropped: 0,
        });
        const later = new Date(Date.now() + 10 * 60_000);
        expect(await deliverPendingEmails(subject, { now: later })).toEqual({
          sent: 1,
          retried: 0,
          failed: 0,
          dropped: 0,
        });
        expect(standIn.requests).toHaveLength(2);
        // Both tries carry the same idempotency key, so Resend would not send twice.
        expect(standIn.requests[0]?.headers.get('idempotency-key')).toBe(
          standIn.requests[1]?.headers.get('idempotency-key') ?? 'missing',
        );
      } finally {
        standIn.close();
        await subject.close();
      }
    },
    SERVICE_TEST_TIMEOUT_MS,
  );
});

describe('retries end in a failed state', () => {
  test(
    'after the last attempt the delivery is failed with its error, not lost',
    async () => {
      const broken: MailTransport = {
        kind: 'smtp',
        send: async () => {
          throw new Error('421 mail server busy');
        },
      };
      const subject = await startNotifications({ adapters: { mail: broken } });
      try {
        await subject.deliver(userCreated(newId(), { email: 'unlucky@example.com' }));
        let now = Date.now();
        for (let attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
          const report = await deliverPendingEmails(subject, { now: new Date(now) });
          expect(report).toEqual(
            attempt < MAX_DELIVERY_ATTEMPTS
              ? { sent: 0, retried: 1, failed: 0, dropped: 0 }
              : { sent: 0, retried: 0, failed: 1, dropped: 0 },
          );
          now += 2 * 60 * 60_000;
        }
        const rows = await subject.deps.db
          .select()
          .from(deliveries)
          .where(eq(deliveries.recipient, 'unlucky@example.com'));
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          status: 'failed',
          attempts: MAX_DELIVERY_ATTEMPTS,
          lastError: '421 mail server busy',
        });
        expect(await deliverPendingEmails(subject, { now: new Date(now) })).toEqual({
          sent: 0,
          retried: 0,
          failed: 0,
          dropped: 0,
        });
      } finally {
        await subject.close();
      }
    },
    SERVICE_TEST_TIMEOUT_MS,
  );

  test('backoff grows and is capped', () => {
    const fixed = () => 0.5;
    expect(nextAttemptDelayMs(1, fixed)).toBe(30_000);
    expect(nextAttemptDelayMs(2, fixed)).toBe(60_000);
    expect(nextAttemptDelayMs(20, fixed)).toBe(3_600_000);
  });
});

describe('configuration', () => {
  test('names the missing setting of the chosen transport', () => {
    expect(() => notificationsConfig({ MAIL_TRANSPORT: 'smtp' }, 'embedded')).toThrow('SMTP_URL');
    expect(() => notificationsConfig({ MAIL_TRANSPORT: 'resend' }, 'embedded')).toThrow('RESEND_API_KEY');
    expect(() => notificationsConfig({ MAIL_TRANSPORT: 'pigeon' }, 'embedded')).toThrow('MAIL_TRANSPORT');
    expect(notificationsConfig({}, 'embedded').MAIL_TRANSPORT).toBe('dev');
  });
});
