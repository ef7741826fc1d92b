import type { ApiErrorBody } from '@portico/core';
import { requestedLocale } from '../i18n/localization.ts';

/** An API answer that was not 2xx, with the server's code, message and field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Fetches JSON from Portico's server and turns error answers into ApiError. `Accept-Language` names the
 * language the elements show, so catalog texts (plan and component names) come in that language.
 */
export async function getJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    const headers = { accept: 'application/json', 'accept-language': requestedLocale(), ...init.headers };
    response = await fetch(url, { ...init, headers });
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : 'network error');
  }
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
  return body as T;
}
