/** Prices as the site's pages write them (CourseCard, the course page, admin payments). */
import { describe, expect, test } from 'bun:test';
import { formatPrice } from '../../site/src/lib/i18n.ts';

/** Intl separates with no-break spaces; the tests compare plain ones. */
const plain = (text: string) => text.replace(/\s/g, ' ');

describe('formatPrice', () => {
  test('scales by the currency’s ISO 4217 minor unit: ¥1,000 is 1000, $49.00 is 4900, KWD 1.500 is 1500', () => {
    expect(formatPrice('en', 1000, 'JPY')).toBe('¥1,000');
    expect(formatPrice('en', 4900, 'USD')).toBe('$49.00');
    expect(plain(formatPrice('en', 1500, 'KWD'))).toBe('KWD 1.500');
  });

  test('writes money as the visitor’s language does', () => {
    expect(plain(formatPrice('ru', 1000, 'JPY'))).toBe('1 000 ¥');
    expect(plain(formatPrice('ru', 12_345, 'EUR'))).toBe('123,45 €');
  });

  test('a free course says so', () => {
    expect(formatPrice('en', 0, 'JPY')).toBe('Free');
  });
});
