import type { CardToken } from '@portico/core';

/** A message from the sandbox card frame: a token for the entered card, or why there is none. */
export type CardFrameMessage =
  | { type: 'portico-card-token'; card: CardToken }
  | { type: 'portico-card-error'; code: string; message: string }
  | { type: 'portico-card-resize'; height: number };

function isCardToken(value: unknown): value is CardToken {
  const card = value as Partial<CardToken> | null;
  return typeof card?.token === 'string' && typeof card.last4 === 'string' && typeof card.brand === 'string';
}

/**
 * Reads a `message` event from the card iframe. Only messages whose origin is the Portico server's and whose
 * source is that very iframe count; everything else (other frames, other windows, the page itself) is ignored.
 * The token may come flat (`{type, token, brand, last4, …}`) or nested (`{type, token: {token, …}}`).
 */
export function readCardMessage(
  event: MessageEvent,
  serverOrigin: string,
  frame: HTMLIFrameElement | null,
): CardFrameMessage | null {
  if (!frame || event.origin !== serverOrigin || event.source !== frame.contentWindow) return null;
  const data = event.data as Record<string, unknown> | null;
  if (typeof data !== 'object' || data === null) return null;
  if (data.type === 'portico-card-token') {
    const card = isCardToken(data)
      ? data
      : isCardToken(data.token)
        ? data.token
        : isCardToken(data.card)
          ? data.card
          : null;
    if (!card) return null;
    const { token, brand, last4, expMonth, expYear } = card;
    return { type: 'portico-card-token', card: { token, brand, last4, expMonth, expYear } };
  }
  if (data.type === 'portico-card-error' && typeof data.message === 'string') {
    return { type: 'portico-card-error', code: typeof data.code === 'string' ? data.code : '', message: data.message };
  }
  if (data.type === 'portico-card-resize' && typeof data.height === 'number' && data.height > 0) {
    return { type: 'portico-card-resize', height: Math.min(data.height, 2000) };
  }
  return null;
}
