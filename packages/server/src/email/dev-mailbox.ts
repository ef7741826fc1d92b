import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SMTPServer } from 'smtp-server';
import { Type } from 'typebox';
import { errors } from '../http/schemas.ts';
import { loopbackOnly } from '../http/loopback.ts';
import { setPagePolicy } from '../http/csp.ts';
import { escapeHtml } from '../html/escape.ts';
import { parseMail, type ParsedMail } from './mime.ts';

export interface StoredMail extends ParsedMail {
  id: number;
  receivedAt: Date;
  envelopeTo: string[];
}

export interface DevMailbox {
  /** `smtp://127.0.0.1:<port>` for the delivery worker. */
  smtpUrl: string;
  messages(): StoredMail[];
  close(): Promise<void>;
}

const KEEP = 200;

/**
 * The development mailbox: a real SMTP listener on 127.0.0.1 (a free port) that keeps the last 200 messages in
 * memory. `npm start` runs it when SMTP_URL is not set, and `/dev/mailbox` shows what it received.
 */
export async function startDevMailbox(): Promise<DevMailbox> {
  const stored: StoredMail[] = [];
  let next = 1;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        try {
          const mail = parseMail(Buffer.concat(chunks));
          stored.unshift({
            ...mail,
            id: next++,
            receivedAt: new Date(),
            envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          });
          stored.length = Math.min(stored.length, KEEP);
          callback();
        } catch (error) {
          callback(error as Error);
        }
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
    smtpUrl: `smtp://127.0.0.1:${port}`,
    messages: () => stored,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const STYLE = `<style>
body{font:15px system-ui,sans-serif;margin:1.5rem;color:#1b1b1f}table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f5f5f7;padding:1rem;border-radius:6px}
iframe{width:100%;min-height:24rem;border:1px solid #ddd;border-radius:6px}
</style>`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>${STYLE}</head><body><main>${body}</main></body></html>`;
}

/** The plain-text part, escaped, with its http(s) addresses as links that open in a new tab. */
export function linkedText(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"']+/g)) {
    // Sentence punctuation after an address is not part of it.
    const url = match[0].replace(/[.,;:!?)\]]+$/, '');
    html += escapeHtml(text.slice(last, match.index));
    html += `<a href="${escapeHtml(url)}" target="_blank" rel="noopener">${escapeHtml(url)}</a>`;
    last = match.index + url.length;
  }
  return html + escapeHtml(text.slice(last));
}

/**
 * The HTML part as the preview frame's document: its links open in a new top-level tab (`<base target="_blank">`;
 * the frame's sandbox lets them escape it), since the sandbox, which runs no script, would break the portal.
 */
export function previewDocument(html: string): string {
  const base = '<base target="_blank">';
  return /<head(\s[^>]*)?>/i.test(html) ? html.replace(/<head(\s[^>]*)?>/i, (head) => head + base) : base + html;
}

const tags = ['development'];
const HtmlPage = Type.String({ description: 'An HTML page' });

/**
 * `/dev/mailbox` (list) and `/dev/mailbox/{id}` (one message; every value escaped, the HTML body in a sandbox).
 * Every e-mail carries live portal links, so the mailbox answers only requests from this machine (anyone else gets
 * a 404) unless `PORTICO_DEMO_REMOTE` opens it.
 */
export const devMailboxRoutes: FastifyPluginAsyncTypebox<{
  mailbox: DevMailbox;
  /** `PORTICO_DEMO_REMOTE`: answer every client, not only this machine. */
  allowRemote?: boolean;
}> = async (app, { mailbox, allowRemote = false }) => {
  app.addHook('onRequest', loopbackOnly(allowRemote));
  // The mailbox exists only in development (the demo on), so it always carries the report-only policy too. The
  // preview frame's srcdoc document inherits the policy: no script runs in it.
  app.addHook('onSend', async (_request, reply) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      setPagePolicy(reply, { frameAncestors: "frame-ancestors 'self'", development: true });
    }
  });
  app.get(
    '/mailbox',
    { schema: { summary: 'The development mailbox', tags, produces: ['text/html'], response: { 200: HtmlPage } } },
    async (_request, reply) => {
      const rows = mailbox
        .messages()
        .map(
          (m) =>
            `<tr><td>${escapeHtml(m.receivedAt.toISOString().replace('T', ' ').slice(0, 19))}</td><td>${escapeHtml(m.envelopeTo.join(', '))}</td><td><a href="/dev/mailbox/${m.id}">${escapeHtml(m.subject || '(no subject)')}</a></td></tr>`,
        )
        .join('');
      const body = `<h1>Development mailbox</h1><p>E-mails Portico sent while <code>SMTP_URL</code> is not set. Newest first; kept in memory until the server stops.</p>${
        rows
          ? `<table><thead><tr><th>Received (UTC)</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>`
          : '<p>No e-mails yet.</p>'
      }`;
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(page('Development mailbox', body));
    },
  );
  app.get(
    '/mailbox/:id',
    {
      schema: {
        summary: 'One e-mail of the development mailbox',
        tags,
        params: Type.Object({ id: Type.String() }),
        produces: ['text/html'],
        response: { 200: HtmlPage, 404: HtmlPage },
      },
    },
    async (request, reply) => {
      const mail = mailbox.messages().find((m) => String(m.id) === request.params.id);
      if (!mail)
        return reply
          .status(404)
          .header('content-type', 'text/html; charset=utf-8')
          .send(page('Not found', '<h1>No such e-mail</h1><p><a href="/dev/mailbox">Back to the mailbox</a></p>'));
      const attachments = mail.attachments
        .map(
          (a, i) =>
            `<li><a href="/dev/mailbox/${mail.id}/attachments/${i}">${escapeHtml(a.filename)}</a> (${escapeHtml(a.contentType)}, ${a.content.length} bytes)</li>`,
        )
        .join('');
      const body = `<p><a href="/dev/mailbox">← Mailbox</a></p><h1>${escapeHtml(mail.subject)}</h1><table>
<tr><th>From</th><td>${escapeHtml(mail.from)}</td></tr><tr><th>To</th><td>${escapeHtml(mail.to)}</td></tr>
<tr><th>Date</th><td>${escapeHtml(mail.date)}</td></tr></table>
${attachments ? `<h2>Attachments</h2><ul>${attachments}</ul>` : ''}
<h2>Text</h2><pre>${linkedText(mail.text)}</pre>
${mail.html !== null ? `<h2>HTML</h2><iframe sandbox="allow-popups allow-popups-to-escape-sandbox" title="HTML body" srcdoc="${escapeHtml(previewDocument(mail.html))}"></iframe>` : ''}`;
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(page(mail.subject, body));
    },
  );
  app.get(
    '/mailbox/:id/attachments/:index',
    {
      schema: {
        summary: 'An attachment of an e-mail in the development mailbox',
        tags,
        params: Type.Object({ id: Type.String(), index: Type.String() }),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors(404) },
      },
    },
    async (request, reply) => {
      const mail = mailbox.messages().find((m) => String(m.id) === request.params.id);
      const attachment = mail?.attachments[Number(request.params.index)];
      if (!attachment) return reply.status(404).send({ error: { code: 'not_found', message: 'No such attachment' } });
      return reply
        .header('content-type', attachment.contentType)
        .header('content-disposition', `attachment; filename="${attachment.filename.replace(/[^\w.-]/g, '_')}"`)
        .send(attachment.content);
    },
  );
};
