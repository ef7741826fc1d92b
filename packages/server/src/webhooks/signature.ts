import { createHmac, randomBytes } from 'node:crypto';

/**
 * Webhook signatures after the Standard Webhooks convention (standardwebhooks.com), so receivers can verify them with
 * its libraries: the secret is `whsec_` and base64 of 24 random bytes; a delivery carries `webhook-id` (the event's
 * id, the same at every retry), `webhook-timestamp` (Unix seconds of this attempt) and `webhook-signature`:
 * `v1,` and the base64 HMAC-SHA256, keyed with the secret's bytes, of `{id}.{timestamp}.{body}` — one per valid
 * secret, separated by spaces (two during a rotation's overlap).
 */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export function webhookHeaders(secrets: string[], id: string, timestamp: number, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((secret) => sign(secret, id, timestamp, body)).join(' '),
    'user-agent': 'Portico-Webhooks/1',
  };
}
