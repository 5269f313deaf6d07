// Fault and latency injection. Every request draws the same number of values from its own seeded stream,
// whatever the settings, so a given seed and request sequence always yields the same faults. The decision
// is taken before the handler runs, so a faulted request never changes the directory.
import { createRng, deriveSeed, type Rng } from './prng.js';

export interface FaultOptions {
  /** Probability (0..1) of answering 429 Too Many Requests. @default 0 */
  rate429?: number;
  /** Value of the 429's `Retry-After` header, in seconds. @default 1 */
  retryAfterSeconds?: number;
  /** Probability (0..1) of answering 503 Service Unavailable. @default 0 */
  rate503?: number;
  /** Delay added before every answer, in ms. @default 0 */
  latencyMs?: number;
  /** Up to this many extra ms, drawn per request. @default 0 */
  latencyJitterMs?: number;
  /**
   * A per-key rate limit like the service's: more than this many requests in a second are answered 429
   * with a Retry-After of the time until the next is allowed. 0: no limit. @default 0
   */
  rateLimitPerSecond?: number;
}

export type FaultDecision = { kind: 'none' } | { kind: '429'; retryAfterSeconds: number } | { kind: '503' };

export interface Drawn {
  fault: FaultDecision;
  delayMs: number;
}

export const DEFAULT_RETRY_AFTER_SECONDS = 1;

function probability(name: string, value: number | undefined): number {
  const p = value ?? 0;
  if (!Number.isFinite(p) || p < 0 || p > 1)
    throw new RangeError(`${name} must be between 0 and 1, got ${value}`);
  return p;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  const n = value ?? fallback;
  if (!Number.isFinite(n) || n < 0)
    throw new RangeError(`${name} must be a non-negative number, got ${value}`);
  return n;
}

/** Checks and fills in defaults; throws RangeError on nonsense such as a rate of 2. */
export function normalizeFaults(options: FaultOptions): Required<FaultOptions> {
  return {
    rate429: probability('rate429', options.rate429),
    rate503: probability('rate503', options.rate503),
    retryAfterSeconds: nonNegative(
      'retryAfterSeconds',
      options.retryAfterSeconds,
      DEFAULT_RETRY_AFTER_SECONDS,
    ),
    latencyMs: nonNegative('latencyMs', options.latencyMs, 0),
    latencyJitterMs: nonNegative('latencyJitterMs', options.latencyJitterMs, 0),
    rateLimitPerSecond: nonNegative('rateLimitPerSecond', options.rateLimitPerSecond, 0),
  };
}

export class FaultInjector {
  private settings: Required<FaultOptions>;
  private readonly rng: Rng;
  /** Token bucket of the rate limit: up to one second's worth of requests may arrive at once. */
  private tokens = 0;
  private refilledAt = 0;

  constructor(seed: number, options: FaultOptions = {}) {
    this.rng = createRng(deriveSeed(seed, 'faults'));
    this.settings = normalizeFaults(options);
  }

  /** Replaces the settings (fields left out go back to their defaults). */
  set(options: FaultOptions): void {
    this.settings = normalizeFaults(options);
    this.tokens = this.settings.rateLimitPerSecond;
    this.refilledAt = 0;
  }

  /**
   * Takes a token when a rate limit is set: undefined when the request may proceed, otherwise the seconds
   * until one would be allowed (for the 429's Retry-After). Time-based, so not part of the seeded draws.
   */
  admit(nowMs: number): number | undefined {
    const rate = this.settings.rateLimitPerSecond;
    if (rate <= 0) return undefined;
    if (this.refilledAt === 0) {
      this.tokens = rate;
      this.refilledAt = nowMs;
    }
    this.tokens = Math.min(rate, this.tokens + ((nowMs - this.refilledAt) / 1000) * rate);
    this.refilledAt = nowMs;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / rate));
  }

  current(): Required<FaultOptions> {
    return { ...this.settings };
  }

  draw(): Drawn {
    const { rate429, rate503, retryAfterSeconds, latencyMs, latencyJitterMs } = this.settings;
    const roll429 = this.rng.next();
    const roll503 = this.rng.next();
    const rollJitter = this.rng.next();
    const delayMs = latencyMs + Math.floor(rollJitter * latencyJitterMs);
    if (roll429 < rate429) return { fault: { kind: '429', retryAfterSeconds }, delayMs };
    if (roll503 < rate503) return { fault: { kind: '503' }, delayMs };
    return { fault: { kind: 'none' }, delayMs };
  }
}
