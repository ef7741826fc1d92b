/**
 * Reads the self-service token from `#token=` (or `?token=` for old links) and removes it from the
 * address bar, so it is neither bookmarked nor sent on in a Referer header.
 */
export function takeTokenFromLocation(
  location: Location = window.location,
  history: History = window.history,
): string | null {
  const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  const query = new URLSearchParams(location.search);
  const token = hash.get('token') ?? query.get('token');
  if (!token) return null;
  hash.delete('token');
  query.delete('token');
  const search = query.toString();
  const rest = hash.toString();
  history.replaceState(history.state, '', `${location.pathname}${search ? `?${search}` : ''}${rest ? `#${rest}` : ''}`);
  return token;
}
