/** How a plan variant's billing period reads, e.g. "per month", "every 3 months", "per year". */
export type BillingPeriod = { months: number };

export function billingPeriodKey(months: number): 'month' | 'year' | 'months' {
  if (months === 1) return 'month';
  if (months === 12) return 'year';
  return 'months';
}
