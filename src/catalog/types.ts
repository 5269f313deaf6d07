import type { JSONSchema } from 'json-schema-to-ts';

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
  defaults: {
    timeoutMs: number;
    retry: { maxAttempts: number; initialIntervalMs: number; backoff: number; maxIntervalMs: number };
  };
}

/** Calls to a directory API: patient with rate limits, but never forever. */
export const JUMPCLOUD_DEFAULTS = {
  timeoutMs: 60_000,
  retry: { maxAttempts: 8, initialIntervalMs: 1_000, backoff: 2, maxIntervalMs: 60_000 },
} as const;
