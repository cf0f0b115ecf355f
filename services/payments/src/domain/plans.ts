import { z } from 'zod';

/** The all-access plans. They are configuration, not data: prices live here and, for Stripe, in STRIPE_PRICE_<PLAN>. */
const PlanIdSchema = z.enum(['monthly', 'yearly']);
export type PlanId = z.infer<typeof PlanIdSchema>;

export interface Plan {
  id: PlanId;
  name: string;
  priceCents: number;
  currency: string;
  interval: 'month' | 'year';
}

export const PLANS: readonly Plan[] = [
  { id: 'monthly', name: 'All access, monthly', priceCents: 1900, currency: 'USD', interval: 'month' },
  { id: 'yearly', name: 'All access, yearly', priceCents: 19000, currency: 'USD', interval: 'year' },
];

export function findPlan(planId: string): Plan | undefined {
  return PLANS.find((plan) => plan.id === planId);
}

/** When a period that starts at `from` ends, for the embedded provider (Stripe tells us its own). */
export function periodEnd(plan: Plan, from: Date): Date {
  const end = new Date(from);
  if (plan.interval === 'month') end.setUTCMonth(end.getUTCMonth() + 1);
  else end.setUTCFullYear(end.getUTCFullYear() + 1);
  return end;
}
