import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/**
 * The Content-Security-Policy of every HTML page Portico serves: the hosted signup page and portal, the card frame,
 * the demo site with the designer playground, and the development mailbox.
 *
 * Scripts come only from Portico itself (`/assets/`, the demo site's files) and, for the few inline scripts (the
 * embed bridge, the card frame's script), from an element carrying the page's nonce, a fresh one per answer; never
 * an inline event handler, `javascript:` URL or injected `<script>`. No plugins, no `<base>` (a injected one could
 * repoint the relative script addresses). Styles are not restricted: Lit's styles are constructed stylesheets
 * (`adoptedStyleSheets`), which style-src does not govern, and the pages' own `<style>` elements hold validated
 * values only. Images may come from https: (a merchant's logo).
 */
export interface PagePolicy {
  /** The nonce of the page's inline scripts, if it has any (`scriptNonce()`). */
  nonce?: string;
  /** The page's `frame-ancestors …` directive (`http/origins.ts`). */
  frameAncestors: string;
  /**
   * Development (the demo on, `PORTICO_DEMO`): also send `Content-Security-Policy-Report-Only` with the stricter
   * policy Portico means to enforce next, `default-src 'self'`, so the browser's console names every load from
   * elsewhere (a font, an API, a frame) before that policy would block it.
   */
  development: boolean;
}

/** A fresh nonce for one answer's inline scripts: 128 random bits, base64. */
export function scriptNonce(): string {
  return randomBytes(16).toString('base64');
}

function scriptSrc(nonce?: string): string {
  return nonce ? `script-src 'self' 'nonce-${nonce}'` : "script-src 'self'";
}

/** The enforced policy. */
export function contentSecurityPolicy({ nonce, frameAncestors }: Pick<PagePolicy, 'nonce' | 'frameAncestors'>) {
  return [scriptSrc(nonce), "object-src 'none'", "base-uri 'none'", frameAncestors].join('; ');
}

/** The stricter policy reported on (not enforced) in development. */
export function reportOnlyPolicy({ nonce }: Pick<PagePolicy, 'nonce'>): string {
  return [
    "default-src 'self'",
    scriptSrc(nonce),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Sets the page's policy headers on the reply. */
export function setPagePolicy(reply: FastifyReply, policy: PagePolicy): FastifyReply {
  reply.header('content-security-policy', contentSecurityPolicy(policy));
  if (policy.development) reply.header('content-security-policy-report-only', reportOnlyPolicy(policy));
  return reply;
}
