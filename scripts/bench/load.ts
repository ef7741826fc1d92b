/** Load from the bench process (autocannon) against the server's separate process: requests/s and p99 latency. */
import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p99Ms: number;
  non2xx: number;
}

export interface LoadTarget {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A body per request (orders need a fresh e-mail address and idempotency key each). */
  body?: () => string;
  idempotent?: boolean;
}

/** Runs `connections` clients for `seconds`; only 2xx answers count as throughput. */
export async function load(target: LoadTarget, seconds: number, connections: number): Promise<LoadResult> {
  const result = await autocannon({
    url: target.url,
    method: target.method ?? 'GET',
    headers: { ...(target.body ? { 'content-type': 'application/json' } : {}), ...target.headers },
    connections,
    duration: seconds,
    ...(target.body
      ? {
          requests: [
            {
              setupRequest: (request: autocannon.Request) => ({
                ...request,
                body: target.body!(),
                headers: { ...request.headers, 'idempotency-key': crypto.randomUUID() },
              }),
            },
          ],
        }
      : {}),
  });
  const ok = result['2xx'];
  return { rps: ok / (result.duration || seconds), p99Ms: result.latency.p99, non2xx: result.non2xx };
}
