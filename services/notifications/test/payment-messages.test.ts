import { describe, expect, test } from 'bun:test';
import { renderEmail } from '../src/adapters/mail/email-template.ts';
import { retryUrl } from '../src/domain/links.ts';
import { composeMessage } from '../src/domain/messages.ts';

/** Intl separates with no-break spaces; the tests compare plain ones. */
const plain = (text: string) => text.replace(/\s/g, ' ');

describe('amounts in emails and receipts', () => {
  test('use the currency’s ISO minor unit and the recipient’s locale: JPY 1000 is ¥1,000, not 10.00', () => {
    const data = { courseId: 'c1', amountCents: 1000, currency: 'JPY' };
    const en = composeMessage('purchase_confirmation', 'en', { name: 'Aiko', data });
    expect(en.paragraphs.join(' ')).toContain('(¥1,000)');
    const ru = composeMessage('refund_processed', 'ru', { name: 'Аня', data });
    expect(plain(ru.paragraphs.join(' '))).toContain('на сумму 1 000 ¥');
    const dinar = composeMessage('refund_processed', 'en', {
      name: 'Ali',
      data: { amountCents: 1500, currency: 'KWD' },
    });
    expect(plain(dinar.paragraphs.join(' '))).toContain('of KWD 1.500');
    const euro = composeMessage('purchase_confirmation', 'en', {
      name: 'Eva',
      data: { amountCents: 4900, currency: 'EUR' },
    });
    expect(euro.paragraphs.join(' ')).toContain('(€49.00)');
  });
});

describe('payment_failed', () => {
  const url = retryUrl('https://learn.example.com', 'course 1');

  test('links back to the course page, or to the catalogue when there is no course', () => {
    expect(url).toBe('https://learn.example.com/courses/course%201');
    expect(retryUrl('https://learn.example.com', undefined)).toBe('https://learn.example.com/courses');
  });

  test('in English and Russian, with a retry button in the email and the link in its text', async () => {
    const data = { courseId: 'course 1', reason: 'insufficient_funds', retryUrl: url };
    for (const [locale, label] of [
      ['en', 'Try again'],
      ['ru', 'Попробовать ещё раз'],
    ] as const) {
      const message = composeMessage('payment_failed', locale, { name: 'Dana', data });
      expect(message.body).toContain(url);
      const email = await renderEmail('payment_failed', locale, { name: 'Dana', data });
      expect(email.html).toContain(`<a href="${url}"`);
      expect(email.html).toContain(label);
      expect(email.text).toContain(`${label}: ${url}`);
    }
    const en = composeMessage('payment_failed', 'en', { name: 'Dana', data });
    const ru = composeMessage('payment_failed', 'ru', { name: 'Dana', data });
    expect(en.subject).not.toBe(ru.subject);
  });

  test('an expired checkout says so; other failures suggest another card', () => {
    const expired = composeMessage('payment_failed', 'en', {
      name: 'Dana',
      data: { reason: 'checkout_expired', retryUrl: url },
    });
    expect(expired.paragraphs.join(' ')).toContain('expired');
    const declined = composeMessage('payment_failed', 'en', {
      name: 'Dana',
      data: { reason: 'card_declined', retryUrl: url },
    });
    expect(declined.paragraphs.join(' ')).toContain('another card');
  });
});
