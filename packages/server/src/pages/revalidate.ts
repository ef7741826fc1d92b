import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/** A strong ETag of the bytes: the same text, the same tag, on every instance. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** Whether an `If-None-Match` header names `etag` (a list of tags, `*`, weak tags compared weakly, RFC 9110 13.1.2). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * Sends `body` for the browser to keep and revalidate before each use (`Cache-Control: no-cache` with an ETag of its
 * bytes): a conditional request that names the same ETag gets a 304 without the body.
 */
export function sendRevalidated(reply: FastifyReply, body: string) {
  const etag = etagOf(body);
  reply.header('etag', etag).header('cache-control', 'no-cache');
  if (matchesIfNoneMatch(reply.request.headers['if-none-match'], etag)) {
    return reply.status(304).removeHeader('content-type').send();
  }
  return reply.status(200).send(body);
}
