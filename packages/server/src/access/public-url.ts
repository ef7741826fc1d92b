/**
 * The address customers reach Portico at, used in links (e-mails, merchant API answers, start banner).
 * `main` sets it from the configuration; without that, `PORTICO_PUBLIC_URL` or `http://localhost:8080`.
 */
let configured: string | undefined;

export function setPublicUrl(url: string): void {
  configured = url.replace(/\/+$/, '');
}

export function publicUrl(): string {
  return configured ?? (process.env.PORTICO_PUBLIC_URL?.trim().replace(/\/+$/, '') || 'http://localhost:8080');
}
