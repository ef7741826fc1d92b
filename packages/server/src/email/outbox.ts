import type { Kysely } from 'kysely';
import type { DB, EmailAttachment } from '../db/schema.ts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: EmailAttachment[];
}

/**
 * Puts an e-mail into the tenant's outbox. Call it with the transaction that makes the change the e-mail
 * reports, so the mail goes out exactly when the change is committed; a worker delivers the outbox over SMTP.
 */
export async function enqueueEmail(db: Kysely<DB>, tenantId: string, email: OutgoingEmail): Promise<string> {
  const row = await db
    .insertInto('email_outbox')
    .values({
      tenant_id: tenantId,
      to_address: email.to,
      subject: email.subject,
      text_body: email.text,
      html_body: email.html ?? null,
      attachments: JSON.stringify(email.attachments ?? []),
      status: 'pending',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
