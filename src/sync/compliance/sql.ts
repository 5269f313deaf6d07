// Small SQL builders shared by the checks: IN lists, and "member of a group named …" conditions, written
// in the SQL SQLite and PostgreSQL share.
import type { SqlValue } from '../../store/types.js';

export interface Fragment {
  sql: string;
  params: SqlValue[];
}

/** `col IN (?, ?)`; a condition that is false for an empty list (so "exclude nobody" excludes nobody). */
export function inList(column: string, values: readonly SqlValue[]): Fragment {
  if (values.length === 0) return { sql: '1 = 0', params: [] };
  return { sql: `${column} IN (${values.map(() => '?').join(', ')})`, params: [...values] };
}

/** True when the user `userColumn` is directly in a user group with one of `names`. */
export function inUserGroupNamed(snapshotId: string, userColumn: string, names: readonly string[]): Fragment {
  // The named groups' ids are an uncorrelated subquery (computed once); each user is then a look-up of
  // their own memberships, not a scan of every group.
  const names_ = inList('g.name', names);
  return {
    sql: `EXISTS (SELECT 1 FROM user_group_members m WHERE m.snapshot_id = ? AND m.user_id = ${userColumn}
                  AND m.group_id IN (SELECT g.id FROM user_groups g WHERE g.snapshot_id = ? AND ${names_.sql}))`,
    params: [snapshotId, snapshotId, ...names_.params],
  };
}

/** True when the device `systemColumn` is in a device group with one of `names`. */
export function inSystemGroupNamed(
  snapshotId: string,
  systemColumn: string,
  names: readonly string[],
): Fragment {
  const names_ = inList('g.name', names);
  return {
    sql: `EXISTS (SELECT 1 FROM system_group_members m WHERE m.snapshot_id = ? AND m.system_id = ${systemColumn}
                  AND m.group_id IN (SELECT g.id FROM system_groups g WHERE g.snapshot_id = ? AND ${names_.sql}))`,
    params: [snapshotId, snapshotId, ...names_.params],
  };
}

/** Joins fragments with AND (an empty list is true). */
export function and(...parts: Fragment[]): Fragment {
  if (parts.length === 0) return { sql: '1 = 1', params: [] };
  return { sql: parts.map((p) => `(${p.sql})`).join(' AND '), params: parts.flatMap((p) => p.params) };
}

export const TRUE: Fragment = { sql: '1 = 1', params: [] };
