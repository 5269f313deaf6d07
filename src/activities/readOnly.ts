// Read-only mode for evidence-only deployments (IDFLOW_READ_ONLY): every action the catalog marks as
// mutating fails at once, non-retryably, saying why — reads keep working. The outermost gate: a refused call
// reads nothing and reserves nothing.
import { ApplicationFailure } from '@temporalio/common';
import { isMutating } from '../catalog/index.js';
import type { Stage } from './actionCall.js';

export const readOnlyStage: Stage = (next) => (call) =>
  isMutating(call.action)
    ? Promise.reject(
        ApplicationFailure.nonRetryable(
          `${call.action} changes the directory, and this worker runs in read-only mode (IDFLOW_READ_ONLY=true)`,
          'IdflowReadOnly',
        ),
      )
    : next(call);
