// A requests-per-second ceiling for the sync's calls, on top of the client's 429 handling: a full sync is
// tens of thousands of requests, and pacing them under the tenant's limit is cheaper than bouncing off it
// (every 429 pauses every activity of the worker for the Retry-After).
import type { JumpCloudRead, JumpCloudRequester } from '../jumpcloud/http/types.js';

export class RateLimiter {
  #next = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when the next request may go out (requests are spaced 1/perSecond apart). */
  async take(signal?: AbortSignal): Promise<void> {
    if (this.perSecond <= 0) return;
    const now = this.now();
    const at = Math.max(now, this.#next);
    this.#next = at + 1000 / this.perSecond;
    const wait = at - now;
    if (wait <= 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, wait);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        },
        { once: true },
      );
    });
  }
}

/** A requester that waits its turn with `limiter` and counts what it sends. */
export function limitedRequester(
  client: JumpCloudRequester,
  limiter: RateLimiter,
): JumpCloudRequester & { sent(): number } {
  let sent = 0;
  return {
    async request<T>(req: JumpCloudRead): Promise<T> {
      await limiter.take(req.signal);
      sent += 1;
      return client.request<T>(req);
    },
    sent: () => sent,
  };
}
