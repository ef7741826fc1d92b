import type { Selectable } from 'kysely';
import { createSelfServiceLink } from '../access/links.ts';
import { publicUrl } from '../access/public-url.ts';
import type { DB, TenantSettings } from '../db/schema.ts';
import type { TenantScope } from '../db/tenant.ts';
import { sendTemplatedEmail, type CustomerRecipient } from '../email/send.ts';
import { formatAmount, formatDate, formatDateTime } from '../i18n/format.ts';

export interface IssuedInvoiceMail {
  invoiceId: string;
  invoiceNumber: string;
  contractId: string;
  contractNumber: string;
  periodStart: string;
  periodEnd: string;
  grossCents: number;
  currency: string;
  dueDate: string;
}

/** What a billing run already read for the contract, so each invoice's e-mail reads nothing of it again. */
export interface InvoiceMailContext {
  settings: TenantSettings;
  /** The customer's e-mail language and the tenant's name (`customerRecipient`). */
  recipient: CustomerRecipient;
  customer: Pick<Selectable<DB['customers']>, 'id' | 'email' | 'company' | 'first_name' | 'last_name'>;
}

/**
 * Puts the `invoiceIssued` e-mail (built-in or the tenant's override) into the outbox, in the caller's transaction:
 * to the customer's billing e-mail address, in the customer's language, with the invoice PDF attached (rendered when
 * the mail is sent) and a portal link for the customer's owner, valid for the tenant's maximum token lifetime (at
 * most 7 days). A customer without an owner gets the portal page, where a fresh link can be requested.
 */
export async function enqueueInvoiceEmail(
  scope: TenantScope,
  mail: IssuedInvoiceMail,
  { settings, recipient, customer }: InvoiceMailContext,
): Promise<void> {
  const { language } = recipient;
  const owner = await scope
    .selectFrom('persons')
    .where('customer_id', '=', customer.id)
    .where('role', '=', 'owner')
    .select('id')
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  let portal = { url: `${publicUrl()}/${encodeURIComponent(scope.tenantId)}/portal?language=${language}`, expires: '' };
  if (owner) {
    const link = await createSelfServiceLink(scope.db, {
      tenantId: scope.tenantId,
      contractId: mail.contractId,
      personId: owner.id,
      language,
      lifetimeSeconds: Math.max(60, Math.min(settings.selfService.maxTokenLifetimeSeconds, 7 * 24 * 3600)),
    });
    portal = { url: link.url, expires: formatDateTime(language, link.expiresAt) };
  }
  const name = [customer.first_name, customer.last_name].filter(Boolean).join(' ');
  await sendTemplatedEmail(scope.db, scope.tenantId, settings, {
    to: customer.email,
    template: 'invoiceIssued',
    language,
    values: {
      CompanyName: recipient.tenantName,
      CustomerName: name,
      ContractNumber: mail.contractNumber,
      InvoiceNumber: mail.invoiceNumber,
      Amount: formatAmount(language, mail.grossCents, mail.currency),
      DueDate: formatDate(language, mail.dueDate),
      PeriodStart: formatDate(language, mail.periodStart),
      PeriodEnd: formatDate(language, mail.periodEnd),
      SelfServicePortalUrl: portal.url,
      PortalLinkExpires: portal.expires,
    },
    attachments: [
      {
        filename: `${mail.invoiceNumber.replace(/[^\w.-]/g, '_')}.pdf`,
        contentType: 'application/pdf',
        invoiceId: mail.invoiceId,
      },
    ],
  });
}
