/** Shapes exchanged between the server and the browser elements. */

export interface PlanVariantSummary {
  id: string;
  planName: string;
  variantName: string;
  description: string;
  priceCents: number;
  currency: string;
  billingPeriodMonths: number;
  trialDays: number;
}

/** Every error answer of Portico's APIs. `fields` maps a field name to its message. */
export interface ApiErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}
