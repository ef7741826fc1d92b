import { electronicFormatIBAN, extractIBAN, isSEPACountry, isValidBIC, validateIBAN } from 'ibantools';
import type { TenantSettings } from '../db/schema.ts';
import { fillPlaceholders, message } from '../i18n/translate.ts';

/**
 * BICs of a few well-known German banks by bank code (Bankleitzahl), to fill the BIC in when the customer leaves
 * it out. Since 2016 a SEPA debit needs only the IBAN, so an unknown bank code simply leaves the BIC empty.
 */
const GERMAN_BICS: Readonly<Record<string, string>> = {
  '37040044': 'COBADEFFXXX',
  '10010010': 'PBNKDEFFXXX',
  '50010517': 'INGDDEFFXXX',
  '10070000': 'DEUTDEBBXXX',
  '50070010': 'DEUTDEFFXXX',
  '20041133': 'COBADEHD001',
  '12030000': 'BYLADEM1001',
  '10050000': 'BELADEBEXXX',
  '70150000': 'SSKMDEMMXXX',
  '43060967': 'GENODEM1GLS',
  '10011001': 'NTSBDEB1XXX',
};

export type SepaCheck = { ok: true; iban: string; bic: string | null } | { ok: false; fields: Record<string, string> };

/**
 * Validates holder, IBAN (checksum and country format) and BIC of a payment body the route schema has typed
 * (`PaymentInputBody`); derives the BIC of known German banks.
 */
export function checkSepa(input: { holder?: string; iban?: string; bic?: string }): SepaCheck {
  const fields: Record<string, string> = {};
  const holder = input.holder?.trim() ?? '';
  if (!holder) fields['payment.holder'] = 'Enter the account holder.';
  const iban = electronicFormatIBAN(input.iban ?? '') ?? '';
  if (!iban) fields['payment.iban'] = 'Enter the IBAN.';
  else if (!validateIBAN(iban).valid) fields['payment.iban'] = 'This IBAN is not valid; check it for typos.';
  else if (!isSEPACountry(iban.slice(0, 2))) fields['payment.iban'] = 'This IBAN is not from a SEPA country.';
  let bic: string | null = null;
  const rawBic = input.bic?.replace(/\s/g, '').toUpperCase() ?? '';
  if (rawBic) {
    if (!isValidBIC(rawBic)) fields['payment.bic'] = 'This BIC is not valid.';
    else if (iban && rawBic.slice(4, 6) !== iban.slice(0, 2)) {
      fields['payment.bic'] = 'The BIC belongs to a bank in another country than the IBAN.';
    } else bic = rawBic.length === 8 ? `${rawBic}XXX` : rawBic;
  } else if (iban && !fields['payment.iban']) {
    bic = deriveBic(iban);
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, iban, bic };
}

/** The BIC of a German IBAN's bank when we know it, else null. */
export function deriveBic(iban: string): string | null {
  if (!iban.startsWith('DE')) return null;
  const bankCode = extractIBAN(iban).bankIdentifier;
  return (bankCode && GERMAN_BICS[bankCode]) || null;
}

/** A unique mandate reference (max. 35 characters, A–Z 0–9 and dashes). */
export function mandateReference(customerNumber: string, contractNumber: string): string {
  return `PORTICO-${customerNumber}-${contractNumber}`
    .replace(/[^A-Z0-9-]/gi, '')
    .slice(0, 35)
    .toUpperCase();
}

export interface SepaCreditor {
  creditorName: string;
  creditorId: string;
  mandateText: string;
}

/**
 * The creditor details and the mandate text in `language`. The creditor identifier comes from the tenant setting
 * `sepa.creditorId` when present; otherwise the Bundesbank's test identifier stands in. The mandate text is the
 * tenant's own `sepa.mandateText` for the language (exact tag, then base language: `de-AT` → `de`) when it has one,
 * else the SEPA Core mandate wording of the document catalog (`sepa.mandateText`, English for unknown languages).
 * Settings are stored JSON, so values that are not text are ignored.
 */
export function sepaCreditor(
  tenantName: string,
  settings: Pick<TenantSettings, 'sepa'>,
  language: string,
): SepaCreditor {
  const sepa = settings.sepa;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);
  const creditorName = text(sepa?.creditorName) ?? tenantName;
  const own = sepa?.mandateText;
  const template =
    (own && typeof own === 'object' && (text(own[language]) ?? text(own[language.split('-')[0]!]))) ||
    message(language, 'sepa.mandateText');
  return {
    creditorName,
    creditorId: text(sepa?.creditorId) ?? 'DE98ZZZ09999999999',
    mandateText: fillPlaceholders(template, { CreditorName: creditorName }),
  };
}
