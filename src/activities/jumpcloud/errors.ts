import { STATUS_CODES } from 'node:http';

/**
 * Why a JumpCloud call failed. Each reason maps to exactly one Temporal failure type (`'JumpCloud' + reason`,
 * see failures.ts), so workflow code can branch on it without parsing messages.
 */
export type JumpCloudErrorReason =
  | 'BadRequest' // 400
  | 'Unauthorized' // 401: missing or invalid API key
  | 'Forbidden' // 403: key valid, not allowed (JumpCloud's docs call this one "Unauthorized")
  | 'NotFound' // 404
  | 'Conflict' // 409
  | 'PreconditionFailed' // 412
  | 'ClientError' // any other 4xx
  | 'RateLimited' // 429
  | 'ServerError' // 500 and 5xx other than 502/503/504
  | 'Unavailable' // 502, 503, 504
  | 'Network' // no HTTP response: connection refused/reset, DNS, ...
  | 'Timeout' // no HTTP response in time (connect, headers or body)
  | 'InvalidResponse'; // a response we cannot use: unparseable JSON, wrong shape, unexpected 1xx/3xx

/** Longest `jumpcloudMessage` kept; bodies can be HTML error pages from a proxy. */
export const MAX_JUMPCLOUD_MESSAGE_LENGTH = 500;

export function reasonForStatus(status: number): JumpCloudErrorReason {
  switch (status) {
    case 400:
      return 'BadRequest';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 409:
      return 'Conflict';
    case 412:
      return 'PreconditionFailed';
    case 429:
      return 'RateLimited';
    case 502:
    case 503:
    case 504:
      return 'Unavailable';
  }
  if (status >= 400 && status < 500) return 'ClientError';
  if (status >= 500 && status < 600) return 'ServerError';
  return 'InvalidResponse';
}

/**
 * Retryable means "the same request may succeed later": rate limits, server-side and transport failures.
 * Every other 4xx is permanent for this input and must not be retried (Temporal's default would retry
 * forever).
 */
export function isRetryableReason(reason: JumpCloudErrorReason): boolean {
  return (
    reason === 'RateLimited' ||
    reason === 'ServerError' ||
    reason === 'Unavailable' ||
    reason === 'Network' ||
    reason === 'Timeout'
  );
}

export interface JumpCloudApiErrorInit {
  method: string;
  /** Path without the query string: queries can carry filter values such as email addresses. */
  path: string;
  /** HTTP status, or 0 when no response arrived. */
  status: number;
  reason?: JumpCloudErrorReason;
  jumpcloudMessage: string;
  code?: string | undefined;
  requestId?: string | undefined;
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/**
 * A failed JumpCloud call. Carries only what is needed to act on and to trace the failure: method, path,
 * status, JumpCloud's message and request id. It never holds request headers, so the API key cannot leak
 * through `message`, `stack`, `JSON.stringify` or `util.inspect`.
 */
export class JumpCloudApiError extends Error {
  override readonly name = 'JumpCloudApiError';
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly reason: JumpCloudErrorReason;
  readonly jumpcloudMessage: string;
  /** JumpCloud's machine-readable code when the body has one (v2 `status`, e.g. `invalidName`). */
  readonly code?: string;
  readonly requestId?: string;
  readonly retryable: boolean;
  /** How long the server asked us to wait (`Retry-After`), when it said. */
  readonly retryAfterMs?: number;

  constructor(init: JumpCloudApiErrorInit) {
    const reason = init.reason ?? reasonForStatus(init.status);
    super(formatMessage(init.method, init.path, init.status, reason, init.jumpcloudMessage), {
      cause: init.cause,
    });
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.reason = reason;
    this.jumpcloudMessage = init.jumpcloudMessage;
    if (init.code !== undefined) this.code = init.code;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    this.retryable = isRetryableReason(reason);
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }

  /** A stable, secret-free shape for structured logs. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      method: this.method,
      path: this.path,
      status: this.status,
      reason: this.reason,
      jumpcloudMessage: this.jumpcloudMessage,
      code: this.code,
      requestId: this.requestId,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

export function isJumpCloudApiError(err: unknown, reason?: JumpCloudErrorReason): err is JumpCloudApiError {
  return err instanceof JumpCloudApiError && (reason === undefined || err.reason === reason);
}

function formatMessage(
  method: string,
  path: string,
  status: number,
  reason: JumpCloudErrorReason,
  jumpcloudMessage: string,
): string {
  const outcome =
    status === 0
      ? reason === 'Timeout'
        ? 'timeout'
        : 'network error'
      : `${status} ${STATUS_CODES[status] ?? ''}`.trim();
  return `JumpCloud ${method} ${path} → ${outcome}${jumpcloudMessage === '' ? '' : `: ${jumpcloudMessage}`}`;
}

/**
 * Pulls JumpCloud's message and code out of an error body. v1/v2 use `{code, message, status}`, Directory
 * Insights `{message}`, the admin TOTP reset `{error}`; anything else (HTML from a proxy, plain text) is kept
 * as truncated text.
 *
 * `status` is only a machine-readable code in v2 (`invalidName`); v1 fills it with the HTTP reason phrase
 * ("Not Found"), which adds nothing to the status number, so that is dropped.
 */
export function parseErrorBody(text: string, httpStatus?: number): { message: string; code?: string } {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const body = JSON.parse(trimmed) as Record<string, unknown>;
      const message =
        typeof body.message === 'string'
          ? body.message
          : typeof body.error === 'string'
            ? body.error
            : undefined;
      const code = machineCode(body.status, httpStatus);
      if (message !== undefined)
        return code === undefined ? { message: truncate(message) } : { message: truncate(message), code };
    } catch {
      // fall through to raw text
    }
  }
  return { message: truncate(trimmed.replace(/\s+/g, ' ')) };
}

function machineCode(status: unknown, httpStatus: number | undefined): string | undefined {
  if (typeof status !== 'string' || !/^[A-Za-z][\w.-]*$/.test(status)) return undefined;
  const phrase = httpStatus === undefined ? undefined : STATUS_CODES[httpStatus];
  return phrase !== undefined && phrase.toLowerCase() === status.toLowerCase() ? undefined : status;
}

export function truncate(text: string, max: number = MAX_JUMPCLOUD_MESSAGE_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
