import type { DevMailbox } from '../email/dev-mailbox.ts';

/**
 * A development mailbox holding one received e-mail, for tests of the pages that show it (`/dev/mailbox`): the
 * message's subject and parts as given, the rest as the SMTP listener would record them.
 */
export function mailboxWith(message: { subject: string; text: string; html: string | null }): DevMailbox {
  return {
    smtpUrl: 'smtp://127.0.0.1:1',
    messages: () => [
      {
        id: 1,
        receivedAt: new Date('2025-01-01T00:00:00Z'),
        envelopeTo: ['owner@example.com'],
        from: 'Portico <no-reply@portico.localhost>',
        to: 'owner@example.com',
        date: 'Wed, 01 Jan 2025 00:00:00 +0000',
        attachments: [],
        headers: {},
        ...message,
      },
    ],
    close: async () => {},
  };
}
