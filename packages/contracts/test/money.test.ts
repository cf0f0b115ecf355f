import { describe, expect, test } from 'bun:test';
import { formatMoney, isChargeableCurrency, minorUnits } from '../src/money.ts';

describe('ISO 4217 minor units', () => {
  test('JPY has none, KWD three, CLF four, most two', () => {
    expect(minorUnits('JPY')).toBe(0);
    expect(minorUnits('KRW')).toBe(0);
    expect(minorUnits('KWD')).toBe(3);
    expect(minorUnits('BHD')).toBe(3);
    expect(minorUnits('CLF')).toBe(4);
    expect(minorUnits('USD')).toBe(2);
    expect(minorUnits('EUR')).toBe(2);
    expect(minorUnits('MGA')).toBe(2);
    expect(minorUnits('eur')).toBe(2);
  });

  test('codes that are not current money have no minor unit', () => {
    for (const code of ['XAU', 'XDR', 'XXX', 'HRK', 'ZWL', 'ABC']) expect(minorUnits(code)).toBeNull();
  });

  test('the table is not Intl’s (CLDR) digits, which differ from ISO for some codes', () => {
    const cldrDigits = (code: string) =>
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits;
    // Where they disagree, ISO wins: these would be off by a power of ten read through Intl.
    expect(minorUnits('UYW')).toBe(4);
    expect(minorUnits('XAU')).toBeNull();
    expect(cldrDigits('UYW')).not.toBe(minorUnits('UYW'));
    expect(cldrDigits('XAU')).toBe(2);
  });

  test('every code in the table is one Intl knows, and every chargeable currency has a minor unit', () => {
    const known = new Set(Intl.supportedValuesOf('currency'));
    for (const code of ['JPY', 'KWD', 'USD', 'XCG', 'ZWG', 'SLE', 'VED']) {
      expect(minorUnits(code)).not.toBeNull();
      expect(known.has(code)).toBe(true);
    }
    for (const code of Intl.supportedValuesOf('currency')) {
      if (isChargeableCurrency(code)) expect(minorUnits(code)).not.toBeNull();
    }
  });

  test('chargeable currencies are the payment provider’s: JPY and KWD yes; XAU, XDR and retired codes no', () => {
    for (const code of ['USD', 'EUR', 'JPY', 'KWD', 'ISK', 'MGA'])
      expect(isChargeableCurrency(code)).toBe(true);
    for (const code of ['XAU', 'XDR', 'HRK', 'IRR', 'KPW', 'CLF', 'usd']) {
      expect(isChargeableCurrency(code)).toBe(false);
    }
  });
});

/** Intl separates with no-break spaces; the tests compare plain ones. */
const plain = (text: string) => text.replace(/\s/g, ' ');

describe('formatMoney', () => {
  test('scales by the currency’s own minor unit, not by 100', () => {
    expect(formatMoney(1000, 'JPY', 'en')).toBe('¥1,000');
    expect(formatMoney(4900, 'USD', 'en')).toBe('$49.00');
    expect(plain(formatMoney(1500, 'KWD', 'en'))).toBe('KWD 1.500');
    expect(plain(formatMoney(12345, 'CLF', 'en'))).toBe('CLF 1.2345');
  });

  test('follows the visitor’s locale', () => {
    expect(plain(formatMoney(4900, 'EUR', 'ru'))).toBe('49,00 €');
    expect(plain(formatMoney(1000, 'JPY', 'ru'))).toBe('1 000 ¥');
  });

  test('a code without a minor unit is shown unscaled instead of guessed', () => {
    expect(formatMoney(5, 'XAU', 'en')).toBe('5 XAU');
  });
});
