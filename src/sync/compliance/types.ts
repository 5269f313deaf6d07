// Compliance rules as data: what a rules file compiles to, and what a check produces. Pure types, shared by
// the parser (CLI side), the evaluating activity and the workflow (which only carries them along).

/** The checks idflow knows; a rule picks one and parameterises it with `with`. */
export const CHECK_KINDS = [
  'user.mfaMissing',
  'user.inactiveWithAccess',
  'access.criticalUnauthorised',
  'device.unencrypted',
  'device.osBelowFloor',
  'device.ungrouped',
  'device.stale',
  'device.missingSoftware',
  'device.policyFailing',
] as const;

export type CheckKind = (typeof CHECK_KINDS)[number];

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export type UserState = 'STAGED' | 'ACTIVATED' | 'SUSPENDED';
export type OsFamily = 'darwin' | 'windows' | 'linux' | 'ios' | 'android';
export type AccessKind = 'groups' | 'devices' | 'apps';

/** `with` of each check, defaults filled in by the parser. */
export interface CheckParams {
  'user.mfaMissing': {
    states: UserState[];
    excludeGroups: string[];
    excludeUsers: string[];
    honourExclusions: boolean;
  };
  'user.inactiveWithAccess': { states: UserState[]; access: AccessKind[]; ignoreGroups: string[] };
  'access.criticalUnauthorised': {
    systemGroups: string[];
    hostnames: string[];
    apps: string[];
    authorisedGroups: string[];
    states: UserState[];
  };
  'device.unencrypted': { osFamilies: OsFamily[]; excludeGroups: string[] };
  'device.osBelowFloor': { floors: Partial<Record<OsFamily, string>> };
  'device.ungrouped': { osFamilies: OsFamily[] };
  'device.stale': { days: number; includeNeverSeen: boolean; osFamilies: OsFamily[] };
  'device.missingSoftware': { software: string[]; osFamilies: OsFamily[] };
  'device.policyFailing': { policies: string[]; osFamilies: OsFamily[] };
}

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
