// The contract between workflows/directorySync and the sync activities: what travels through workflow
// history. Only names, ids, counts and finding summaries; never a user, device or group record.
import type { Plan } from '../dsl/plan.js';
import type { CompiledRule } from './compliance/types.js';

/** Everything a sync can read, in the order of JumpCloud's object graph (parents before their edges). */
export const SYNC_RESOURCES = [
  'users',
  'userGroups',
  'userGroupMembers',
  'systems',
  'systemGroups',
  'systemGroupMembers',
  'systemAssociations',
  'systemGroupAssociations',
  'applications',
  'applicationAssociations',
  'policies',
  'policyResults',
  'softwareApps',
  'softwarePrograms',
] as const;

export type SyncResource = (typeof SYNC_RESOURCES)[number];

/** Resources that page per parent object, and the resource their parents come from. */
export const RESOURCE_PARENTS: Partial<Record<SyncResource, SyncResource>> = {
  userGroupMembers: 'userGroups',
  systemGroupMembers: 'systemGroups',
  systemAssociations: 'systems',
  systemGroupAssociations: 'systemGroups',
  applicationAssociations: 'applications',
};

/** What to sync. */
export interface SyncScope {
  /** Resources to read (a child without its parent adds the parent). @default every resource */
  resources?: SyncResource[];
  /** Only these user groups (by name), and so only their members. @default every group */
  userGroups?: string[];
  /** Only these device groups (by name). @default every group */
  systemGroups?: string[];
}

export interface DirectoryInsightsOptions {
  /** Fetch Directory Insights events to say who made each change. @default true */
  enabled?: boolean;
  /** How far back the first sync (with no previous snapshot) looks. @default 7 */
  lookbackDays?: number;
}

/** Per-activity limits; tests shorten them. */
export interface SyncTuning {
  /** A paging activity that has not heartbeated for this long is retried elsewhere. @default 60000 */
  heartbeatTimeoutMs?: number;
  /** One attempt of one resource. @default 30 minutes */
  resourceTimeoutMs?: number;
}

export interface DirectorySyncInput {
  /** Which schedule (or `manual`) started it: recorded with the snapshot. */
  source: string;
  scope: SyncScope;
  /** Compliance rules, compiled from their YAML by `idflow schedule apply` / `idflow sync`. */
  rules: CompiledRule[];
  /** The Plans that rules start, by playbook name (pinned like any run's Plan). */
  playbooks: Record<string, Plan>;
  insights?: DirectoryInsightsOptions;
  /** Complete snapshots kept; older ones are pruned after a sync. @default 10 */
  retainSnapshots?: number;
  tuning?: SyncTuning;
  /** Set by the workflow itself when it continues as new. */
  resume?: SyncResume;
}

/** Where a sync stands, carried across continue-as-new. */
export interface SyncResume {
  snapshotId: string;
  startedAt: number;
  previousSnapshotId: string | null;
  previousStartedAt: number | null;
  /** Phases done: the workflow skips them. */
  done: SyncPhase[];
  counts: Record<string, number>;
  changes: Record<string, number>;
  findings: RuleSummary[];
  playbookRuns: StartPlaybooksOutput;
}

export type SyncPhase = 'snapshot' | 'diff' | 'insights' | 'evaluate' | 'playbooks';

export interface BeginSyncInput {
  snapshotId: string;
  startedAt: number;
  workflowId: string;
  scope: SyncScope;
}

export interface BeginSyncOutput {
  snapshotId: string;
  previousSnapshotId: string | null;
  /** When the previous snapshot began: the start of the Directory Insights window. */
  previousStartedAt: number | null;
}

export interface SyncResourceInput {
  snapshotId: string;
  resource: SyncResource;
  scope: SyncScope;
}

export interface SyncResourceOutput {
  resource: SyncResource;
  /** Items stored for this resource (exact once the resource is done). */
  items: number;
  /** Requests this attempt sent (a resumed attempt sends only the rest). */
  requests: number;
}

export interface CompleteSyncInput {
  snapshotId: string;
  finishedAt: number;
  retain: number;
}

export interface CompleteSyncOutput {
  /** Rows per table in the snapshot. */
  counts: Record<string, number>;
  pruned: string[];
}

export interface DiffInput {
  snapshotId: string;
  previousSnapshotId: string | null;
}

/** Changes found, per kind (e.g. `user.joined`: 3). */
export type ChangeCounts = Record<string, number>;

export interface InsightsInput {
  snapshotId: string;
  from: number;
  to: number;
}

export interface InsightsOutput {
  events: number;
  /** Changes and findings given a "who" from an event. */
  attributed: number;
  /** False when Directory Insights is not available to this key (402/403): the sync goes on without it. */
  available: boolean;
}

export interface EvaluateInput {
  snapshotId: string;
  rules: CompiledRule[];
}

export interface RuleSummary {
  rule: string;
  title: string;
  severity: string;
  findings: number;
}

export interface StartPlaybooksInput {
  snapshotId: string;
  rules: CompiledRule[];
  playbooks: Record<string, Plan>;
  /** Where the runs go: the sync's own task queue. */
  taskQueue: string;
}

export interface StartPlaybooksOutput {
  started: number;
  /** Findings whose run already existed (an earlier sync started it). */
  existing: number;
  failed: number;
}

export interface DirectorySyncResult {
  snapshotId: string;
  previousSnapshotId: string | null;
  startedAt: number;
  counts: Record<string, number>;
  changes: ChangeCounts;
  findings: RuleSummary[];
  playbookRuns: StartPlaybooksOutput;
}

/** What the `progress` query answers while a sync runs. */
export interface SyncProgress {
  snapshotId: string | null;
  phase: SyncPhase | 'starting' | 'done';
  resources: Partial<Record<SyncResource, number>>;
}
