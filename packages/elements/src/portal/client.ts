import type { ApiErrorBody, PortalSession } from '@portico/core';
import { ApiError, getJson } from '../base/api.ts';
import { requestedLocale } from '../i18n/localization.ts';

/** The 401 codes after which only a new link helps. */
export const SESSION_ENDED_CODES = ['token_expired', 'token_invalid', 'token_revoked'] as const;
export type SessionEndedCode = (typeof SESSION_ENDED_CODES)[number];

export function isSessionEnded(error: unknown): error is ApiError & { code: SessionEndedCode } {
  return (
    error instanceof ApiError && error.status === 401 && (SESSION_ENDED_CODES as readonly string[]).includes(error.code)
  );
}

/**
 * Talks to `/api/portal/{tenant}` with the session token as a bearer token (never a cookie; `<portico-portal>`
 * keeps the session for a reload of the tab, see `session-store.ts`). A 401 that ends the session is reported once to `onSessionEnded`.
 */
export class PortalClient {
  constructor(
    readonly apiBase: string,
    readonly tenant: string,
    private sessionToken: string,
    private readonly onSessionEnded: (code: SessionEndedCode) => void = () => {},
  ) {}

  url(path: string): string {
    return `${this.apiBase}/api/portal/${encodeURIComponent(this.tenant)}${path}`;
  }

  /** Replaces the session token (after an extension). */
  setSessionToken(token: string): void {
    this.sessionToken = token;
  }

  /**
   * Every request names the portal's language (`Accept-Language`), so what the server words — catalog names,
   * messages, the labels of a download, the e-mail a change sends — follows the portal, not the browser.
   */
  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.sessionToken}`, 'accept-language': requestedLocale(), ...extra };
  }

  /** GETs `path`; `signal` aborts the request (see `NewestAnswer`). */
  async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.guard(() => getJson<T>(this.url(path), { headers: this.headers(), ...(signal ? { signal } : {}) }));
  }

  async send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method, headers: this.headers() };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = this.headers({ 'content-type': 'application/json' });
    }
    return this.guard(() => getJson<T>(this.url(path), init));
  }

  /** Fetches a file with the bearer token (a link cannot carry it) and returns it as a blob. */
  async blob(path: string): Promise<Blob> {
    return this.guard(async () => {
      let response: Response;
      try {
        response = await fetch(this.url(path), { headers: this.headers() });
      } catch (cause) {
        throw new ApiError(0, 'network', cause instanceof Error ? cause.message : 'network error');
      }
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as {
          error?: { code?: string; message?: string };
        } | null;
        throw new ApiError(
          response.status,
          body?.error?.code ?? 'http_error',
          body?.error?.message ?? response.statusText,
        );
      }
      return response.blob();
    });
  }

  /** Downloads a file through a temporary object URL, or opens it in a new tab when `view` is set. */
  async download(path: string, filename: string, view = false): Promise<void> {
    const blob = await this.blob(path);
    const href = URL.createObjectURL(blob);
    if (view) {
      window.open(href, '_blank', 'noopener');
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
      return;
    }
    const link = document.createElement('a');
    link.href = href;
    link.download = filename;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (isSessionEnded(error)) this.onSessionEnded(error.code);
      throw error;
    }
  }
}

/**
 * Exchanges the link's token for a session. `language`, when the page names one, is the language of the session's
 * catalog texts (the contracts' plan names); else the server takes the browser's, then the link's. Also returns
 * how far the server's clock is ahead of this browser's (from the `Date` header, when the server is same-origin or
 * exposes it; 0 when unknown or within a few seconds), so the expiry warning fires on time even when the
 * computer's clock is off.
 */
export async function openSession(
  apiBase: string,
  tenant: string,
  token: string,
  language = '',
): Promise<{ session: PortalSession; clockSkewMs: number }> {
  const sent = Date.now();
  const query = language ? `?language=${encodeURIComponent(language)}` : '';
  let response: Response;
  try {
    response = await fetch(`${apiBase}/api/portal/${encodeURIComponent(tenant)}/session${query}`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : 'network error');
  }
  const received = Date.now();
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as ApiErrorBody | null)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? response.statusText,
      error?.fields,
    );
  }
  return { session: body as PortalSession, clockSkewMs: clockSkew(response.headers.get('date'), sent, received) };
}

/** Server time minus local time in ms, ignoring differences the header's one-second precision cannot show. */
export function clockSkew(dateHeader: string | null, sent: number, received: number): number {
  const server = dateHeader ? Date.parse(dateHeader) : NaN;
  if (Number.isNaN(server)) return 0;
  const skew = server + 500 - (sent + received) / 2;
  return Math.abs(skew) < 5000 ? 0 : Math.round(skew);
}
