/**
 * Money as the API carries it: an integer amount in the currency's minor unit (`priceCents`,
 * `amountCents`) and an upper-case ISO 4217 code. "Minor unit" is ISO 4217's exponent: cents
 * for USD (2), whole yen for JPY (0), fils for KWD (3).
 *
 * The exponents are ISO 4217's own list, kept here rather than read from Intl: Intl follows
 * CLDR, whose display digits differ from ISO for some codes (e.g. UYW is 4 in ISO, 2 in
 * CLDR; XAU has no minor unit in ISO, 2 in CLDR), and an amount read with the wrong exponent
 * is off by a power of ten.
 */

/** ISO 4217 codes (List One, current) whose minor unit is not 2. */
const NOT_TWO_DIGITS: Record<string, 0 | 3 | 4> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** ISO 4217 codes with a minor unit of 2 (everything current that is money and not listed above). */
const TWO_DIGITS = `AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP
  BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL
  GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL
  MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP
  PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP
  TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG`.split(/\s+/);

const MINOR_UNITS: ReadonlyMap<string, number> = new Map([
  ...TWO_DIGITS.map((code): [string, number] => [code, 2]),
  ...Object.entries(NOT_TWO_DIGITS),
]);

/**
 * The ISO 4217 minor unit (decimal exponent) of `currency`, or null for a code that is not
 * current ISO 4217 money (unknown, withdrawn, or without a minor unit such as XAU or XDR).
 */
export function minorUnits(currency: string): number | null {
  return MINOR_UNITS.get(currency.toUpperCase()) ?? null;
}

/**
 * The currencies courses can be sold in: those the platform's payment provider (Stripe) can
 * charge — its presentment currencies that are current ISO 4217 money. The embedded test
 * provider takes these too, so a course priced on a laptop can be sold in production.
 */
const CHARGEABLE = new Set(
  `AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BWP BYN BZD
  CAD CDF CHF CLP CNY COP CRC CVE CZK DJF DKK DOP DZD EGP ETB EUR FJD FKP GBP GEL GIP GMD GNF GTQ GYD
  HKD HNL HTG HUF IDR ILS INR ISK JMD JOD JPY KES KGS KHR KMF KRW KWD KYD KZT LAK LBP LKR LRD LSL MAD
  MDL MGA MKD MMK MNT MOP MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN
  PYG QAR RON RSD RUB RWF SAR SBD SCR SEK SGD SHP SLE SOS SRD SZL THB TJS TND TOP TRY TTD TWD TZS UAH
  UGX USD UYU UZS VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW`.split(/\s+/),
);

export function isChargeableCurrency(currency: string): boolean {
  return CHARGEABLE.has(currency);
}

/**
 * An amount in minor units shown for `locale` (`¥1,000`, `1 000,00 €`, `KWD 1.500`), with
 * exactly the currency's ISO minor-unit digits. Codes without a minor unit are shown as
 * `amount CODE`, unscaled, rather than guessed.
 */
export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  const digits = minorUnits(currency);
  if (digits === null) return `${amountMinor} ${currency}`;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amountMinor / 10 ** digits);
}
