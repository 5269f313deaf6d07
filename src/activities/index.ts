// Builds every activity the worker registers: the action catalog's implementations, each guarded by a
// check of its arguments against the catalog schema (expressions can produce values the compiler could
// not see), so a bad argument fails once, clearly, instead of retrying; plus the interpreter's internal
// `idflow.resolveApprovers`.
import { ApplicationFailure } from '@temporalio/common';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { actionCatalog, actionNames, type ActionImplementations, type ActionName } from '../catalog/index.js';
import {
  createApproverActivities,
  type ResolveApproversInput,
  type ResolveApproversOutput,
} from './approvers.js';
import { createHttpActions } from './http/request.js';
import { createAppActions } from './jumpcloud/apps.js';
import type { JumpCloudClient } from './jumpcloud/client.js';
import { createDeviceActions } from './jumpcloud/devices.js';
import { createGroupActions } from './jumpcloud/groups.js';
import { createUserActions } from './jumpcloud/users.js';
import { createNotifyActions } from './notify/message.js';
import { NO_SECRETS, type SecretResolver } from '../secrets/resolver.js';

export type { ResolveApproversInput, ResolveApproversOutput } from './approvers.js';
export {
  createSecretResolver,
  type SecretResolver,
  type SecretResolverOptions,
} from '../secrets/resolver.js';

export interface ActivityDeps {
  /** The JumpCloud client; build one per worker (it owns the connection pool). */
  jumpcloud: JumpCloudClient;
  /** Resolves the secret names playbooks use (`notify.message`, `http.request` headers). @default none: every name is unknown */
  secrets?: SecretResolver;
  /** `http.request` settings. @default { allowHosts: [] }: every host is refused */
  http?: {
    /** Hosts `http.request` may call: exact names, `*.domain` for subdomains, or `host:port`. */
    allowHosts: readonly string[];
  };
  /** The clock for computed times (MFA exclusion ends, "not seen for N days"). @default the wall clock */
  now?: () => Date;
}

/** Everything `createActivities` returns: the catalog's actions and the interpreter's own activities. */
export type IdflowActivities = ActionImplementations & {
  'idflow.resolveApprovers': (input: ResolveApproversInput) => Promise<ResolveApproversOutput>;
};

// useDefaults: the schemas' defaults are part of the input types (json-schema-to-ts treats a defaulted
// property as present), so the check fills them in before the implementation runs.
const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true });
addFormats.default(ajv);

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

export function createActivities(deps: ActivityDeps): IdflowActivities {
  const secrets = deps.secrets ?? NO_SECRETS;
  const clock = deps.now ? { now: deps.now } : {};
  const impls: ActionImplementations = {
    ...createUserActions(deps.jumpcloud, clock),
    ...createGroupActions(deps.jumpcloud),
    ...createDeviceActions(deps.jumpcloud, clock),
    ...createAppActions(deps.jumpcloud),
    ...createNotifyActions({ secrets }),
    ...createHttpActions({ secrets, allowHosts: deps.http?.allowHosts ?? [] }),
  };
  // A widening view (no cast): every implementation takes its checked input and returns a promise.
  const table: { readonly [N in ActionName]: (input: never) => Promise<unknown> } = impls;
  const out: Partial<Record<ActionName, Activity>> = {};
  for (const name of actionNames) {
    const run = table[name];
    out[name] = guarded(name, (input) => run(input as never));
  }
  return { ...(out as ActionImplementations), ...createApproverActivities(deps.jumpcloud) };
}
