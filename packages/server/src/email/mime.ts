/**
 * A small MIME reader for the messages Portico itself sends (nodemailer output): headers with RFC 2047 encoded
 * words, nested multipart bodies, quoted-printable and base64. Used by the development mailbox and by tests.
 */
export interface ParsedMail {
  from: string;
  to: string;
  subject: string;
  date: string;
  text: string;
  html: string | null;
  attachments: Array<{ filename: string; contentType: string; content: Buffer }>;
  headers: Record<string, string>;
}

function splitHeaders(raw: Buffer): { headers: Record<string, string>; body: Buffer } {
  const text = raw.toString('latin1');
  let index = text.indexOf('\r\n\r\n');
  let skip = 4;
  if (index < 0) {
    index = text.indexOf('\n\n');
    skip = 2;
  }
  const head = index < 0 ? text : text.slice(0, index);
  const body = index < 0 ? Buffer.alloc(0) : raw.subarray(index + skip);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

/** Decodes `=?charset?Q|B?…?=` words (UTF-8 and Latin-1). */
export function decodeWords(value: string): string {
  const bytes = Buffer.from(value, 'latin1').toString('utf8');
  return bytes
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, charset: string, encoding: string, data: string) => {
      const buffer =
        encoding.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64')
          : Buffer.from(
              data
                .replace(/_/g, ' ')
                .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
              'latin1',
            );
      return buffer.toString(/^utf-?8$/i.test(charset) ? 'utf8' : 'latin1');
    });
}

function param(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const match = new RegExp(`${name}\\*?=("([^"]*)"|([^;\\s]*))`, 'i').exec(header);
  const value = match?.[2] ?? match?.[3];
  if (value === undefined) return undefined;
  return /^utf-8''/i.test(value) ? decodeURIComponent(value.slice(7)) : decodeWords(value);
}

function decodeBody(body: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? '').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.toString('latin1').replace(/\s+/g, ''), 'base64');
    case 'quoted-printable': {
      const text = body.toString('latin1').replace(/=\r?\n/g, '');
      return Buffer.from(
        text.replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      );
    }
    default:
      return body;
  }
}

function walk(raw: Buffer, mail: ParsedMail): void {
  const { headers, body } = splitHeaders(raw);
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = param(type, 'boundary');
  if (/^multipart\//i.test(type) && boundary) {
    const text = body.toString('latin1');
    const parts = text.split(
      new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?\\n?`),
    );
    for (const part of parts.slice(1)) {
      if (part.trim()) walk(Buffer.from(part, 'latin1'), mail);
    }
    return;
  }
  const content = decodeBody(body, headers['content-transfer-encoding']);
  const charset = param(type, 'charset') ?? 'utf-8';
  const decoded = () => content.toString(/^utf-?8$/i.test(charset) ? 'utf8' : 'latin1');
  const filename = param(headers['content-disposition'], 'filename') ?? param(type, 'name');
  if (filename || /attachment/i.test(headers['content-disposition'] ?? '')) {
    mail.attachments.push({ filename: filename ?? 'attachment', contentType: type.split(';')[0]!.trim(), content });
  } else if (/^text\/html/i.test(type)) {
    mail.html = decoded();
  } else if (/^text\//i.test(type)) {
    mail.text = decoded();
  }
}

export function parseMail(raw: Buffer): ParsedMail {
  const { headers } = splitHeaders(raw);
  const mail: ParsedMail = {
    from: decodeWords(headers.from ?? ''),
    to: decodeWords(headers.to ?? ''),
    subject: decodeWords(headers.subject ?? ''),
    date: headers.date ?? '',
    text: '',
    html: null,
    attachments: [],
    headers,
  };
  walk(raw, mail);
  return mail;
}
