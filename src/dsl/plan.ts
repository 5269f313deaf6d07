// The Plan: the only contract between the compiler (dsl/) and the interpreter (workflows/). Plain JSON, so
// it travels as workflow input and is recorded in history; a running execution is pinned to the Plan it
// started with, whatever happens to the YAML afterwards.
import type { JsonObject } from '../common/json.js';
import type { SourcePos } from '../common/source.js';
import type { PlanExpr, PlanValue } from '../expr/valueTree.js';
import type { PlaybookGuardrails } from '../guardrails/policy.js';

/** Bumped when the interpreter can no longer read older Plans unchanged. */
export const PLAN_FORMAT_VERSION = 1;

/** Retry policy of an activity, normalised to milliseconds. Always finite. */
export interface PlanRetry {
  maxAttempts: number;
  initialIntervalMs: number;
  backoff: number;
  maxIntervalMs: number;
}

/** What happens when a step fails: stop the run (after compensation), carry on, or run recovery steps. */
export type OnError = { kind: 'fail' } | { kind: 'continue' } | { kind: 'steps'; steps: PlanStep[] };

interface StepCommon {
  id: string;
  name?: string;
  /** Run the step only when this is true; otherwise it is `skipped`. */
  if?: PlanExpr;
  onError: OnError;
  at: SourcePos;
}

export interface ActionCall {
  /** A name from the action catalog; the compiler refuses unknown names. */
  action: string;
  with: PlanValue;
  /** Per attempt. */
  timeoutMs: number;
  retry: PlanRetry;
}

export interface ActionStep extends StepCommon, ActionCall {
  kind: 'action';
  /** Undo for the saga: runs, newest first, when the run fails after this step succeeded. */
  compensate?: ActionCall;
}

export interface ApprovalTimeoutPolicy {
  escalate?: { approvers: PlanValue; timeoutMs: number };
  /** What happens when nobody decided in time (after escalation, if any). Never "approve". */
  then: 'reject' | 'fail';
}

export interface ApprovalStep extends StepCommon {
  kind: 'approval';
  title: PlanValue;
  /** Evaluates to a list of emails or `group:<user group name>` entries. */
  approvers: PlanValue;
  required: number;
  allowSelfApproval: boolean;
  timeoutMs: number;
  onTimeout: ApprovalTimeoutPolicy;
}

export interface SetStep extends StepCommon {
  kind: 'set';
  vars: { [name: string]: PlanValue };
}

export interface FailStep extends StepCommon {
  kind: 'fail';
  message: PlanValue;
}

/** Branches run together; the step ends when all branches end, or fails as soon as one fails. */
export interface ParallelStep extends StepCommon {
  kind: 'parallel';
  branches: PlanStep[][];
  /** The playbook's name for each branch, in the order of `branches` (for state views and graphs). */
  branchNames?: string[];
}

/** Runs `steps` once per item, at most `concurrency` items at a time. */
export interface ForEachStep extends StepCommon {
  kind: 'forEach';
  /** Evaluates to a list. */
  items: PlanValue;
  /** The name the current item has inside `steps` (`item` unless the playbook says otherwise). */
  as: string;
  concurrency: number;
  steps: PlanStep[];
}

/** A durable timer: a fixed duration, or until a timestamp (an ISO 8601 string). */
export interface WaitStep extends StepCommon {
  kind: 'wait';
  forMs?: number;
  until?: PlanValue;
}

/** Runs another playbook as a child workflow; its Plan is embedded in `Plan.children` (pinned too). */
export interface PlaybookStep extends StepCommon {
  kind: 'playbook';
  playbook: string;
  with: PlanValue;
}

export type PlanStep =
  ActionStep | ApprovalStep | SetStep | FailStep | ParallelStep | ForEachStep | WaitStep | PlaybookStep;
export type StepKind = PlanStep['kind'];

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  name: string;
  description?: string;
  /** The file the Plan was compiled from, as the caller named it. Not part of the hash. */
  source: string;
  /** sha256 of the Plan's meaning (positions and source name excluded), hex. */
  hash: string;
  /** JSON Schema (object) of the inputs; checked before a run starts. */
  inputs: JsonObject;
  /** Who the run is about; part of the workflow id and the IdflowSubject search attribute. */
  subject?: PlanValue;
  /** Whole-run timeout. */
  timeoutMs?: number;
  onFailure: 'compensate' | 'fail';
  /** What the playbook may change and how much (checked here, and enforced in every activity). */
  guardrails?: PlaybookGuardrails;
  steps: PlanStep[];
  outputs: { [name: string]: PlanValue };
  /** Plans of the playbooks this one starts as children, by name (transitively), so they are pinned too. */
  children?: { [name: string]: Plan };
}
