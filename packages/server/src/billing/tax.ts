/**
 * VAT by customer country, from the merchant's point of view (EU place-of-supply rules for digital services):
 * - customer in the merchant's own country: that country's standard rate (Germany 19 %);
 * - customer in another EU member state with a syntactically valid VAT ID of that state: reverse charge, 0 %;
 * - customer in another EU member state without one: the customer country's standard rate (OSS);
 * - customer outside the EU: no VAT (export of services).
 */

/** Standard VAT rates in basis points (1900 = 19 %) of the EU member states. */
export const EU_STANDARD_RATES: Readonly<Record<string, number>> = {
  AT: 2000,
  BE: 2100,
  BG: 2000,
  CY: 1900,
  CZ: 2100,
  DE: 1900,
  DK: 2500,
  EE: 2400,
  ES: 2100,
  FI: 2550,
  FR: 2000,
  GR: 2400,
  HR: 2500,
  HU: 2700,
  IE: 2300,
  IT: 2200,
  LT: 2100,
  LU: 1700,
  LV: 2100,
  MT: 1800,
  NL: 2100,
  PL: 2300,
  PT: 2300,
  RO: 2100,
  SE: 2500,
  SI: 2200,
  SK: 2300,
};

/** VAT ID formats after the country prefix (Greece uses the prefix EL). */
const VAT_ID_FORMATS: Readonly<Record<string, RegExp>> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[A-HJ-NP-Z0-9]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^\d{7}[A-W][A-I]?$|^\d[A-Z+*]\d{5}[A-W]$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^\d{2,10}$/,
  SE: /^\d{12}$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
};

export function isEuCountry(country: string): boolean {
  return Object.hasOwn(EU_STANDARD_RATES, country);
}

/** Removes spaces, dots and dashes and upper-cases: 'de 811 907-980' → 'DE811907980'. */
export function normalizeVatId(vatId: string): string {
  return vatId.replace(/[\s.-]/g, '').toUpperCase();
}

/** The member state of a syntactically valid EU VAT ID ('GR' for an 'EL…' ID), or null. */
export function vatIdCountry(vatId: string): string | null {
  const id = normalizeVatId(vatId);
  const prefix = id.slice(0, 2);
  const format = VAT_ID_FORMATS[prefix];
  if (!format || !format.test(id.slice(2))) return null;
  return prefix === 'EL' ? 'GR' : prefix;
}

export interface TaxDecision {
  rateBasisPoints: number;
  reverseCharge: boolean;
}

export function decideTax(input: {
  tenantCountry: string;
  customerCountry: string | null | undefined;
  vatId: string | null | undefined;
}): TaxDecision {
  const tenantCountry = input.tenantCountry.toUpperCase();
  const customerCountry = (input.customerCountry || tenantCountry).toUpperCase();
  if (customerCountry === tenantCountry) {
    return { rateBasisPoints: EU_STANDARD_RATES[tenantCountry] ?? 0, reverseCharge: false };
  }
  if (!isEuCountry(customerCountry)) return { rateBasisPoints: 0, reverseCharge: false };
  const idCountry = input.vatId ? vatIdCountry(input.vatId) : null;
  if (isEuCountry(tenantCountry) && idCountry === customerCountry) {
    return { rateBasisPoints: 0, reverseCharge: true };
  }
  return { rateBasisPoints: EU_STANDARD_RATES[customerCountry] ?? 0, reverseCharge: false };
}

/** Tax on a net amount in cents, rounded half away from zero. */
export function taxOf(netCents: number, rateBasisPoints: number): number {
  const exact = (netCents * rateBasisPoints) / 10_000;
  return Math.sign(exact) * Math.round(Math.abs(exact));
}
