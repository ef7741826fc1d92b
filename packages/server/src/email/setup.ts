import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../db/schema.ts';
import { startDevMailbox, type DevMailbox } from './dev-mailbox.ts';
import { createDeliveryWorker, type DeliveryWorker } from './worker.ts';

export interface EmailSetup {
  worker: DeliveryWorker;
  /** Present when SMTP_URL is unset: the development mailbox. */
  mailbox: DevMailbox | null;
  stop(): Promise<void>;
}

/** A configuration value that cannot work. */
export class EmailConfigError extends Error {
  override name = 'EmailConfigError';
}

/**
 * Starts e-mail delivery: to `SMTP_URL` when set, otherwise to a development mailbox on 127.0.0.1 whose messages
 * `/dev/mailbox` shows (pass `mailbox` to `createApp`). `SMTP_FROM` is the sender.
 */
export async function startEmail(db: Kysely<DB>, env: NodeJS.ProcessEnv, logger: Logger): Promise<EmailSetup> {
  const configured = env.SMTP_URL?.trim();
  if (configured && !/^smtps?:\/\/[^/]+/.test(configured)) {
    throw new EmailConfigError(`SMTP_URL must be an smtp:// or smtps:// URL, got "${configured.split('@').pop()}"`);
  }
  const from = env.SMTP_FROM?.trim() || 'Portico <no-reply@portico.localhost>';
  const mailbox = configured ? null : await startDevMailbox();
  const worker = createDeliveryWorker(db, { smtpUrl: configured || mailbox!.smtpUrl, from, logger });
  worker.start(1000);
  return {
    worker,
    mailbox,
    async stop() {
      await worker.stop();
      await mailbox?.close();
    },
  };
}
