import type { JSONSchema } from 'json-schema-to-ts';

/**
 * Every kind of change an action can make, as `<resource>.<kind>`. An action declares the ones it may make
 * (`writes`); each write it sends names its kind and targets, and the gates — read-only mode, the dry run, the
 * guardrails — read that declaration instead of guessing from URLs. A write of a kind its action did not
 * declare is refused (fail closed): teaching an action a new write means declaring it here first.
 */
export const WRITE_OPS = [
  'user.create',
  'user.update',
  'user.suspend',
  'user.activate',
  'user.resetMfa',
  'user.expirePassword',
  'user.unlock',
  'userGroup.create',
  'userGroup.member.add',
  'userGroup.member.remove',
  'user.device.remove',
  /** A chat message (the outside world: one call, one change). */
  'notify.message',
  /** An HTTP request that is not a plain read (idflow cannot know what it changes). */
  'http.request',
] as const;
export type WriteOp = (typeof WRITE_OPS)[number];

/** Per-attempt timeout and retry policy; a playbook may override them per step (`timeout`, `retry`). */
export interface ActionDefaults {
  /** Start-to-close timeout of one attempt, in ms. */
  timeoutMs: number;
  retry: {
    /** Attempts in all, the first included. Always finite: Temporal's own default retries forever. */
    maxAttempts: number;
    initialIntervalMs: number;
    backoff: number;
    maxIntervalMs: number;
  };
}

/** What every action declares. The compiler checks `with` against it; the worker registers `name`. */
export interface ActionDefinition {
  description: string;
  /**
   * The kinds of change the action may make; empty for a pure read. Read-only mode, the dry run and the
   * guardrails act on this, and the activity may send no write of another kind.
   */
  writes: readonly WriteOp[];
  /**
   * Actions that undo this one, for `compensate:` (the first is the natural one). Absent: nothing undoes it
   * (a read, or a change that cannot be taken back, such as expiring a password).
   */
  undoneBy?: readonly string[];
  /** JSON Schema of the step's `with`. */
  with: JSONSchema;
  /** JSON Schema of the step's `output`. */
  output: JSONSchema;
  /** Finite defaults; a playbook may override them per step. */
  defaults: ActionDefaults;
}

/** Calls to a directory API: patient with rate limits, but never forever. */
export const JUMPCLOUD_DEFAULTS = {
  timeoutMs: 60_000,
  retry: { maxAttempts: 8, initialIntervalMs: 1_000, backoff: 2, maxIntervalMs: 60_000 },
} as const satisfies ActionDefaults;

/**
 * Actions that page through a list or touch many records (members, devices, every group of a user): more
 * time per attempt. They heartbeat per page, so a dead worker is still noticed within a minute.
 */
export const JUMPCLOUD_LISTING_DEFAULTS = {
  timeoutMs: 5 * 60_000,
  retry: JUMPCLOUD_DEFAULTS.retry,
} as const satisfies ActionDefaults;

/**
 * Chat webhooks: short attempts, a few retries. A message that cannot be delivered within minutes is
 * better reported as a failed step than delivered an hour late.
 */
export const NOTIFY_DEFAULTS = {
  timeoutMs: 30_000,
  retry: { maxAttempts: 5, initialIntervalMs: 2_000, backoff: 2, maxIntervalMs: 60_000 },
} as const satisfies ActionDefaults;

/** Calls to arbitrary (allow-listed) HTTP APIs: we know nothing of their idempotency, so retry little. */
export const HTTP_DEFAULTS = {
  timeoutMs: 30_000,
  retry: { maxAttempts: 3, initialIntervalMs: 2_000, backoff: 2, maxIntervalMs: 30_000 },
} as const satisfies ActionDefaults;
