import { describe, expect, test } from 'bun:test';
import { renderEmail } from '../src/adapters/mail/email-template.ts';
import { composeMessage } from '../src/domain/messages.ts';
import {
  channelsFor,
  DEFAULT_PREFERENCES,
  LocaleSchema,
  NOTIFICATION_TYPES,
  templateLocale,
} from '../src/domain/notification-types.ts';
import { afterFailure, MAX_DELIVERY_ATTEMPTS } from '../src/domain/retry.ts';

describe('templates', () => {
  const context = {
    name: '<img src=x onerror=alert(1)>',
    data: { courseId: 'c1', certificateId: 'cert-"9"' },
  };

  test.each(
    NOTIFICATION_TYPES.flatMap((type) => LocaleSchema.options.map((locale) => [type, locale] as const)),
  )('%s in %s renders a subject, escaped HTML and text', async (type, locale) => {
    const email = await renderEmail(type, locale, context);
    expect(email.subject.length).toBeGreaterThan(3);
    expect(email.html).toStartWith('<!doctype html>');
    expect(email.html).toContain(`lang="${locale}"`);
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(email.text).toContain(context.name);
    const message = composeMessage(type, locale, context);
    expect(message.title.length).toBeGreaterThan(0);
    expect(message.body.length).toBeGreaterThan(0);
  });

  test('Russian and English differ, and the certificate id appears when present', async () => {
    const en = await renderEmail('course_completed', 'en', context);
    const ru = await renderEmail('course_completed', 'ru', context);
    expect(en.subject).not.toBe(ru.subject);
    expect(en.html).toContain('cert-&quot;9&quot;');
    const without = composeMessage('course_completed', 'en', { name: 'A', data: { courseId: 'c1' } });
    expect(without.body).toBe('You finished the course.');
  });

  test('locale tags reduce to the templates we have', () => {
    expect(templateLocale('ru-RU')).toBe('ru');
    expect(templateLocale('RU')).toBe('ru');
    expect(templateLocale('en-GB')).toBe('en');
    expect(templateLocale('de')).toBe('en');
    expect(templateLocale(undefined)).toBe('en');
  });
});

describe('channels', () => {
  test('follow preferences and reachability', () => {
    expect(channelsFor(DEFAULT_PREFERENCES, { hasEmail: true, pushSubscriptions: 2 })).toEqual([
      'email',
      'push',
      'in_app',
    ]);
    expect(channelsFor(DEFAULT_PREFERENCES, { hasEmail: false, pushSubscriptions: 0 })).toEqual(['in_app']);
    expect(
      channelsFor({ email: false, push: true, inApp: false }, { hasEmail: true, pushSubscriptions: 1 }),
    ).toEqual(['push']);
  });
});

describe('retries', () => {
  test('stay pending with a later due time until the last attempt, then fail', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const first = afterFailure(1, now, () => 0.5);
    expect(first).toEqual({ status: 'pending', nextAttemptAt: new Date(now.getTime() + 30_000) });
    expect(afterFailure(MAX_DELIVERY_ATTEMPTS, now).status).toBe('failed');
  });
});
