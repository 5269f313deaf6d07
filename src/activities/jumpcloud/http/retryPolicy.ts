import type { JumpCloudApiError } from '../errors.js';
import { backoffDelay, retryAfterJitter } from './backoff.js';
import type { ResolvedClientOptions } from './options.js';
import type { HttpMethod } from './types.js';

/** Methods whose repetition has the same effect as one call; DELETE of a deleted user is a 404 the caller handles. */
const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set<HttpMethod>(['GET', 'PUT', 'DELETE']);

export interface RetryBudget {
  /** 429 waits done so far. */
  rateLimited: number;
  /** 5xx/transport retries done so far. */
  transient: number;
}

export type RetryDecision = { retry: false } | { retry: true; delayMs: number; budget: keyof RetryBudget };

/**
 * Decides whether the client retries a failed attempt in-process, and after how long. Pure, so the rules
 * are testable without a server. Anything not retried here is thrown; Temporal may still retry it later.
 *
 * @param notSent the transport failed before the request could reach the server
 */
export function decideRetry(
  error: JumpCloudApiError,
  method: HttpMethod,
  notSent: boolean,
  used: RetryBudget,
  options: Pick<ResolvedClientOptions, 'retry429' | 'retry'>,
  random: () => number = Math.random,
): RetryDecision {
  if (error.reason === 'RateLimited') {
    // A 429 means the request was not processed, so even a POST is safe to resend.
    const { maxRetries, maxDelayMs, baseDelayMs } = options.retry429;
    if (used.rateLimited >= maxRetries) return { retry: false };
    return waitFor(
      error.retryAfterMs,
      backoffDelay(used.rateLimited + 1, baseDelayMs, maxDelayMs, random),
      maxDelayMs,
      'rateLimited',
      random,
    );
  }

  const transport = error.reason === 'Network' || error.reason === 'Timeout';
  if (error.reason !== 'Unavailable' && !transport) return { retry: false };
  if (!IDEMPOTENT.has(method) && !(transport && notSent)) return { retry: false };
  const { maxRetries, maxDelayMs, baseDelayMs } = options.retry;
  if (used.transient >= maxRetries) return { retry: false };
  return waitFor(
    error.retryAfterMs,
    backoffDelay(used.transient + 1, baseDelayMs, maxDelayMs, random),
    maxDelayMs,
    'transient',
    random,
  );
}

function waitFor(
  retryAfterMs: number | undefined,
  backoffMs: number,
  maxDelayMs: number,
  budget: keyof RetryBudget,
  random: () => number,
): RetryDecision {
  if (retryAfterMs === undefined) return { retry: true, delayMs: backoffMs, budget };
  // Never resend before the server's Retry-After; if that is longer than we are willing to block an
  // activity, give up now and let the caller (Temporal's nextRetryDelay) wait instead.
  if (retryAfterMs > maxDelayMs) return { retry: false };
  return { retry: true, delayMs: retryAfterMs + retryAfterJitter(retryAfterMs, random), budget };
}
