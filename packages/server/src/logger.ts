import pino from 'pino';

/** Structured JSON logs on stdout (one object per line). */
export function createLogger(level: string) {
  return pino({ level, base: { service: 'portico' }, redact: ['req.headers.authorization', 'req.headers.cookie'] });
}
