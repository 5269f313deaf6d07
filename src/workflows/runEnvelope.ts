// The run context an action call carries. The interpreter adds it to every action's input under a reserved
// key; `guarded()` (src/activities/index.ts) takes it off before the arguments are checked, so actions never
// see it. Activity inputs are not part of the replay check, so adding it needs no patch. What an action
// returns besides its output travels back under the same key and the interpreter takes it off.
import type { JsonValue } from '../dsl/plan.js';
import type { PlaybookGuardrails } from '../guardrails/policy.js';
import type { WriteOp } from '../activities/guardrails/writes.js';

export const ENVELOPE_KEY = '$idflow';

/** One change a dry run would have made: what to tell the operator, and what later reads must see. */
export interface DryRunEffect {
  /** The catalog action that would make it. */
  action: string;
  op: WriteOp | 'notify.message' | 'http.request';
  /** For people: `would add jordan.lee@example.com to Support`. */
  text: string;
  /** The JumpCloud request that was not sent (`POST /api/systemusers/…/state/suspend`). */
  request?: string;
  users?: string[];
  userGroups?: string[];
  systems?: string[];
  /** A user or group the run would create: the stand-in id later steps refer to it by. */
  placeholderId?: string;
  /** The JSON body of the write (a new user's record, an update's fields), for later reads. */
  body?: { [key: string]: JsonValue };
}

export interface RunEnvelope {
  /** For logs; activities take the workflow id from their own context. */
  workflowId: string;
  playbook: string;
  planHash: string;
  /** Reads are real, writes are recorded and reported, not sent. */
  dryRun?: boolean;
  /** The playbook's declared guardrails (from its Plan). */
  guardrails?: PlaybookGuardrails;
  /** The playbook's `raise` approval was approved in this run. */
  raised?: boolean;
  /** The call undoes an earlier step (compensation): caps do not count it, lists and protection still apply. */
  compensation?: boolean;
  /** Dry run: what the run would have changed before this call, so its reads see it. */
  effects?: DryRunEffect[];
}

/** What an action returns besides its output. */
export interface ActionMeta {
  dryRun?: { effects: DryRunEffect[] };
}

function isObject(v: unknown): v is { [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Splits an action input into the arguments and the envelope (absent for runs started before it existed). */
export function takeEnvelope(raw: unknown): { input: unknown; envelope?: RunEnvelope } {
  if (!isObject(raw) || !(ENVELOPE_KEY in raw)) return { input: raw };
  const { [ENVELOPE_KEY]: envelope, ...input } = raw;
  return isObject(envelope) ? { input, envelope: envelope as unknown as RunEnvelope } : { input };
}

/** Splits an action result into the output and its meta. */
export function takeMeta<T>(raw: T): { output: T; meta?: ActionMeta } {
  if (!isObject(raw) || !(ENVELOPE_KEY in raw)) return { output: raw };
  const { [ENVELOPE_KEY]: meta, ...output } = raw;
  return { output: output as T, ...(isObject(meta) ? { meta: meta } : {}) };
}
