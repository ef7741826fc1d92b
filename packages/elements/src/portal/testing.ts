import type { PortalSession } from '@portico/core';
import { openSession as exchange, PortalClient } from './client.ts';

/** Exchanges a fixture token for a real session on the test server, for section tests. */
export async function openSession(
  tenant: string,
  token: string,
): Promise<{ session: PortalSession; client: PortalClient }> {
  const { session } = await exchange('', tenant, token);
  return { session, client: new PortalClient('', tenant, session.sessionToken) };
}

/** Resolves when `check` holds, polling on animation frames (no fixed sleeps); fails after `timeout` ms. */
export async function until(check: () => boolean, what: string, timeout = 5000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/** The deepest focused element, through shadow roots. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
