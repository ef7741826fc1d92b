import type { FastifyRequest } from 'fastify';
import { publicUrl } from '../access/public-url.ts';

/**
 * The one origin check: which pages may frame Portico's pages and talk to them. A tenant lists its sites in the
 * setting `frameOrigins`; Portico's own origins are the one a request reached it at and the configured public URL's.
 * Used by the hosted pages (`frame-ancestors`, the embed bridge's parent), the card frame and CORS.
 */

/** The origin a request reached Portico at (scheme, host and port), e.g. `http://localhost:8080`. */
export function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Portico's own origins for a request: as the request reached it, and the configured public URL's. */
export function porticoOrigins(request: FastifyRequest): string[] {
  return [ownOrigin(request), new URL(publicUrl()).origin];
}

/** `value` when it is a plain http(s) origin (`scheme://host[:port]`, nothing more), else null. */
export function plainOrigin(value: unknown): string | null {
  if (typeof value !== 'string' || !value) return null;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return null;
  }
  return parsed.origin === value && /^https?:$/.test(parsed.protocol) ? value : null;
}

/**
 * `origin` when it is a plain origin allowed for the tenant — one of Portico's own (`own`) or one of the tenant's
 * `frameOrigins` — else null.
 */
export function allowedParentOrigin(origin: unknown, own: string | string[], frameOrigins: string[]): string | null {
  const plain = plainOrigin(origin);
  if (!plain) return null;
  const owns = Array.isArray(own) ? own : [own];
  return owns.includes(plain) || frameOrigins.includes(plain) ? plain : null;
}

/** `frame-ancestors 'self'` plus the tenant's frame origins (only plain http(s) origins): the hosted pages' policy. */
export function frameAncestors(frameOrigins: string[]): string {
  const origins = frameOrigins.filter((origin) => plainOrigin(origin) !== null);
  return ["frame-ancestors 'self'", ...origins].join(' ');
}

/**
 * The card frame's `frame-ancestors`. The policy checks every ancestor: when the card frame sits in Portico's hosted
 * signup page and that page is itself framed by the merchant's site, the merchant's origin must be allowed too.
 */
export function cardFrameAncestors(parentOrigin: string, frameOrigins: string[]): string {
  return `frame-ancestors ${[...new Set([parentOrigin, ...frameOrigins])].join(' ')}`;
}
