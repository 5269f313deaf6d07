// Who can reach what, resolved from the snapshot's direct edges the way JumpCloud resolves them:
//   a device:  user → device · user → device group ∋ device · user ∈ group → device ·
//              user ∈ group → device group ∋ device
//   an app:    user → app · user ∈ group → app
// Callers narrow each path with conditions on the user and target columns (never the whole cross product:
// "All Staff" bound to a device group would be every user times every device). The edges come first
// (`CROSS JOIN` fixes that order in SQLite, which otherwise guesses without statistics and may scan every
// membership per device; PostgreSQL plans it freely either way).
import type { SqlExecutor, SqlValue } from './types.js';

export interface Condition {
  sql: string;
  params: SqlValue[];
}

/** A condition on one column, e.g. `(col) => ({ sql: `${col} IN (?)`, params: [id] })`. */
export type ColumnCondition = (column: string) => Condition;

export interface AccessRow {
  user_id: string;
  target_id: string;
  /** The user group the access comes through, '' when the user is bound directly. */
  via_user_group: string;
  /** The device group the access comes through, '' when bound to the device itself. */
  via_system_group: string;
  sudo: number;
}

interface Path {
  select: string;
  from: string;
  where: string;
  user: string;
  target: string;
}

const SYSTEM_PATHS: readonly Path[] = [
  {
    select: `a.from_id AS user_id, a.to_id AS target_id, '' AS via_user_group, '' AS via_system_group, a.sudo`,
    from: 'associations a',
    where: `a.from_type = 'user' AND a.to_type = 'system'`,
    user: 'a.from_id',
    target: 'a.to_id',
  },
  {
    select: `a.from_id, m.system_id, '', a.to_id, a.sudo`,
    from: 'associations a CROSS JOIN system_group_members m',
    where: `a.from_type = 'user' AND a.to_type = 'system_group' AND m.snapshot_id = a.snapshot_id AND m.group_id = a.to_id`,
    user: 'a.from_id',
    target: 'm.system_id',
  },
  {
    select: `g.user_id, a.to_id, a.from_id, '', a.sudo`,
    from: 'associations a CROSS JOIN user_group_members g',
    where: `a.from_type = 'user_group' AND a.to_type = 'system' AND g.snapshot_id = a.snapshot_id AND g.group_id = a.from_id`,
    user: 'g.user_id',
    target: 'a.to_id',
  },
  {
    select: `g.user_id, m.system_id, a.from_id, a.to_id, a.sudo`,
    from: 'associations a CROSS JOIN user_group_members g CROSS JOIN system_group_members m',
    where: `a.from_type = 'user_group' AND a.to_type = 'system_group' AND g.snapshot_id = a.snapshot_id
            AND g.group_id = a.from_id AND m.snapshot_id = a.snapshot_id AND m.group_id = a.to_id`,
    user: 'g.user_id',
    target: 'm.system_id',
  },
];

const APP_PATHS: readonly Path[] = [
  {
    select: `a.from_id AS user_id, a.to_id AS target_id, '' AS via_user_group, '' AS via_system_group, a.sudo`,
    from: 'associations a',
    where: `a.from_type = 'user' AND a.to_type = 'application'`,
    user: 'a.from_id',
    target: 'a.to_id',
  },
  {
    select: `g.user_id, a.to_id, a.from_id, '', a.sudo`,
    from: 'associations a CROSS JOIN user_group_members g',
    where: `a.from_type = 'user_group' AND a.to_type = 'application' AND g.snapshot_id = a.snapshot_id AND g.group_id = a.from_id`,
    user: 'g.user_id',
    target: 'a.to_id',
  },
];

async function resolve(
  db: SqlExecutor,
  paths: readonly Path[],
  snapshotId: string,
  filter: { user?: ColumnCondition; target?: ColumnCondition },
): Promise<AccessRow[]> {
  const params: SqlValue[] = [];
  const branches = paths.map((p) => {
    const parts = [`a.snapshot_id = ?`, p.where];
    params.push(snapshotId);
    for (const [cond, column] of [
      [filter.user, p.user],
      [filter.target, p.target],
    ] as const) {
      if (!cond) continue;
      const c = cond(column);
      parts.push(`(${c.sql})`);
      params.push(...c.params);
    }
    return `SELECT ${p.select} FROM ${p.from} WHERE ${parts.join(' AND ')}`;
  });
  return db.all<AccessRow>(
    `SELECT * FROM (${branches.join(' UNION ALL ')}) x ORDER BY x.user_id, x.target_id, x.via_user_group, x.via_system_group`,
    params,
  );
}

/** Every (user, device) pair the filter lets through, once per path. */
export function systemAccess(
  db: SqlExecutor,
  snapshotId: string,
  filter: { user?: ColumnCondition; target?: ColumnCondition },
): Promise<AccessRow[]> {
  return resolve(db, SYSTEM_PATHS, snapshotId, filter);
}

/** Every (user, application) pair the filter lets through, once per path. */
export function appAccess(
  db: SqlExecutor,
  snapshotId: string,
  filter: { user?: ColumnCondition; target?: ColumnCondition },
): Promise<AccessRow[]> {
  return resolve(db, APP_PATHS, snapshotId, filter);
}
