// Builds every activity the worker registers: the action catalog's implementations, each guarded by a
// check of its arguments against the catalog schema (expressions can produce values the compiler could
// not see), so a bad argument fails once, clearly, instead of retrying.
import { ApplicationFailure } from '@temporalio/common';
import { Ajv, type ValidateFunction } from 'ajv';
import { actionCatalog, actionNames, type ActionImplementations, type ActionName } from '../catalog/index.js';
import type { JumpCloudClient } from './jumpcloud/client.js';
import { createGroupActions } from './jumpcloud/groups.js';
import { createUserActions } from './jumpcloud/users.js';

export interface ActivityDeps {
  jumpcloud: JumpCloudClient;
}

const ajv = new Ajv({ allErrors: true, strict: false });

type Activity = (input: unknown) => Promise<unknown>;

function guarded(name: ActionName, run: Activity): Activity {
  const validate: ValidateFunction = ajv.compile(actionCatalog[name].with);
  return async (input: unknown): Promise<unknown> => {
    if (!validate(input)) {
      const why = (validate.errors ?? [])
        .map((e) => `${e.instancePath || '(arguments)'} ${e.message ?? 'is invalid'}`)
        .join('; ');
      throw ApplicationFailure.nonRetryable(`${name}: invalid arguments: ${why}`, 'IdflowInvalidArguments');
    }
    return run(input);
  };
}

export function createActivities(deps: ActivityDeps): ActionImplementations {
  const impls: ActionImplementations = {
    ...createUserActions(deps.jumpcloud),
    ...createGroupActions(deps.jumpcloud),
  };
  const out: Partial<Record<ActionName, Activity>> = {};
  for (const name of actionNames) out[name] = guarded(name, impls[name] as Activity);
  return out as ActionImplementations;
}
