import pino, { type DestinationStream } from 'pino';

/** A URL with the value of every `token=` query parameter replaced, so e-mailed credentials never reach the log. */
export function redactUrl(url: string): string {
  return url.replace(/([?&;]token=)[^&#;]*/gi, '$1[redacted]');
}

interface LoggedRequest {
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Structured JSON logs on stdout (one object per line), or on `destination` (tests). */
export function createLogger(level: string, destination?: DestinationStream) {
  return pino(
    {
      level,
      base: { service: 'portico' },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      serializers: {
        // Fastify's request serializer, with the URL's `token=` redacted (a portal link carries a 7-day credential).
        req: (req: LoggedRequest) => ({
          method: req.method,
          url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
          version: req.headers?.['accept-version'],
          host: req.host,
          remoteAddress: req.ip,
          remotePort: req.socket?.remotePort,
        }),
      },
    },
    destination,
  );
}
