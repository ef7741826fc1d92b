import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * Outgoing webhook requests: never to this machine or a private network unless allowed (`PORTICO_WEBHOOKS_ALLOW_PRIVATE`
 * for an operator whose receivers live there, and the tests' local receiver), no redirects followed, 10 s at most.
 * The address check sits in the socket's own DNS lookup, so the address checked is the one connected to — a name
 * that resolves to a public address when the endpoint is saved and to 127.0.0.1 later is refused too.
 */
export const REQUEST_TIMEOUT_MS = 10_000;
/** At most this much of an endpoint's answer is read (and 1,000 characters of it kept in the log). */
const MAX_ANSWER_BYTES = 64 * 1024;

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** Whether an address is loopback, private, link-local, shared, multicast or reserved (IPv4-mapped IPv6 too). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class OutgoingRefused extends Error {
  override name = 'OutgoingRefused';
}

/**
 * What is wrong with an endpoint URL, or null: an absolute `https://` or `http://` URL without user name or
 * password, at most 2,000 characters, and — unless private addresses are allowed — not a literal private address or
 * `localhost` (names are checked again at every delivery).
 */
export function endpointUrlProblem(url: string, allowPrivate: boolean): string | null {
  if (url.length > 2000) return 'The URL is longer than 2,000 characters.';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Send an absolute URL such as https://example.com/webhooks/portico.';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    return 'The URL must start with https:// or http://.';
  if (parsed.username || parsed.password) return 'The URL must not contain a user name or password.';
  if (!allowPrivate) {
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isPrivateAddress(host))) {
      return 'Webhooks are not sent to this machine or to private networks.';
    }
  }
  return null;
}

export interface OutgoingAnswer {
  status: number;
  /** The start of the answer's body, for the delivery log. */
  body: string;
}

/** POSTs `body` (JSON) with `headers` to `url` under the rules above; rejects on refusal, network error or timeout. */
export function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  allowPrivate: boolean,
): Promise<OutgoingAnswer> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const lookup = (
    hostname: string,
    options: object,
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, []);
      const refused = !allowPrivate && addresses.some((entry) => isPrivateAddress(entry.address));
      if (refused) return callback(new OutgoingRefused(`${hostname} resolves to a private address`), []);
      const wantsAll = (options as { all?: boolean }).all;
      if (wantsAll) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        lookup: lookup as never,
        timeout: REQUEST_TIMEOUT_MS,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 1000) }),
        );
        response.on('error', reject);
      },
    );
    // One deadline for the whole exchange, not only for an idle socket.
    const deadline = setTimeout(() => request.destroy(new Error('no answer within 10 s')), REQUEST_TIMEOUT_MS);
    request.on('close', () => clearTimeout(deadline));
    request.on('timeout', () => request.destroy(new Error('no answer within 10 s')));
    request.on('error', reject);
    request.end(body);
  });
}
