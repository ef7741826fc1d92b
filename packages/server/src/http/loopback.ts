import type { FastifyReply, FastifyRequest } from 'fastify';

/** Whether an IP address (as Node reports it) is a loopback address: 127.0.0.0/8, `::1`, or IPv4-mapped 127.x. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)) return true;
  return address === '::1' || address.toLowerCase() === '0:0:0:0:0:0:0:1';
}

/**
 * Whether the request comes from this machine. Without a trusted proxy that is the socket's peer. With
 * `PORTICO_TRUST_PROXY` the socket's peer is the proxy (often on loopback itself) and the client is what
 * `X-Forwarded-For` says; since a client can put any address at the start of that header and a proxy appends the
 * address it saw, every hop — the socket's peer and each forwarded address (`request.ips`) — must be loopback,
 * not only the one `request.ip` names.
 */
export function fromLoopback(request: FastifyRequest): boolean {
  const chain = request.ips && request.ips.length > 0 ? request.ips : [request.socket.remoteAddress ?? request.ip];
  return chain.every(isLoopbackAddress);
}

/**
 * An `onRequest` hook for the development surfaces (the demo site with its portal tokens, the development mailbox):
 * a request that does not come from this machine gets the same 404 as an unknown address, unless `allowRemote`
 * (`PORTICO_DEMO_REMOTE`) opens them to every client.
 */
export function loopbackOnly(allowRemote: boolean) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!allowRemote && !fromLoopback(request)) return reply.callNotFound();
  };
}
