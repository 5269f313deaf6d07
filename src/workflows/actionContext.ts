// What travels with an action call besides its arguments, and back besides its output. The interpreter sends
// the run's context as the activity's SECOND argument, so the arguments an action checks and the output a
// playbook reads are exactly what the Plan and the catalog say — nothing is spliced in and stripped again.
// A dry run's would-be changes come back beside the output ({ output, effects }); a real run returns the
// output alone. Runs recorded before this protocol replay through src/workflows/legacyEnvelope.ts.
import type { WriteOp } from '../catalog/index.js';
import type { JsonValue } from '../common/json.js';
import type { GuardrailLevel, PlaybookGuardrails } from '../guardrails/policy.js';

/** One change a dry run would have made: what to tell the operator, and what later reads must see. */
export interface DryRunEffect {
  /** The catalog action that would make it. */
  action: string;
  op: WriteOp;
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

/** The run context of one action call: the activity's second argument. */
export interface ActionContext {
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
  /**
   * A child run: the runs above it, root first, with their guardrails. The activity enforces all of them
   * (src/guardrails/policy.ts, composeGuardrails), and their per-run caps count this call too.
   */
  lineage?: GuardrailLevel[];
  /** The call undoes an earlier step (compensation). */
  compensation?: boolean;
  /** Dry run: what the run would have changed before this call, so its reads see it. */
  effects?: DryRunEffect[];
}

/** What an action call returns in a dry run: its output, and what it would have changed. */
export interface DryRunResult {
  output: JsonValue;
  effects: DryRunEffect[];
}
