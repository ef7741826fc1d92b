import type { Kysely } from 'kysely';
import type { DB, EmailAttachment, TenantSettings } from '../db/schema.ts';
import { enqueueEmail } from './outbox.ts';
import { renderEmail } from './templates.ts';

export interface CustomerRecipient {
  /** The language of the customer's e-mails: `customers.language`, else the tenant's default language. */
  language: string;
  tenantName: string;
}

/** The customer's e-mail language and the tenant's name, scoped to the tenant. */
export async function customerRecipient(
  db: Kysely<DB>,
  tenantId: string,
  customerId: string,
  settings: Pick<TenantSettings, 'languages'>,
): Promise<CustomerRecipient> {
  const row = await db
    .selectFrom('customers')
    .innerJoin('tenants', 'tenants.id', 'customers.tenant_id')
    .where('customers.tenant_id', '=', tenantId)
    .where('customers.id', '=', customerId)
    .select(['customers.language', 'tenants.name', 'tenants.default_language'])
    .executeTakeFirstOrThrow();
  return {
    language: row.language || settings.languages?.default || row.default_language,
    tenantName: row.name,
  };
}

/**
 * Renders a built-in (or tenant-overridden) e-mail in `language` and puts it into the outbox. Call it with the
 * transaction of the change the e-mail reports.
 */
export async function sendTemplatedEmail(
  db: Kysely<DB>,
  tenantId: string,
  settings: TenantSettings,
  email: {
    to: string;
    template: string;
    language: string;
    values: Record<string, string>;
    attachments?: EmailAttachment[];
  },
): Promise<string> {
  const mail = renderEmail(settings, email.template, email.language, email.values);
  return enqueueEmail(db, tenantId, {
    to: email.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    ...(email.attachments ? { attachments: email.attachments } : {}),
  });
}
