// Inputs, outputs and the observable state of a playbook run. Plain JSON: they cross the client, the
// workflow history and the CLI.
import type { Plan } from '../dsl/plan.js';
import type { JsonValue } from '../common/json.js';
import type { GuardrailLevel } from '../guardrails/policy.js';

/** Who or what started a run. The requester may never approve their own request. */
export interface Trigger {
  kind: 'cli' | 'api' | 'webhook' | 'schedule' | 'finding' | 'playbook' | 'test';
  /** Email of the person who asked, when a person did. */
  requestedBy?: string;
  /** Webhook source, schedule id, rule id, or the parent run for a child playbook. */
  source?: string;
  /** The idempotency key in the workflow id. */
  key: string;
}

export interface RunPlaybookInput {
  plan: Plan;
  inputs: { [name: string]: JsonValue };
  /** The evaluated `subject` (the client computes it once for the workflow id and search attribute). */
  subject: string;
  trigger: Trigger;
  /**
   * A dry run: reads are real; writes are checked against the guardrails, recorded and reported, not sent;
   * approvals count as granted (after saying whom they would ask) and waits end at once.
   */
  dryRun?: boolean;
  /**
   * Present when payloads are encrypted: the subject as workflow ids and search attributes show it (a keyed
   * pseudonym), so nothing personal is left in clear in the history. Failure messages then travel in the
   * failure's details, which the codec encrypts.
   */
  subjectTag?: string;
  /**
   * A child run: the runs above it, root first, each with its playbook's guardrails (and whether its caps
   * were raised). The parent sets it; every action call of this run carries it, so a child can never do
   * what an ancestor may not, and an ancestor's caps count what its children do.
   */
  lineage?: GuardrailLevel[];
}

export type StepStatus =
  'pending' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped' | 'compensated' | 'cancelled';

export interface StepError {
  message: string;
  type?: string;
}

export interface StepRecord {
  /** Unique within the run: the step id, prefixed by its forEach iteration (`users[2].suspend`). */
  key: string;
  id: string;
  kind: string;
  name?: string;
  action?: string;
  status: StepStatus;
  startedAt?: string;
  endedAt?: string;
  /** A wait step or timer: when it is due. */
  until?: string;
  output?: JsonValue;
  error?: StepError;
  /** The child workflow's id, for `playbook` steps. */
  childWorkflowId?: string;
  /** Set when the step's compensation ran (or failed). */
  compensation?: { status: 'succeeded' | 'failed'; at: string; error?: StepError };
  /** Dry runs: what the step would have changed (`would add … to …`), asked or waited for. */
  wouldDo?: string[];
}

export interface ApprovalDecision {
  approver: string;
  decision: 'approve' | 'reject';
  comment?: string;
  at: string;
}

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'timedOut';

export interface ApprovalView {
  stepId: string;
  title: string;
  status: ApprovalStatus;
  /** Who may decide now (lower-case emails). */
  approvers: string[];
  /** Entries that named nobody (an unknown group, a group with no active member). */
  unresolved: string[];
  required: number;
  stage: 'primary' | 'escalated';
  openedAt: string;
  expiresAt: string;
  decisions: ApprovalDecision[];
  /** What became of the "approval needed" message: `sent (2 links)`, `not sent: …`, `failed: …`. */
  announcement?: string;
}

export type RunStatus =
  'running' | 'waitingForApproval' | 'waiting' | 'compensating' | 'completed' | 'failed' | 'cancelled';

export interface RunState {
  playbook: string;
  /** The run is a dry run: nothing it shows as done was sent. */
  dryRun?: boolean;
  planHash: string;
  subject: string;
  status: RunStatus;
  startedAt: string;
  steps: StepRecord[];
  approvals: ApprovalView[];
  /** Step keys whose compensation ran, newest first. */
  compensated: string[];
  failure?: StepError & { step: string };
}

export interface RunResult {
  outputs: { [name: string]: JsonValue };
  steps: StepRecord[];
  /** Step keys whose compensation ran, newest first. */
  compensated: string[];
  /** Dry runs: every change a real run would have made, in order. */
  dryRun?: { mutations: DryRunMutation[] };
}

export interface DryRunMutation {
  step: string;
  action: string;
  /** `would suspend jordan.lee@example.com`. */
  text: string;
  /** What kind of change (`user.suspend`, `userGroup.member.add`, `notify.message`…). */
  op: string;
  /** The JumpCloud request that was not sent, for JumpCloud changes. */
  request?: string;
}

/** Payload of the `approve` and `reject` updates. */
export interface DecisionRequest {
  /** Which approval; may be left out when exactly one is open. */
  stepId?: string;
  /** The approver's email, as authenticated by the caller (CLI user, signed link, API token). */
  approver: string;
  comment?: string;
}

export interface DecisionResult {
  stepId: string;
  decision: 'approve' | 'reject';
  /** False when this repeated an earlier identical decision by the same approver. */
  recorded: boolean;
  status: ApprovalStatus;
  approvals: number;
  required: number;
}

/** A step whose undo was refused (a guardrail) or failed: what it changed is still changed. */
export interface NotUndone extends StepError {
  /** The step's record key. */
  step: string;
  /** The undo action that did not run to completion. */
  action: string;
}

/** Details attached to a failed run's ApplicationFailure. */
export interface RunFailureDetails {
  step: string;
  /** With encrypted payloads the failure's message stays generic; the reason is here. */
  message?: string;
  compensated: string[];
  compensationFailures: string[];
  /** The steps of `compensationFailures`, each with its undo and why it did not happen. */
  notUndone?: NotUndone[];
}
