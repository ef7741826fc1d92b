/**
 * Escapes text for HTML element content and double-quoted attribute values: the one escaper of the server's
 * hand-written HTML (hosted pages, the card frame, e-mails, the development mailbox).
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
