// Compliance rules as data: what a rules file compiles to, and what a check produces. Pure types, shared by
// the parser (CLI side), the evaluating activity and the workflow (which only carries them along).
import type { FromSchema } from 'json-schema-to-ts';
import type { CHECK_WITH, CheckKind } from '../config/rulesSchema.js';

/** The checks idflow knows, each declared once with its parameters in config/rulesSchema.ts. */
export type { CheckKind };

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export type UserState = 'STAGED' | 'ACTIVATED' | 'SUSPENDED';
export type OsFamily = 'darwin' | 'windows' | 'linux' | 'ios' | 'android';
export type AccessKind = 'groups' | 'devices' | 'apps';

/** `with` of each check as its schema declares it, every parameter present (the parser fills defaults). */
export type CheckParams = { [K in CheckKind]: Required<FromSchema<(typeof CHECK_WITH)[K]>> };

/** A playbook a rule starts for each of its findings. */
export interface RulePlaybook {
  /** The playbook's `name` (its Plan travels with the sync input). */
  name: string;
  /** Input name → `${{ }}` template over `finding`, `subject`, `rule`, `snapshot`. */
  inputs: Record<string, string>;
  /**
   * The run's idempotency key template: one finding, one run, however many syncs see it.
   * @default '${{ rule.id }}:${{ subject.id }}'
   */
  key: string;
}

export type CompiledRule = {
  [K in CheckKind]: {
    id: string;
    title: string;
    description: string;
    severity: Severity;
    check: K;
    params: CheckParams[K];
    remediation: string;
    playbook?: RulePlaybook;
    /** Where it was written, for messages. */
    source: { file: string; line: number; column: number };
  };
}[CheckKind];

export interface FindingSubject {
  type: 'user' | 'system';
  id: string;
  /** Email for users, hostname for devices. */
  name: string;
}

/** One violation: what, about whom, and the evidence an auditor needs. */
export interface Finding {
  subject: FindingSubject;
  evidence: Record<string, unknown>;
}
