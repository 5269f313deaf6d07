// The snapshot store's tables. Every directory table is keyed by `snapshot_id` first: a snapshot is one
// complete, immutable copy of the directory, and two of them side by side are what change detection
// compares. Column types are the ones SQLite and PostgreSQL both accept (TEXT, INTEGER, BIGINT), so one
// migration text serves both; times are epoch milliseconds, booleans 0/1, absent strings ''.
//
// Migrations are append-only: a released migration is never edited; a change is a new entry.

export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

const directoryTables = [
  `CREATE TABLE snapshots (
    id TEXT PRIMARY KEY,
    workflow_id TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    status TEXT NOT NULL,
    scope TEXT NOT NULL,
    counts TEXT NOT NULL,
    previous_id TEXT,
    rules TEXT NOT NULL DEFAULT '[]'
  )`,
  `CREATE INDEX snapshots_started ON snapshots (started_at)`,
  `CREATE TABLE sync_cursors (
    snapshot_id TEXT NOT NULL,
    resource TEXT NOT NULL,
    cursor TEXT NOT NULL,
    done INTEGER NOT NULL,
    items BIGINT NOT NULL,
    PRIMARY KEY (snapshot_id, resource)
  )`,
  `CREATE TABLE users (
    snapshot_id TEXT NOT NULL,
    id TEXT NOT NULL,
    username TEXT NOT NULL,
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    state TEXT NOT NULL,
    department TEXT NOT NULL,
    job_title TEXT NOT NULL,
    manager_id TEXT NOT NULL,
    employee_type TEXT NOT NULL,
    employee_id TEXT NOT NULL,
    location TEXT NOT NULL,
    mfa_configured INTEGER NOT NULL,
    mfa_status TEXT NOT NULL,
    mfa_exclusion_until BIGINT,
    account_locked INTEGER NOT NULL,
    password_expired INTEGER NOT NULL,
    created BIGINT,
    PRIMARY KEY (snapshot_id, id)
  )`,
  `CREATE INDEX users_email ON users (snapshot_id, email)`,
  `CREATE TABLE user_groups (
    snapshot_id TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    membership_method TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, id)
  )`,
  `CREATE INDEX user_groups_name ON user_groups (snapshot_id, name)`,
  `CREATE TABLE user_group_members (
    snapshot_id TEXT NOT NULL,
    group_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, group_id, user_id)
  )`,
  `CREATE INDEX user_group_members_user ON user_group_members (snapshot_id, user_id)`,
  `CREATE TABLE systems (
    snapshot_id TEXT NOT NULL,
    id TEXT NOT NULL,
    hostname TEXT NOT NULL,
    display_name TEXT NOT NULL,
    os TEXT NOT NULL,
    os_family TEXT NOT NULL,
    version TEXT NOT NULL,
    serial_number TEXT NOT NULL,
    fde_active INTEGER NOT NULL,
    fde_key_present INTEGER NOT NULL,
    last_contact BIGINT,
    agent_version TEXT NOT NULL,
    active INTEGER NOT NULL,
    primary_user_id TEXT NOT NULL,
    created BIGINT,
    PRIMARY KEY (snapshot_id, id)
  )`,
  `CREATE TABLE system_groups (
    snapshot_id TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, id)
  )`,
  `CREATE INDEX system_groups_name ON system_groups (snapshot_id, name)`,
  `CREATE TABLE system_group_members (
    snapshot_id TEXT NOT NULL,
    group_id TEXT NOT NULL,
    system_id TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, group_id, system_id)
  )`,
  `CREATE INDEX system_group_members_system ON system_group_members (snapshot_id, system_id)`,
  // Direct graph edges (user or user group → system, system group or application), as JumpCloud stores
  // them; who can reach what through groups is resolved in SQL (src/store/access.ts).
  `CREATE TABLE associations (
    snapshot_id TEXT NOT NULL,
    from_type TEXT NOT NULL,
    from_id TEXT NOT NULL,
    to_type TEXT NOT NULL,
    to_id TEXT NOT NULL,
    sudo INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, from_type, from_id, to_type, to_id)
  )`,
  `CREATE INDEX associations_to ON associations (snapshot_id, to_type, to_id)`,
  `CREATE TABLE applications (
    snapshot_id TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    display_label TEXT NOT NULL,
    active INTEGER NOT NULL,
    sso_type TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, id)
  )`,
  `CREATE TABLE policies (
    snapshot_id TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    template_name TEXT NOT NULL,
    os_family TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, id)
  )`,
  `CREATE TABLE policy_results (
    snapshot_id TEXT NOT NULL,
    id TEXT NOT NULL,
    policy_id TEXT NOT NULL,
    system_id TEXT NOT NULL,
    state TEXT NOT NULL,
    success INTEGER NOT NULL,
    exit_status BIGINT,
    ended_at BIGINT,
    PRIMARY KEY (snapshot_id, id)
  )`,
  `CREATE TABLE software (
    snapshot_id TEXT NOT NULL,
    system_id TEXT NOT NULL,
    source TEXT NOT NULL,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, system_id, source, name)
  )`,
  // Directory Insights events of the sync's window, one row per object an event concerns (an association
  // change concerns both its ends), so "who changed this user" is one indexed look-up.
  `CREATE TABLE events (
    snapshot_id TEXT NOT NULL,
    id TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    at BIGINT NOT NULL,
    event_type TEXT NOT NULL,
    service TEXT NOT NULL,
    actor_email TEXT NOT NULL,
    actor_type TEXT NOT NULL,
    success INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, id, subject_id)
  )`,
  `CREATE INDEX events_subject ON events (snapshot_id, subject_id, at)`,
  `CREATE TABLE changes (
    snapshot_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    subject_name TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, seq)
  )`,
  `CREATE INDEX changes_subject ON changes (snapshot_id, subject_id)`,
  `CREATE TABLE findings (
    snapshot_id TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    subject_name TEXT NOT NULL,
    severity TEXT NOT NULL,
    evidence TEXT NOT NULL,
    remediation TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, rule_id, subject_type, subject_id)
  )`,
  // Which playbook run each finding started (Temporal's workflow id is the idempotency boundary; this is
  // the audit trail the report shows).
  `CREATE TABLE finding_runs (
    rule_id TEXT NOT NULL,
    run_key TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    workflow_id TEXT NOT NULL,
    first_snapshot_id TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    PRIMARY KEY (rule_id, run_key)
  )`,
];

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'directory snapshots, changes, findings', statements: directoryTables },
  {
    version: 2,
    name: 'policy results by device',
    // The policy check looks up each device's latest result per policy.
    statements: [
      `CREATE INDEX policy_results_system ON policy_results (snapshot_id, system_id, policy_id, ended_at)`,
    ],
  },
];

/** Key columns of each table: what `insertMany` upserts on. */
export const TABLE_KEYS: Readonly<Record<string, readonly string[]>> = {
  snapshots: ['id'],
  sync_cursors: ['snapshot_id', 'resource'],
  users: ['snapshot_id', 'id'],
  user_groups: ['snapshot_id', 'id'],
  user_group_members: ['snapshot_id', 'group_id', 'user_id'],
  systems: ['snapshot_id', 'id'],
  system_groups: ['snapshot_id', 'id'],
  system_group_members: ['snapshot_id', 'group_id', 'system_id'],
  associations: ['snapshot_id', 'from_type', 'from_id', 'to_type', 'to_id'],
  applications: ['snapshot_id', 'id'],
  policies: ['snapshot_id', 'id'],
  policy_results: ['snapshot_id', 'id'],
  software: ['snapshot_id', 'system_id', 'source', 'name'],
  events: ['snapshot_id', 'id', 'subject_id'],
  changes: ['snapshot_id', 'seq'],
  findings: ['snapshot_id', 'rule_id', 'subject_type', 'subject_id'],
  finding_runs: ['rule_id', 'run_key'],
};

/** Tables holding one snapshot's data: what pruning an old snapshot deletes from. */
export const SNAPSHOT_TABLES = Object.keys(TABLE_KEYS).filter(
  (t) => t !== 'snapshots' && t !== 'finding_runs',
);

/** The newest schema version this code knows. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** The `ON CONFLICT` clause for an upsert into `table`. */
export function conflictClause(
  table: string,
  columns: readonly string[],
  onConflict: 'ignore' | 'replace',
): string {
  const key = TABLE_KEYS[table];
  if (!key) throw new Error(`store: unknown table ${table}`);
  const rest = columns.filter((c) => !key.includes(c));
  if (onConflict === 'ignore' || rest.length === 0) return `ON CONFLICT (${key.join(', ')}) DO NOTHING`;
  return `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${rest.map((c) => `${c} = excluded.${c}`).join(', ')}`;
}
