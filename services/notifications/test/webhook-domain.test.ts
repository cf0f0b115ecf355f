import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import {
  checkWebhookTarget,
  isPublicAddress,
  webhookUrlProblem,
} from '../src/adapters/webhooks/target-guard.ts';
import { verifyEduWebhook } from '../src/domain/verify-webhook.ts';
import {
  nextWebhookAttempt,
  WEBHOOK_RETRY_DELAYS_MS,
  WEBHOOK_RETRY_WINDOW_MS,
} from '../src/domain/webhook-retry.ts';
import { newWebhookSecret, signWebhook } from '../src/domain/webhook-signature.ts';

const MINUTE = 60_000;

describe('the webhook retry schedule', () => {
  const start = new Date('2026-11-24T00:00:00.000Z');
  const retryUntil = new Date(start.getTime() + WEBHOOK_RETRY_WINDOW_MS);
  const middle = () => 0.5;

  test('backs off 1 m, 5 m, 30 m, 2 h, 5 h, 10 h, then tries once more at the 24 h mark, then fails', () => {
    let now = start;
    const delays: number[] = [];
    for (let attempts = 1; attempts <= 20; attempts++) {
      const decision = nextWebhookAttempt({ attempts, now, retryUntil, random: middle });
      if (decision.status === 'failed') break;
      delays.push(decision.nextAttemptAt.getTime() - now.getTime());
      now = decision.nextAttemptAt;
    }
    expect(delays.slice(0, 6)).toEqual(WEBHOOK_RETRY_DELAYS_MS);
    expect(delays.slice(0, 6).map((ms) => ms / MINUTE)).toEqual([1, 5, 30, 120, 300, 600]);
    expect(delays).toHaveLength(7);
    expect(now).toEqual(retryUntil);
  });

  test('jitter stays within ±10 % and never passes the end of the window', () => {
    const low = nextWebhookAttempt({ attempts: 2, now: start, retryUntil, random: () => 0 });
    const high = nextWebhookAttempt({ attempts: 2, now: start, retryUntil, random: () => 0.999999 });
    expect(low).toEqual({ status: 'pending', nextAttemptAt: new Date(start.getTime() + 4.5 * MINUTE) });
    if (high.status !== 'pending') throw new Error('expected a retry');
    expect(high.nextAttemptAt.getTime() - start.getTime()).toBeLessThanOrEqual(5.5 * MINUTE);
    const late = new Date(retryUntil.getTime() - MINUTE);
    expect(nextWebhookAttempt({ attempts: 6, now: late, retryUntil, random: middle })).toEqual({
      status: 'pending',
      nextAttemptAt: retryUntil,
    });
  });

  test('an attempt at or after the end of the window is the last', () => {
    expect(nextWebhookAttempt({ attempts: 1, now: retryUntil, retryUntil })).toEqual({ status: 'failed' });
  });
});

describe('the SSRF guard', () => {
  test('public addresses pass; loopback, private, link-local, CGNAT, ULA, multicast and mapped forms do not', () => {
    for (const address of [
      '8.8.8.8',
      '1.1.1.1',
      '172.32.0.1',
      '100.128.0.1',
      '2606:4700::1111',
      '::ffff:8.8.8.8',
    ]) {
      expect({ address, public: isPublicAddress(address) }).toEqual({ address, public: true });
    }
    const internal = [
      '127.0.0.1',
      '127.255.0.9',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::',
      '::1',
      'fe80::1',
      'fe80::1%eth0',
      'fc00::1',
      'fd12:3456::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.1.2.3',
      '64:ff9b::a00:1',
      '2001:db8::1',
      'not-an-address',
      '1::2::3',
    ];
    for (const address of internal) {
      expect({ address, public: isPublicAddress(address) }).toEqual({ address, public: false });
    }
  });

  test('with `public`: https only, no credentials, no literal internal address', () => {
    expect(webhookUrlProblem('https://partner.example/hook', 'public')).toBeNull();
    expect(webhookUrlProblem('http://example.com/hook', 'public')).toBe('must be an https URL');
    expect(webhookUrlProblem('ftp://example.com/hook', 'any')).toBe('must be an https URL');
    expect(webhookUrlProblem('not a url', 'any')).toBe('must be an absolute URL');
    expect(webhookUrlProblem('https://user:pw@example.com/', 'any')).toBe('must not contain credentials');
    for (const url of [
      'https://127.0.0.1/',
      'https://10.0.0.1/',
      'https://[::1]/',
      'https://0x7f.1/',
      'https://[::ffff:127.0.0.1]/',
    ]) {
      expect({ url, problem: webhookUrlProblem(url, 'public') }).toEqual({
        url,
        problem: 'must not point to a loopback, private or reserved address',
      });
    }
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', 'any')).toBeNull();
  });

  test('with `public`, every address the host resolves to must be public', async () => {
    const lookup = async (host: string) =>
      ({ 'ok.example': ['93.184.215.14', '2606:2800::1'], 'mixed.example': ['93.184.215.14', '10.0.0.5'] })[
        host
      ] ?? [];
    expect(await checkWebhookTarget('https://ok.example/h', { targets: 'public', lookup })).toEqual({
      ok: true,
    });
    expect(await checkWebhookTarget('https://mixed.example/h', { targets: 'public', lookup })).toEqual({
      ok: false,
      reason: 'The host mixed.example resolves to a non-public address (10.0.0.5)',
    });
    expect(await checkWebhookTarget('https://nowhere.example/h', { targets: 'public', lookup })).toEqual({
      ok: false,
      reason: 'The host nowhere.example could not be resolved',
    });
    const failing = async () => {
      throw new Error('ENOTFOUND');
    };
    expect((await checkWebhookTarget('https://x.example/', { targets: 'public', lookup: failing })).ok).toBe(
      false,
    );
    // The real resolver: localhost is loopback.
    expect((await checkWebhookTarget('https://localhost/h', { targets: 'public' })).ok).toBe(false);
    // `any` resolves nothing and allows everything http(s).
    expect(await checkWebhookTarget('http://mixed.example/h', { targets: 'any', lookup: failing })).toEqual({
      ok: true,
    });
  });
});

describe('webhook signatures', () => {
  test('secrets are whsec_ and 32 random bytes, base64url', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(Buffer.from(secret.slice(6), 'base64url')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  test('what we sign, the documented receiver code accepts; tampering, other secrets and stale times it refuses', async () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ id: 'e1', type: 'course.published', createdAt: 'x', data: { é: 'ü' } });
    const now = Math.floor(Date.now() / 1000);
    const header = await signWebhook(secret, now, body);
    expect(header).toMatch(new RegExp(`^t=${now},v1=[0-9a-f]{64}$`));
    expect(verifyEduWebhook(body, header, secret)).toBe(true);
    expect(verifyEduWebhook(`${body} `, header, secret)).toBe(false);
    expect(verifyEduWebhook(body, header, newWebhookSecret())).toBe(false);
    expect(verifyEduWebhook(body, header.replace(/t=\d+/, `t=${now + 1}`), secret)).toBe(false);
    expect(verifyEduWebhook(body, header, secret, now + 6 * 60)).toBe(false);
    expect(verifyEduWebhook(body, header, secret, now + 4 * 60)).toBe(true);
    expect(verifyEduWebhook(body, null, secret)).toBe(false);
    expect(verifyEduWebhook(body, 'garbage', secret)).toBe(false);
    expect(verifyEduWebhook(body, `t=${now},v1=zz`, secret)).toBe(false);
  });

  test('the README shows exactly the receiver code the tests verify with', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const snippet = readFileSync(new URL('../src/domain/verify-webhook.ts', import.meta.url), 'utf8');
    expect(readme).toContain(snippet.trim());
  });
});
