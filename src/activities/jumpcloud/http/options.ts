import { DEFAULT_USER_AGENT } from './userAgent.js';

export interface RateLimitPauseOptions {
  /**
   * After a 429 with `Retry-After`, no request of this client goes out before that time (JumpCloud limits per
   * API key, and every activity of the worker shares the client). A pause up to this long is waited out before
   * sending; a longer one fails the request at once, unsent, as RateLimited with `retryAfterMs`, so Temporal's
   * `nextRetryDelay` waits instead of the activity sleeping through its own timeout. @default 10_000
   */
  maxWaitMs?: number;
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
  rateLimitPause?: RateLimitPauseOptions;
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
  rateLimitPause: Required<RateLimitPauseOptions>;
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
    rateLimitPause: {
      maxWaitMs: nonNegativeInt('rateLimitPause.maxWaitMs', options.rateLimitPause?.maxWaitMs ?? 10_000),
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
