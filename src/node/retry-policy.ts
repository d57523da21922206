// When and how long to wait before asking an endpoint again. Kept apart from the client so the
// rule can be read (and tested) on its own.

/** Defaults: generous enough to ride out rate limits and brief outages, bounded so a dead endpoint fails. */
export const RETRY_DEFAULTS = Object.freeze({
  /** Attempts after the first. */
  maxRetries: 8,
  /** First backoff, doubled per attempt (ms). */
  baseDelayMs: 500,
  /** Longest backoff (ms). */
  maxDelayMs: 30_000,
  /** Longest wait a Retry-After header may impose (ms); beyond it the header is capped. */
  maxRetryAfterMs: 120_000,
});

export type RetryDecision = { retry: false; fatal: boolean } | { retry: true; delayMs: number };

/** HTTP statuses retrying cannot fix: wrong key, no permission, wrong model or URL. */
export const FATAL_STATUSES: ReadonlySet<number> = new Set([401, 403, 404]);

/**
 * Decides on a failed attempt. status: HTTP status, or undefined for a connection failure or
 * timeout (retried). 429, 5xx, 408, 409: the backoff, or the wait a Retry-After header asks for
 * (retry-after-ms, or seconds, or an HTTP date; servers send it with 429 and 503) if that is longer.
 * 401/403/404: stop (fatal). Other 4xx: stop.
 * Backoff: base x 2^attempt, capped, with "equal jitter" (half fixed, half uniform) so clients
 * that failed together do not return together.
 * @example retryDecision(429, new Headers({ 'retry-after': '2' }), 0) // { retry: true, delayMs: 2000 }
 */
export function retryDecision(
  status: number | undefined, headers: Headers | undefined, attempt: number,
  policy: { maxRetries: number; baseDelayMs: number; maxDelayMs: number; maxRetryAfterMs: number } = RETRY_DEFAULTS,
  random: () => number = Math.random, now: () => number = Date.now,
): RetryDecision {
  if (status !== undefined && FATAL_STATUSES.has(status)) return { retry: false, fatal: true };
  const retryable = status === undefined || status === 429 || status === 408 || status === 409 || status >= 500;
  if (!retryable) return { retry: false, fatal: true };
  if (attempt >= policy.maxRetries) return { retry: false, fatal: false };
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const backoff = ceiling / 2 + (random() * ceiling) / 2;
  // Retry-After is a floor, not a replacement: a server that keeps asking for 50 ms must not make
  // nine attempts burn out in half a second while the backoff would have waited minutes.
  const told = retryAfterMs(headers, now);
  return { retry: true, delayMs: told === undefined ? backoff : Math.max(backoff, Math.min(told, policy.maxRetryAfterMs)) };
}

/** The wait a response asks for: retry-after-ms, else retry-after in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now: () => number = Date.now): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now()) : undefined;
}

/** Resolves after ms, or rejects when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
