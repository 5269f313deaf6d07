// The rules of an open approval, kept apart from Temporal so they read as policy: who may decide, when a
// decision counts, and what the outcome is. The update validator calls `check` (no mutation); the handler
// calls `record`.
import type { ApprovalDecision, ApprovalStatus, ApprovalView, DecisionRequest } from './types.js';

export class DecisionRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecisionRefused';
  }
}

export interface OpenApprovalInit {
  /** The step's record key (unique in the run, even inside forEach). */
  stepId: string;
  title: string;
  approvers: string[];
  /** Approver entries that named nobody; shown so an operator sees why the list is short. */
  unresolved: string[];
  required: number;
  allowSelfApproval: boolean;
  /** Requester and subject, lower-cased; they may not decide unless allowSelfApproval. */
  excluded: { requester?: string; subject?: string };
  openedAt: string;
  expiresAt: string;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class OpenApproval {
  readonly stepId: string;
  readonly title: string;
  readonly required: number;
  readonly openedAt: string;
  private approvers: Set<string>;
  private unresolved: string[];
  private readonly allowSelfApproval: boolean;
  private readonly excluded: OpenApprovalInit['excluded'];
  private readonly decisions: ApprovalDecision[] = [];
  private expiresAt: string;
  private stage: ApprovalView['stage'] = 'primary';
  private timedOut = false;
  /** What became of the "approval needed" message, for `idflow status`. */
  announcement = 'not sent';

  constructor(init: OpenApprovalInit) {
    this.stepId = init.stepId;
    this.title = init.title;
    this.required = init.required;
    this.openedAt = init.openedAt;
    this.approvers = new Set(init.approvers.map(normalizeEmail));
    this.unresolved = [...init.unresolved];
    this.allowSelfApproval = init.allowSelfApproval;
    this.excluded = init.excluded;
    this.expiresAt = init.expiresAt;
  }

  get status(): ApprovalStatus {
    if (this.decisions.some((d) => d.decision === 'reject')) return 'rejected';
    if (this.decisions.filter((d) => d.decision === 'approve').length >= this.required) return 'approved';
    return this.timedOut ? 'timedOut' : 'pending';
  }

  /** Throws DecisionRefused with the reason a person can act on; returns whether it repeats a decision. */
  check(decision: 'approve' | 'reject', request: DecisionRequest): { repeat: boolean } {
    const who = normalizeEmail(request.approver);
    if (!who) throw new DecisionRefused('an approver email is required');
    const earlier = this.decisions.find((d) => d.approver === who);
    if (earlier) {
      if (earlier.decision === decision) return { repeat: true };
      throw new DecisionRefused(
        `${who} already decided \`${earlier.decision}\` on step ${this.stepId}; a decision cannot be changed`,
      );
    }
    if (this.status !== 'pending')
      throw new DecisionRefused(`the approval at step ${this.stepId} is closed (${this.status})`);
    if (!this.allowSelfApproval) {
      if (who === this.excluded.requester)
        throw new DecisionRefused(`${who} requested this run and cannot approve it`);
      if (who === this.excluded.subject)
        throw new DecisionRefused(`${who} is the subject of this run and cannot approve it`);
    }
    if (!this.approvers.has(who)) {
      throw new DecisionRefused(`${who} is not an approver for step ${this.stepId}`);
    }
    return { repeat: false };
  }

  record(decision: 'approve' | 'reject', request: DecisionRequest, at: string): boolean {
    if (this.check(decision, request).repeat) return false;
    this.decisions.push({
      approver: normalizeEmail(request.approver),
      decision,
      ...(request.comment ? { comment: request.comment } : {}),
      at,
    });
    return true;
  }

  escalate(approvers: string[], unresolved: string[], expiresAt: string): void {
    this.approvers = new Set(approvers.map(normalizeEmail));
    this.unresolved = [...unresolved];
    this.expiresAt = expiresAt;
    this.stage = 'escalated';
  }

  timeOut(): void {
    this.timedOut = true;
  }

  approvals(): number {
    return this.decisions.filter((d) => d.decision === 'approve').length;
  }

  view(): ApprovalView {
    return {
      stepId: this.stepId,
      title: this.title,
      status: this.status,
      approvers: [...this.approvers].sort(),
      unresolved: [...this.unresolved],
      required: this.required,
      stage: this.stage,
      openedAt: this.openedAt,
      expiresAt: this.expiresAt,
      decisions: [...this.decisions],
      announcement: this.announcement,
    };
  }
}
