import type { JSONSchema } from 'json-schema-to-ts';

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
  /** True when the action changes the directory or the outside world (dry-run, read-only mode, guardrails). */
  mutates: boolean;
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
