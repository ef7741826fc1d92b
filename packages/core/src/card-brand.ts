/**
 * How card brands are spelled wherever Portico names one (signup, portal, e-mails, PDFs): the brands' own
 * spelling, not the provider's code (`visa` → Visa, `mastercard` → Mastercard, `amex` → American Express).
 */
const CARD_BRANDS: Readonly<Record<string, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  maestro: 'Maestro',
};

/** The brand's name for a provider's brand code, or `null` for a code it does not know. */
export function cardBrandName(brand: string | null | undefined): string | null {
  return (brand && Object.hasOwn(CARD_BRANDS, brand.toLowerCase()) && CARD_BRANDS[brand.toLowerCase()]) || null;
}
