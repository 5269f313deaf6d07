import { DEFAULT_USER_AGENT } from './userAgent.js';

export interface Retry429Options {
  /** How many times the client itself waits out a 429 before throwing. @default 3 */
  maxRetries?: number;
  /**
   * Longest single wait. A `Retry-After` longer than this is not waited out in-process: the error is thrown
   * at once with `retryAfterMs`, and Temporal's `nextRetryDelay` schedules the next attempt instead of the
   * activity sleeping through its own timeout. @default 10_000
   */
  maxDelayMs?: number;
  /** First wait when a 429 carries no `Retry-After`; doubles each time, capped at `maxDelayMs`. @default 1_000 */
  baseDelayMs?: number;
}

export interface RetryTransientOptions {
  /**
   * Retries of 502/503/504 and transport failures. Only for GET/PUT/DELETE, plus any method whose
   * connection could not be opened (nothing was sent). A POST that got a 5xx or lost its connection may have
   * been applied, so the activity layer decides. @default 2
   */
  maxRetries?: number;
  /** First backoff step; doubles each retry, with jitter. @default 250 */
  baseDelayMs?: number;
  /** Cap for one backoff step, and for honouring a `Retry-After` on a 503. @default 5_000 */
  maxDelayMs?: number;
}

export interface JumpCloudClientOptions {
  /**
   * Scheme, host and optional path prefix. v1 paths are `/api/...` and v2 `/api/v2/...`, so pointing this at
   * the simulator (or the EU/IN console host) is the only change needed.
   * @default 'https://console.jumpcloud.com'
   */
  baseUrl?: string;
  /** Admin API key, sent as `x-api-key`. Never logged, never put in errors. */
  apiKey: string;
  /**
   * Organization id for multi-tenant (MSP) admins, sent as `x-org-id`. Left off `/api/organizations` and
   * `/api/search/organizations`, which reject it (403 "ID included on unsupported route").
   * @default undefined (single-tenant: no header)
   */
  orgId?: string;
  /** Size of the keep-alive connection pool. @default 8 */
  connections?: number;
  /** Idle time before a kept-alive socket is closed (a server's `Keep-Alive: timeout` hint wins if shorter). @default 4_000 */
  keepAliveTimeoutMs?: number;
  /**
   * Connect, headers and body timeout, each (undici's timers tick about once a second, so values under
   * 1 s behave as about 1 s). @default 30_000
   */
  timeoutMs?: number;
  retry429?: Retry429Options;
  retry?: RetryTransientOptions;
  /** @default 'idflow/<package version>' */
  userAgent?: string;
}

/** Options with every default filled in. */
export interface ResolvedClientOptions {
  origin: string;
  pathPrefix: string;
  apiKey: string;
  orgId: string | undefined;
  connections: number;
  keepAliveTimeoutMs: number;
  timeoutMs: number;
  retry429: Required<Retry429Options>;
  retry: Required<RetryTransientOptions>;
  userAgent: string;
}

export const DEFAULT_BASE_URL = 'https://console.jumpcloud.com';

export function resolveClientOptions(options: JumpCloudClientOptions): ResolvedClientOptions {
  if (typeof options.apiKey !== 'string' || options.apiKey === '') {
    throw new TypeError('JumpCloud client: apiKey is required');
  }
  const url = new URL(options.baseUrl ?? DEFAULT_BASE_URL);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`JumpCloud client: baseUrl must be http(s), got ${url.protocol}`);
  }
  return {
    origin: url.origin,
    pathPrefix: url.pathname.replace(/\/+$/, ''),
    apiKey: options.apiKey,
    orgId: options.orgId === '' ? undefined : options.orgId,
    connections: positiveInt('connections', options.connections ?? 8),
    keepAliveTimeoutMs: positiveInt('keepAliveTimeoutMs', options.keepAliveTimeoutMs ?? 4_000),
    timeoutMs: positiveInt('timeoutMs', options.timeoutMs ?? 30_000),
    retry429: {
      maxRetries: nonNegativeInt('retry429.maxRetries', options.retry429?.maxRetries ?? 3),
      maxDelayMs: nonNegativeInt('retry429.maxDelayMs', options.retry429?.maxDelayMs ?? 10_000),
      baseDelayMs: nonNegativeInt('retry429.baseDelayMs', options.retry429?.baseDelayMs ?? 1_000),
    },
    retry: {
      maxRetries: nonNegativeInt('retry.maxRetries', options.retry?.maxRetries ?? 2),
      baseDelayMs: nonNegativeInt('retry.baseDelayMs', options.retry?.baseDelayMs ?? 250),
      maxDelayMs: nonNegativeInt('retry.maxDelayMs', options.retry?.maxDelayMs ?? 5_000),
    },
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
  };
}

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new TypeError(`JumpCloud client: ${name} must be an integer ≥ 1`);
  return value;
}

function nonNegativeInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0)
    throw new TypeError(`JumpCloud client: ${name} must be an integer ≥ 0`);
  return value;
}
