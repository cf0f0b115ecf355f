import { isChargeableCurrency, minorUnits } from '@edu/contracts';

/**
 * Our amounts are in ISO 4217 minor units; Stripe's `unit_amount` / `amount` are in the unit
 * Stripe uses for the currency (https://docs.stripe.com/currencies#minor-units), which is the
 * ISO one except where Stripe says otherwise:
 * - zero-decimal: the amount is whole units (¥1000 is 1000), including MGA, two-decimal in ISO;
 * - three-decimal (BHD, JOD, KWD, OMR, TND): thousandths, and the last digit must be 0;
 * - ISK: zero-decimal in ISO, but two-decimal in Stripe's API (a whole króna is 100).
 */
const STRIPE_ZERO_DECIMAL = new Set(
  'BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF'.split(' '),
);
const STRIPE_THREE_DECIMAL = new Set('BHD JOD KWD OMR TND'.split(' '));

function stripeExponent(currency: string): number {
  if (STRIPE_ZERO_DECIMAL.has(currency)) return 0;
  if (STRIPE_THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

type StripeAmount = { ok: true; amount: number } | { ok: false; problem: string };

/** `amountMinor` (ISO minor units of `currency`) as Stripe's amount, or why Stripe cannot charge it. */
export function toStripeAmount(amountMinor: number, currency: string): StripeAmount {
  const iso = minorUnits(currency);
  if (iso === null || !isChargeableCurrency(currency)) {
    return { ok: false, problem: `Payments in ${currency} cannot be taken` };
  }
  const shift = stripeExponent(currency) - iso;
  const divisor = 10 ** Math.max(0, -shift);
  if (amountMinor % divisor !== 0) {
    return {
      ok: false,
      problem: `Stripe charges ${currency} in whole units only; ${amountMinor} minor units is not a whole amount`,
    };
  }
  const amount = shift >= 0 ? amountMinor * 10 ** shift : amountMinor / divisor;
  // Card networks settle three-decimal currencies in tens of the minor unit (Stripe rejects the rest).
  if (STRIPE_THREE_DECIMAL.has(currency) && amount % 10 !== 0) {
    return {
      ok: false,
      problem: `Stripe charges ${currency} in multiples of 10 minor units; ${amountMinor} is not one`,
    };
  }
  return { ok: true, amount };
}
