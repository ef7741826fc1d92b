import { SMTPServer } from 'smtp-server';
import { parseMail, type ParsedMail } from '../../../packages/server/src/email/mime.ts';

export interface ReceivedMail extends ParsedMail {
  envelopeTo: string[];
  raw: Buffer;
}

export interface TestMailbox {
  port: number;
  /** `smtp://127.0.0.1:<port>`: start Portico with `SMTP_URL` set to this. */
  url: string;
  messages: ReceivedMail[];
  /**
   * Resolves with the first message (already received or still to come) that matches, among those from index
   * `since` on (`messages.length` taken before the action that sends it); rejects after `timeoutMs`.
   */
  waitForMail(
    predicate: (mail: ReceivedMail) => boolean,
    options?: { since?: number; timeoutMs?: number },
  ): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** An in-process SMTP server on 127.0.0.1 that collects every message it receives. */
export async function startTestMailbox(): Promise<TestMailbox> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        messages.push({ ...parseMail(raw), raw, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
        for (const wake of waiters) wake();
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    const listener = server.listen(0, '127.0.0.1', () => {
      const address = listener.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitForMail(predicate, { since = 0, timeoutMs = 15_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.slice(since).find(predicate);
          if (!found) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(
              `no matching e-mail within ${timeoutMs} ms; received: ${messages.map((m) => m.subject).join(' | ') || 'none'}`,
            ),
          );
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
