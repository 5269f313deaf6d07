// Read-only mode for evidence-only deployments: every action the catalog marks as mutating fails at once,
// non-retryably, saying why — reads keep working.
import { ApplicationFailure } from '@temporalio/common';
import { isActionName, isMutating } from '../catalog/index.js';

type Activities = Record<string, (...args: never[]) => Promise<unknown>>;

export function applyReadOnly<T extends Activities>(activities: T): T {
  const out: Activities = {};
  for (const [name, fn] of Object.entries(activities)) {
    out[name] =
      isActionName(name) && isMutating(name)
        ? () =>
            Promise.reject(
              ApplicationFailure.nonRetryable(
                `${name} changes the directory, and this worker runs in read-only mode (IDFLOW_READ_ONLY=true)`,
                'IdflowReadOnly',
              ),
            )
        : fn;
  }
  return out as T;
}
