import nodemailer, { type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB, EmailAttachment, SmtpSettings } from '../db/schema.ts';
import { getTenantSettings, scoped } from '../db/tenant.ts';
import { renderInvoicePdf } from '../documents/invoice-pdf.ts';
import { finishDocumentingOrders } from '../signup/create-order.ts';
import { smtpPasswordOf } from './smtp-settings.ts';
import { poller } from '../polling.ts';

export interface DeliveryOptions {
  /** `smtp://user:pass@host:port` (or `smtps://`). */
  smtpUrl: string;
  /** Sender address, e.g. `"Portico" <billing@example.com>`. */
  from: string;
  /** Rows claimed per round. */
  batchSize?: number;
  /** Attempts before a message is marked failed. */
  maxAttempts?: number;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /**
   * The time the worker's due checks and leases use. Default: the database's `now()`, one clock for every
   * instance. Tests pass their own to see what a worker does after a lease ran out.
   */
  clock?: () => Date;
}

/**
 * How long a claimed message stays reserved for the worker that claimed it. The worker renews the lease of the
 * messages it still holds every `LEASE_RENEW_MS` while it works through a batch, so a live worker keeps them and a
 * killed one's come back to the other workers within this many seconds.
 */
export const LEASE_SECONDS = 30;
const LEASE_RENEW_MS = 10_000;

/** "Now" for a query: the worker's clock when it has one, else the database's. */
function nowOf(clock: (() => Date) | undefined) {
  return clock ? sql<Date>`${clock().toISOString()}::timestamptz` : sql<Date>`now()`;
}

/** Seconds to wait before attempt `attempts + 1`: 30 s, 2 min, 8 min, … up to 6 h. */
export function backoffSeconds(attempts: number): number {
  return Math.min(6 * 3600, 30 * 4 ** Math.max(0, attempts - 1));
}

interface ClaimedRow {
  id: string;
  tenant_id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attachments: EmailAttachment[];
  attempts: number;
}

/**
 * Claims due outbox rows of every tenant (`FOR UPDATE SKIP LOCKED`, so several workers never take the same row),
 * marks them `sending` with a lease of `LEASE_SECONDS`, and returns them. A row still `sending` whose lease ran out
 * was claimed by a worker that died; it is due again. The claim counts an attempt, and the attempt number fences
 * the claim: the worker's later updates of the row apply only while it is still the claim it made.
 */
export async function claimDue(db: Kysely<DB>, limit: number, clock?: () => Date): Promise<ClaimedRow[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('email_outbox')
      .where('status', 'in', ['pending', 'sending'])
      .where('next_attempt_at', '<=', nowOf(clock))
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .select(['id', 'tenant_id', 'to_address', 'subject', 'text_body', 'html_body', 'attachments', 'attempts'])
      .execute();
    for (const row of rows) {
      await scoped(trx, row.tenant_id)
        .updateTable('email_outbox')
        .set({
          status: 'sending',
          attempts: sql<number>`attempts + 1`,
          next_attempt_at: sql<Date>`${nowOf(clock)} + make_interval(secs => ${LEASE_SECONDS})`,
        })
        .where('id', '=', row.id)
        .execute();
    }
    return rows.map((row) => ({ ...row, attempts: row.attempts + 1 }));
  });
}

/**
 * Extends the lease of a claimed row the worker still holds; false when the row is no longer its claim (its lease
 * ran out and another worker claimed it, or it is done), so the worker must leave it alone.
 */
async function renewLease(db: Kysely<DB>, row: ClaimedRow, clock?: () => Date): Promise<boolean> {
  const result = await scoped(db, row.tenant_id)
    .updateTable('email_outbox')
    .set({ next_attempt_at: sql<Date>`${nowOf(clock)} + make_interval(secs => ${LEASE_SECONDS})` })
    .where('id', '=', row.id)
    .where('status', '=', 'sending')
    .where('attempts', '=', row.attempts)
    .where('next_attempt_at', '>', nowOf(clock))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

async function attachmentsOf(db: Kysely<DB>, row: ClaimedRow): Promise<Mail.Attachment[]> {
  const result: Mail.Attachment[] = [];
  for (const attachment of row.attachments) {
    if (attachment.contentBase64 !== undefined) {
      result.push({
        filename: attachment.filename,
        contentType: attachment.contentType,
        content: Buffer.from(attachment.contentBase64, 'base64'),
      });
    } else if (attachment.documentId) {
      const document = await scoped(db, row.tenant_id)
        .selectFrom('documents')
        .where('id', '=', attachment.documentId)
        .select('content')
        .executeTakeFirst();
      if (!document) throw new Error(`attachment document ${attachment.documentId} is missing`);
      result.push({
        filename: attachment.filename,
        contentType: attachment.contentType,
        content: Buffer.from(document.content),
      });
    } else if (attachment.invoiceId) {
      result.push({
        filename: attachment.filename,
        contentType: attachment.contentType,
        content: await invoicePdf(db, row.tenant_id, attachment.invoiceId),
      });
    }
  }
  return result;
}

/** Renders an invoice PDF when the mail is sent, so it always shows the invoice as stored. */
async function invoicePdf(db: Kysely<DB>, tenantId: string, invoiceId: string): Promise<Buffer> {
  const scope = scoped(db, tenantId);
  const invoice = await scope.selectFrom('invoices').where('id', '=', invoiceId).selectAll().executeTakeFirst();
  if (!invoice) throw new Error(`attachment invoice ${invoiceId} is missing`);
  const lines = await scope
    .selectFrom('invoice_lines')
    .where('invoice_id', '=', invoiceId)
    .orderBy('position')
    .selectAll()
    .execute();
  const tenant = await db.selectFrom('tenants').where('id', '=', tenantId).select('name').executeTakeFirstOrThrow();
  const settings = await getTenantSettings(db, tenantId);
  const corrects = invoice.corrects_invoice_id
    ? await scope
        .selectFrom('invoices')
        .where('id', '=', invoice.corrects_invoice_id)
        .select('number')
        .executeTakeFirst()
    : undefined;
  return renderInvoicePdf({
    merchantName: tenant.name,
    invoice,
    lines,
    correctsNumber: corrects?.number ?? null,
    branding: settings?.branding ?? null,
  });
}

export interface DeliveryWorker {
  /** Delivers everything due now; resolves with the number of messages sent. */
  runOnce(): Promise<number>;
  /** Starts polling every `intervalMs`. */
  start(intervalMs?: number): void;
  /** Stops polling and waits for the round in flight. */
  stop(): Promise<void>;
}

export interface Sender {
  name: string;
  address: string;
}

/** `Name <address>` or a bare address, split (the name unquoted). */
function parseAddress(value: string): Sender {
  const match = /^\s*"?(.*?)"?\s*<([^<>]+)>\s*$/.exec(value);
  return match ? { name: match[1]!.trim(), address: match[2]!.trim() } : { name: '', address: value.trim() };
}

/**
 * Who a tenant's mail comes from: the tenant's address (`settings.smtp.from`) or else the system's (`SMTP_FROM`),
 * under the tenant's sender name — the name in its `smtp.from` when it gives one, else the tenant's (company) name —
 * so customers see the merchant, not "Portico". Line breaks and control characters never reach the header.
 */
export function senderOf(tenantName: string, tenantFrom: string | undefined, systemFrom: string): Sender {
  const own = tenantFrom?.trim() ? parseAddress(tenantFrom) : null;
  const system = parseAddress(systemFrom);
  const clean = (text: string) => text.replace(/\p{Cc}+/gu, ' ').trim();
  return {
    name: clean(own?.name || tenantName) || system.name,
    address: own?.address || system.address,
  };
}

/**
 * Delivers the outbox over SMTP with nodemailer: through the system server (`smtpUrl`), or a tenant's own server
 * when its settings say `smtp.useSystem: false`. Failures are retried with exponential backoff.
 */
export function createDeliveryWorker(db: Kysely<DB>, options: DeliveryOptions): DeliveryWorker {
  const transport: Transporter = nodemailer.createTransport(options.smtpUrl);
  /** Transports of tenants that use their own SMTP server (settings.smtp.useSystem false), with their settings. */
  const tenantTransports = new Map<string, { settings: string; transport: Transporter }>();

  /**
   * The transport and sender for a tenant: its own server when configured, else the system's. The tenant's SMTP
   * password is opened (secretsOf(db)) only when its transport is made, and the transport is made again when its
   * settings change (a resealed password too).
   */
  async function route(tenantId: string): Promise<{ transport: Transporter; from: Sender }> {
    const smtp: SmtpSettings | undefined = (await getTenantSettings(db, tenantId))?.smtp;
    const tenant = await db.selectFrom('tenants').where('id', '=', tenantId).select('name').executeTakeFirst();
    const from = senderOf(tenant?.name ?? '', smtp?.from, options.from);
    if (!smtp || smtp.useSystem || !smtp.host) return { transport, from };
    const settings = JSON.stringify(smtp);
    let own = tenantTransports.get(tenantId);
    if (own?.settings !== settings) {
      const password = smtpPasswordOf(db, tenantId, smtp);
      own?.transport.close();
      own = {
        settings,
        transport: nodemailer.createTransport({
          host: smtp.host,
          port: smtp.port ?? (smtp.secure ? 465 : 587),
          secure: smtp.secure ?? false,
          ...(smtp.user ? { auth: { user: smtp.user, pass: password ?? '' } } : {}),
        }),
      };
      tenantTransports.set(tenantId, own);
    }
    return { transport: own.transport, from };
  }
  const batchSize = options.batchSize ?? 20;
  const maxAttempts = options.maxAttempts ?? 8;

  async function deliver(row: ClaimedRow): Promise<boolean> {
    const scope = scoped(db, row.tenant_id);
    try {
      const via = await route(row.tenant_id);
      await via.transport.sendMail({
        from: via.from,
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        ...(row.html_body ? { html: row.html_body } : {}),
        attachments: await attachmentsOf(db, row),
      });
      await scope
        .updateTable('email_outbox')
        .set({ status: 'sent', sent_at: sql<Date>`now()`, last_error: null })
        .where('id', '=', row.id)
        .where('attempts', '=', row.attempts)
        .execute();
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failed = row.attempts >= maxAttempts;
      await scope
        .updateTable('email_outbox')
        .set({
          status: failed ? 'failed' : 'pending',
          last_error: message.slice(0, 1000),
          next_attempt_at: sql<Date>`${nowOf(options.clock)} + make_interval(secs => ${backoffSeconds(row.attempts)})`,
        })
        .where('id', '=', row.id)
        .where('status', '=', 'sending')
        .where('attempts', '=', row.attempts)
        .execute();
      options.logger?.warn(
        { emailId: row.id, tenantId: row.tenant_id, attempts: row.attempts, failed, err: message },
        'e-mail delivery failed',
      );
      return false;
    }
  }

  /**
   * Makes the contract documents of the orders placed since the last round and queues their confirmations (which
   * this round then sends), then claims a batch and delivers it one by one, renewing the lease of the rows not yet
   * done while it works.
   */
  async function round(): Promise<number> {
    await finishDocumentingOrders(db, { clock: options.clock, logger: options.logger }).catch((error: unknown) =>
      options.logger?.error({ err: error }, 'order documents round failed'),
    );
    let sent = 0;
    for (;;) {
      const rows = await claimDue(db, batchSize, options.clock);
      const held = new Set(rows);
      let renewing: Promise<void> | undefined;
      const renewal = setInterval(() => {
        renewing ??= (async () => {
          for (const row of held) await renewLease(db, row, options.clock);
        })()
          .catch((error: unknown) => options.logger?.warn({ err: error }, 'e-mail lease renewal failed'))
          .finally(() => {
            renewing = undefined;
          });
      }, LEASE_RENEW_MS);
      renewal.unref();
      try {
        for (const row of rows) {
          // Only a row this worker still holds: one whose lease ran out (the worker was stalled) is another's now.
          if (await renewLease(db, row, options.clock)) {
            if (await deliver(row)) sent++;
          } else {
            options.logger?.warn(
              { emailId: row.id, tenantId: row.tenant_id },
              'e-mail lease lost; left to its new claim',
            );
          }
          held.delete(row);
        }
      } finally {
        clearInterval(renewal);
        await renewing;
      }
      if (rows.length < batchSize || poll.stopped) return sent;
    }
  }

  const poll = poller(round, (error) => options.logger?.error({ err: error }, 'e-mail worker round failed'));
  return {
    runOnce: () => poll.runOnce(),
    start: (intervalMs) => poll.start(intervalMs),
    async stop() {
      await poll.stop();
      transport.close();
      for (const own of tenantTransports.values()) own.transport.close();
    },
  };
}
