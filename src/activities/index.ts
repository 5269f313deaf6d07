// Builds every activity the worker registers — once per worker. Each catalog action is a chain of stages
// (src/activities/actionCall.ts): its arguments checked against the catalog (expressions can produce
// values the compiler could not see, so a bad argument fails once, clearly, instead of retrying) → read-only
// mode → the dry run → the guardrails → the action itself. The run's context arrives as the activity's
// second argument. Plus the interpreter's internal `idflow.resolveApprovers`.
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import {
  actionCatalog,
  actionNames,
  type ActionInput,
  type ActionName,
  type ActionOutput,
  type WriteOp,
} from '../catalog/index.js';
import type { GlobalGuardrails } from '../guardrails/policy.js';
import type { ActionContext, DryRunResult } from '../workflows/actionContext.js';
import { spliceEffects, takeContext } from '../workflows/legacyEnvelope.js';
import {
  ioFor,
  type ActionHandlers,
  type ActionIO,
  type CallHandler,
  type Stage,
  type Write,
} from './actionCall.js';
import {
  createApproverActivities,
  type ResolveApproversInput,
  type ResolveApproversOutput,
} from './approvers.js';
import { createDirectoryActions } from './directory/lookup.js';
import { dryRunStage } from './dryRun/stage.js';
import { guardrailsStage } from './guardrails/stage.js';
import type { LedgerClient } from './guardrails/ledgerClient.js';
import { TargetResolver } from './guardrails/targets.js';
import { createHttpActions } from './http/request.js';
import { createAppActions } from './jumpcloud/apps.js';
import type { JumpCloudClient } from './jumpcloud/client.js';
import { createDeviceActions } from './jumpcloud/devices.js';
import { createGroupActions } from './jumpcloud/groups.js';
import { createUserActions } from './jumpcloud/users.js';
import { createNotifyActions } from './notify/message.js';
import { readOnlyStage } from './readOnly.js';
import { NO_SECRETS, type SecretResolver } from '../secrets/resolver.js';
import type { SqlDatabase } from '../store/types.js';

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
  /** The directory snapshot store `directory.lookup` reads (IDFLOW_STORE). @default none: the action fails */
  store?: SqlDatabase;
  /**
   * The operator's guardrails and where caps are counted. Playbooks' own guardrails come with each call.
   * @default DEFAULT_GLOBAL_GUARDRAILS (admin groups are off limits) and the ledger of the worker running the
   * activity (its client and task queue)
   */
  guardrails?: { policy?: GlobalGuardrails; ledger?: LedgerClient };
  /** Refuse every mutating action (evidence-only deployments). @default false */
  readOnly?: boolean;
}

/**
 * A registered action: its arguments and, from a run, the run's context. Called from a dry run it returns
 * a `DryRunResult` ({ output, effects }) instead of the output (the workflow knows which it asked for).
 */
export type RegisteredAction<N extends ActionName> = (
  input: ActionInput<N>,
  context?: ActionContext,
) => Promise<ActionOutput<N>>;

/** Everything `createActivities` returns: the catalog's actions and the interpreter's own activities. */
export type IdflowActivities = { [N in ActionName]: RegisteredAction<N> } & {
  'idflow.resolveApprovers': (input: ResolveApproversInput) => Promise<ResolveApproversOutput>;
};

// useDefaults: the schemas' defaults are part of the input types (json-schema-to-ts treats a defaulted
// property as present), so the check fills them in before the implementation runs.
const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true });
addFormats.default(ajv);

/** Which run and which step is calling; outside an activity (unit tests) a one-off id. */
function invocation(): { workflowId: string; activityId: string } {
  try {
    const info = Context.current().info;
    return { workflowId: info.workflowExecution?.workflowId ?? '(no workflow)', activityId: info.activityId };
  } catch {
    return { workflowId: '(no workflow)', activityId: randomUUID() };
  }
}

/** The first stage: the arguments as the catalog's schema says (defaults filled in). */
function argumentsStage(name: ActionName): Stage {
  const validate: ValidateFunction = ajv.compile(actionCatalog[name].with);
  return (next) => (call) => {
    if (!validate(call.input)) {
      const why = (validate.errors ?? [])
        .map((e) => `${e.instancePath || '(arguments)'} ${e.message ?? 'is invalid'}`)
        .join('; ');
      throw ApplicationFailure.nonRetryable(`${name}: invalid arguments: ${why}`, 'IdflowInvalidArguments');
    }
    return next(call);
  };
}

function chain(stages: readonly Stage[], last: CallHandler): CallHandler {
  return stages.reduceRight<CallHandler>((next, stage) => stage(next), last);
}

/** A registered action as the worker sees it: the types are the catalog's (IdflowActivities). */
type Activity = (input: unknown, context?: ActionContext) => Promise<unknown>;

/**
 * A call from a run recorded before the context travelled beside the arguments (src/workflows/
 * legacyEnvelope.ts): the context is spliced into the input, and a dry run's effects go back spliced too.
 */
function acceptLegacy(fn: Activity): Activity {
  return async (input, context) => {
    if (context !== undefined) return fn(input, context);
    const legacy = takeContext(input);
    if (legacy.context === undefined) return fn(input);
    const result = await fn(legacy.input, legacy.context);
    if (legacy.context.dryRun !== true) return result;
    const { output, effects } = result as DryRunResult;
    return spliceEffects(output, effects);
  };
}

export function createActivities(deps: ActivityDeps): IdflowActivities {
  const secrets = deps.secrets ?? NO_SECRETS;
  const clock = deps.now ? { now: deps.now } : {};
  const handlers: ActionHandlers<ActionName> = {
    ...createUserActions(clock),
    ...createGroupActions(),
    ...createDeviceActions(clock),
    ...createAppActions(),
    ...createNotifyActions({ secrets }),
    ...createHttpActions({ secrets, allowHosts: deps.http?.allowHosts ?? [] }),
    ...createDirectoryActions(deps.store),
  };
  const stages: Stage[] = [
    ...(deps.readOnly === true ? [readOnlyStage] : []),
    dryRunStage,
    guardrailsStage(deps.guardrails ?? {}),
  ];
  // The innermost door: a JumpCloud write goes to JumpCloud, an outside write makes its own call.
  const send = (w: Write): Promise<unknown> =>
    w.kind === 'jumpcloud'
      ? deps.jumpcloud.request({
          method: w.method,
          path: w.path,
          ...(w.body === undefined ? {} : { body: w.body }),
        })
      : w.perform();

  const register = (name: ActionName): Activity => {
    const declared = new Set<WriteOp>(actionCatalog[name].writes);
    const handler = handlers[name] as (input: unknown, io: ActionIO) => Promise<unknown>;
    const run = chain([argumentsStage(name), ...stages], (call) =>
      handler(call.input, ioFor(call, declared)),
    );
    return acceptLegacy((input, context) =>
      run({
        action: name,
        input,
        context,
        ...invocation(),
        read: deps.jumpcloud,
        targets: new TargetResolver(deps.jumpcloud),
        send,
      }),
    );
  };

  const out: Record<string, Activity> = {};
  for (const name of actionNames) out[name] = register(name);
  return {
    ...(out as { [N in ActionName]: RegisteredAction<N> }),
    ...createApproverActivities(deps.jumpcloud),
  };
}
