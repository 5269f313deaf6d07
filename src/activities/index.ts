// Builds every activity the worker registers: the action catalog's implementations, each guarded — the run's
// envelope taken off, the arguments checked against the catalog schema (expressions can produce values the
// compiler could not see, so a bad argument fails once, clearly, instead of retrying), the guardrails
// enforced on every write (src/guardrails), and dry runs recorded instead of sent — plus the interpreter's
// internal `idflow.resolveApprovers`.
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import {
  actionCatalog,
  actionNames,
  type ActionImplementations,
  type ActionInput,
  type ActionName,
} from '../catalog/index.js';
import { ENVELOPE_KEY, takeEnvelope, type ActionMeta, type DryRunEffect } from '../workflows/runEnvelope.js';
import { WriteGate } from './guardrails/gate.js';
import { workerLedger, type LedgerClient } from './guardrails/ledgerClient.js';
import {
  DEFAULT_GLOBAL_GUARDRAILS,
  effectiveGuardrails,
  type GlobalGuardrails,
} from '../guardrails/policy.js';
import { TargetResolver } from './guardrails/targets.js';
import {
  createApproverActivities,
  type ResolveApproversInput,
  type ResolveApproversOutput,
} from './approvers.js';
import { createDirectoryActions } from './directory/lookup.js';
import { createHttpActions } from './http/request.js';
import { callClient, DryRun } from './dryRun/client.js';
import { dryRunHttp, dryRunMessage, isReadRequest, type OutsideOptions } from './dryRun/outside.js';
import { createAppActions, type AppActionName } from './jumpcloud/apps.js';
import type { JumpCloudClient } from './jumpcloud/client.js';
import { createDeviceActions, type DeviceActionName } from './jumpcloud/devices.js';
import { createGroupActions, type GroupActionName } from './jumpcloud/groups.js';
import { createUserActions, type UserActionName } from './jumpcloud/users.js';
import { createNotifyActions } from './notify/message.js';
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
type JumpCloudActionName = UserActionName | GroupActionName | DeviceActionName | AppActionName;
/** Actions that do not call JumpCloud: chat, HTTP, and the snapshot store (a read, never gated). */
type OutsideActionName = 'notify.message' | 'http.request' | 'directory.lookup';
type Table<N extends ActionName> = { readonly [K in N]: (input: never) => Promise<unknown> };

/** Which run and which step is calling; outside an activity (unit tests) a one-off id. */
function invocation(): { workflowId: string; activityId: string } {
  try {
    const info = Context.current().info;
    return { workflowId: info.workflowExecution?.workflowId ?? '(no workflow)', activityId: info.activityId };
  } catch {
    return { workflowId: '(no workflow)', activityId: randomUUID() };
  }
}

function isJumpCloudAction(name: ActionName): name is JumpCloudActionName {
  return name.startsWith('jumpcloud.');
}

/**
 * One action call, guarded: the run's envelope is taken off, the arguments are checked against the catalog,
 * the guardrails decide whether the action may run at all, and every write it makes passes the gate. In a
 * dry run writes are recorded, not sent, and what the call would have done travels back to the workflow.
 */
function guarded(
  name: ActionName,
  deps: ActivityDeps,
  jumpcloudFamilies: (client: JumpCloudClient) => Table<JumpCloudActionName>,
  outside: Table<OutsideActionName>,
  outsideOptions: OutsideOptions,
): Activity {
  const validate: ValidateFunction = ajv.compile(actionCatalog[name].with);
  const policy = deps.guardrails?.policy ?? DEFAULT_GLOBAL_GUARDRAILS;
  return async (raw: unknown): Promise<unknown> => {
    const { input, envelope } = takeEnvelope(raw);
    if (!validate(input)) {
      const why = (validate.errors ?? [])
        .map((e) => `${e.instancePath || '(arguments)'} ${e.message ?? 'is invalid'}`)
        .join('; ');
      throw ApplicationFailure.nonRetryable(`${name}: invalid arguments: ${why}`, 'IdflowInvalidArguments');
    }
    const { workflowId, activityId } = invocation();
    const playbook = envelope?.playbook ?? '(unknown)';
    const dry = envelope?.dryRun
      ? new DryRun(envelope.effects ?? [], `${workflowId}#${activityId}`, name)
      : undefined;
    // The resolver reads through the call's own client (set below), so a dry run's stand-ins have names too.
    const via: { client: JumpCloudClient } = { client: deps.jumpcloud };
    const targets = new TargetResolver({ request: (req) => via.client.request(req) });
    const gate = new WriteGate({
      action: name,
      workflowId,
      activityId,
      playbook,
      rules: effectiveGuardrails(policy, playbook, envelope?.guardrails, envelope?.raised === true),
      dryRun: dry !== undefined,
      compensation: envelope?.compensation === true,
      ledger: deps.guardrails?.ledger ?? workerLedger,
      targets,
    });
    gate.checkAction();
    const client = callClient(deps.jumpcloud, gate, dry);
    via.client = client;
    if (dry) dry.targets = targets;

    let output: unknown;
    if (isJumpCloudAction(name)) output = await jumpcloudFamilies(client)[name](input as never);
    else if (dry && name === 'notify.message') {
      const r = dryRunMessage(input as ActionInput<'notify.message'>, outsideOptions);
      await gate.admitCall();
      dry.recorded.push(r.effect);
      output = r.output;
    } else if (dry && name === 'http.request' && !isReadRequest(input as ActionInput<'http.request'>)) {
      const r = dryRunHttp(input as ActionInput<'http.request'>, outsideOptions);
      await gate.admitCall();
      dry.recorded.push(r.effect);
      output = r.output;
    } else {
      if (actionCatalog[name].mutates && !dry) await gate.admitCall();
      output = await outside[name](input as never);
    }
    return dry ? withDryRunMeta(output, dry.recorded) : output;
  };
}

/** A dry-run result: the note says what would have happened, and the effects go back to the workflow. */
function withDryRunMeta(output: unknown, effects: DryRunEffect[]): unknown {
  if (typeof output !== 'object' || output === null || Array.isArray(output)) return output;
  const meta: ActionMeta = { dryRun: { effects } };
  const note = effects.length > 0 && 'note' in output ? { note: effects.map((e) => e.text).join('; ') } : {};
  return { ...output, ...note, [ENVELOPE_KEY]: meta };
}

export function createActivities(deps: ActivityDeps): IdflowActivities {
  const secrets = deps.secrets ?? NO_SECRETS;
  const clock = deps.now ? { now: deps.now } : {};
  const allowHosts = deps.http?.allowHosts ?? [];
  // Built per call around the call's client (cheap: closures over the client, no I/O).
  const jumpcloudFamilies = (client: JumpCloudClient): Table<JumpCloudActionName> => ({
    ...createUserActions(client, clock),
    ...createGroupActions(client),
    ...createDeviceActions(client, clock),
    ...createAppActions(client),
  });
  const outside: Table<OutsideActionName> = {
    ...createNotifyActions({ secrets }),
    ...createHttpActions({ secrets, allowHosts }),
    ...createDirectoryActions(deps.store),
  };
  const out: Partial<Record<ActionName, Activity>> = {};
  for (const name of actionNames)
    out[name] = guarded(name, deps, jumpcloudFamilies, outside, { secrets, allowHosts });
  return { ...(out as ActionImplementations), ...createApproverActivities(deps.jumpcloud) };
}
