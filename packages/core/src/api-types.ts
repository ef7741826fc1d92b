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

/**
 * A merchant's replacement texts for the elements (tenant setting `stringOverrides`): language → message id
 * (the `<trans-unit id>` in `locales/*.xlf`) or English text → plain text (`{0}`, `{1}` … for a message's values).
 */
export type StringOverrides = Record<string, Record<string, string>>;

/** Sent as `tenant.stringOverrides` in the signup config and as `stringOverrides` in the portal session. */
export interface TenantWording {
  stringOverrides: StringOverrides;
}

declare module './portal-api.ts' {
  // Optional so that sessions built elsewhere (tests) stay valid; the server always sends both.
  interface PortalSession extends Partial<TenantWording> {
    /**
     * The customer's own language: the link's, else the one on the customer's record; null when neither
     * names one. The portal ranks it after `?language=` and `lang`, before the tenant's default.
     */
    customerLanguage?: string | null;
  }
}
