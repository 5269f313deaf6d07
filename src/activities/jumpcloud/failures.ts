// The one place where an HTTP outcome becomes a Temporal activity failure (STYLE rule 7). Workflow code
// branches on `type` (e.g. in a retry policy's nonRetryableErrorTypes or an onError handler) using the
// constants below, never on message text.
import { ApplicationFailure } from '@temporalio/common';
import { JumpCloudApiError, type JumpCloudErrorReason } from './errors.js';

/** `ApplicationFailure.type` for each {@link JumpCloudErrorReason}: `'JumpCloud' + reason`. */
export const JumpCloudFailureType = {
  BadRequest: 'JumpCloudBadRequest',
  Unauthorized: 'JumpCloudUnauthorized',
  Forbidden: 'JumpCloudForbidden',
  NotFound: 'JumpCloudNotFound',
  Conflict: 'JumpCloudConflict',
  PreconditionFailed: 'JumpCloudPreconditionFailed',
  ClientError: 'JumpCloudClientError',
  RateLimited: 'JumpCloudRateLimited',
  ServerError: 'JumpCloudServerError',
  Unavailable: 'JumpCloudUnavailable',
  Network: 'JumpCloudNetwork',
  Timeout: 'JumpCloudTimeout',
  InvalidResponse: 'JumpCloudInvalidResponse',
} as const satisfies { [R in JumpCloudErrorReason]: `JumpCloud${R}` };

export type JumpCloudFailureTypeName = (typeof JumpCloudFailureType)[keyof typeof JumpCloudFailureType];

/** What a JumpCloud failure carries across to the workflow: enough to trace it, nothing secret or personal. */
export interface JumpCloudFailureDetails {
  method: string;
  path: string;
  status: number;
  requestId?: string;
}

/**
 * Maps a {@link JumpCloudApiError} to the `ApplicationFailure` an activity should throw: retryable for
 * 429/5xx/transport failures (with `nextRetryDelay` from `Retry-After` when the server gave one),
 * non-retryable otherwise. An `ApplicationFailure` is returned unchanged; anything else (cancellation,
 * programming errors) is rethrown as-is so Temporal treats it as it would unwrapped.
 *
 * Usage: `catch (err) { throw toActivityFailure(err); }`, or wrap the call with {@link withActivityFailures}.
 */
export function toActivityFailure(err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  if (!(err instanceof JumpCloudApiError)) throw err;
  const details: JumpCloudFailureDetails = { method: err.method, path: err.path, status: err.status };
  if (err.requestId !== undefined) details.requestId = err.requestId;
  return ApplicationFailure.create({
    message: err.message,
    type: JumpCloudFailureType[err.reason],
    nonRetryable: !err.retryable,
    details: [details],
    cause: err,
    ...(err.retryable && err.retryAfterMs !== undefined ? { nextRetryDelay: err.retryAfterMs } : {}),
  });
}

/** Runs `fn`, converting a JumpCloud failure into the activity failure Temporal should see. */
export async function withActivityFailures<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toActivityFailure(err);
  }
}
