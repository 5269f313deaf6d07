/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random. The fixed half keeps a
 * minimum spacing between attempts (a server that is restarting gets a real pause); the random half
 * spreads workers that failed together.
 *
 * @param retry 1 for the first retry, 2 for the second, ...
 */
export function backoffDelay(
  retry: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const step = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * Extra wait added on top of a server's `Retry-After`: at least a small margin (so the retry never lands
 * before the instant the server named, whatever the clock granularity) plus up to 10% (max 250 ms) of
 * jitter so many workers told "retry in 1 s" do not all return in the same millisecond.
 */
export function retryAfterJitter(retryAfterMs: number, random: () => number = Math.random): number {
  return 20 + Math.round(random() * Math.min(250, retryAfterMs * 0.1));
}

/**
 * Waits `ms`, or rejects with the signal's reason as soon as it aborts. The reason is passed through
 * untouched (it may be Temporal's CancelledFailure), hence the lint exceptions below.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
