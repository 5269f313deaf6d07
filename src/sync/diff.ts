// Change detection: what differs between a snapshot and the one before it, computed in SQL (both
// snapshots stay in the store; nothing is loaded whole) and stored as change rows in a fixed order, so a
// retried diff writes the same rows. Kinds:
//   user.joined · user.left · user.stateChanged · user.moved (department, manager or title) ·
//   group.memberAdded · group.memberRemoved · device.added · device.removed ·
//   deviceGroup.memberAdded · deviceGroup.memberRemoved
// A kind is compared only when both snapshots read its resources completely (a narrower scope before
// would otherwise look like everyone leaving).
import { readCursor } from '../store/cursors.js';
import type { SqlDatabase, SqlExecutor, SqlValue } from '../store/types.js';
import type { ChangeCounts, SyncResource } from './types.js';

const CHUNK = 2_000;

export const CHANGE_KINDS = [
  'user.joined',
  'user.left',
  'user.stateChanged',
  'user.moved',
  'group.memberAdded',
  'group.memberRemoved',
  'device.added',
  'device.removed',
  'deviceGroup.memberAdded',
  'deviceGroup.memberRemoved',
] as const;

export type ChangeKind = (typeof CHANGE_KINDS)[number];

interface Change {
  kind: ChangeKind;
  subjectType: 'user' | 'system';
  subjectId: string;
  subjectName: string;
  detail: Record<string, unknown>;
}

interface KindQuery {
  kind: ChangeKind;
  needs: SyncResource[];
  /** One chunk after `key` (the last row's key columns), in key order. */
  query(cur: string, prev: string, key: string[]): { sql: string; params: SqlValue[] };
  keyOf(row: Record<string, unknown>): string[];
  toChange(row: Record<string, string | number | null>): Change;
}

const userPresence = (kind: 'user.joined' | 'user.left'): KindQuery => ({
  kind,
  needs: ['users'],
  query: (cur, prev, [after = '']) => {
    const [here, there] = kind === 'user.joined' ? [cur, prev] : [prev, cur];
    return {
      sql: `SELECT u.id, u.display_name, u.email, u.department, u.job_title, u.state FROM users u
            WHERE u.snapshot_id = ? AND u.id > ?
              AND NOT EXISTS (SELECT 1 FROM users o WHERE o.snapshot_id = ? AND o.id = u.id)
            ORDER BY u.id LIMIT ?`,
      params: [here, after, there, CHUNK],
    };
  },
  keyOf: (row) => [String(row['id'])],
  toChange: (row) => ({
    kind,
    subjectType: 'user',
    subjectId: String(row['id']),
    subjectName: String(row['email']),
    detail: {
      displayName: row['display_name'],
      department: row['department'],
      jobTitle: row['job_title'],
      state: row['state'],
    },
  }),
});

const USER_PAIR = `FROM users b JOIN users a ON a.snapshot_id = ? AND a.id = b.id WHERE b.snapshot_id = ? AND b.id > ?`;

const stateChanged: KindQuery = {
  kind: 'user.stateChanged',
  needs: ['users'],
  query: (cur, prev, [after = '']) => ({
    sql: `SELECT b.id, b.email, a.state AS state_a, b.state AS state_b ${USER_PAIR} AND a.state <> b.state ORDER BY b.id LIMIT ?`,
    params: [prev, cur, after, CHUNK],
  }),
  keyOf: (row) => [String(row['id'])],
  toChange: (row) => ({
    kind: 'user.stateChanged',
    subjectType: 'user',
    subjectId: String(row['id']),
    subjectName: String(row['email']),
    detail: { from: row['state_a'], to: row['state_b'] },
  }),
};

const moved: KindQuery = {
  kind: 'user.moved',
  needs: ['users'],
  query: (cur, prev, [after = '']) => ({
    sql: `SELECT b.id, b.email,
            a.department AS dept_a, b.department AS dept_b, a.job_title AS title_a, b.job_title AS title_b,
            a.manager_id AS mgr_a, b.manager_id AS mgr_b,
            (SELECT m.email FROM users m WHERE m.snapshot_id = a.snapshot_id AND m.id = a.manager_id) AS mgr_email_a,
            (SELECT m.email FROM users m WHERE m.snapshot_id = b.snapshot_id AND m.id = b.manager_id) AS mgr_email_b
          ${USER_PAIR} AND (a.department <> b.department OR a.job_title <> b.job_title OR a.manager_id <> b.manager_id)
          ORDER BY b.id LIMIT ?`,
    params: [prev, cur, after, CHUNK],
  }),
  keyOf: (row) => [String(row['id'])],
  toChange: (row) => {
    const detail: Record<string, unknown> = {};
    if (row['dept_a'] !== row['dept_b']) detail['department'] = { from: row['dept_a'], to: row['dept_b'] };
    if (row['title_a'] !== row['title_b']) detail['jobTitle'] = { from: row['title_a'], to: row['title_b'] };
    if (row['mgr_a'] !== row['mgr_b'])
      detail['manager'] = {
        from: row['mgr_email_a'] ?? row['mgr_a'],
        to: row['mgr_email_b'] ?? row['mgr_b'],
      };
    return {
      kind: 'user.moved',
      subjectType: 'user',
      subjectId: String(row['id']),
      subjectName: String(row['email']),
      detail,
    };
  },
};

/**
 * Membership changes of user groups (users) and device groups (devices), in groups present in both
 * snapshots: a group out of scope, new or deleted is not a membership change. A device's memberships are
 * compared only when it is in both snapshots too (an enrolled or retired device is device.added/removed);
 * a user's are compared either way, as they always were.
 */
const membership = (
  kind: 'group.memberAdded' | 'group.memberRemoved' | 'deviceGroup.memberAdded' | 'deviceGroup.memberRemoved',
): KindQuery => {
  const added = kind.endsWith('memberAdded');
  const member = kind.startsWith('group.') ? 'user' : 'system';
  const [table, groups, subject, label] =
    member === 'user'
      ? (['user_group_members', 'user_groups', 'users', 'email'] as const)
      : (['system_group_members', 'system_groups', 'systems', 'hostname'] as const);
  const column = `${member}_id`;
  const inBoth = member === 'system';
  return {
    kind,
    needs:
      member === 'user'
        ? ['userGroups', 'userGroupMembers']
        : ['systems', 'systemGroups', 'systemGroupMembers'],
    query: (cur, prev, [group = '', id = '']) => {
      const [here, there] = added ? [cur, prev] : [prev, cur];
      return {
        sql: `SELECT m.group_id, m.${column} AS member_id, g.name AS group_name, x.${label} AS label
              FROM ${table} m
              JOIN ${groups} g ON g.snapshot_id = m.snapshot_id AND g.id = m.group_id
              LEFT JOIN ${subject} x ON x.snapshot_id = m.snapshot_id AND x.id = m.${column}
              WHERE m.snapshot_id = ? AND (m.group_id, m.${column}) > (?, ?)
                AND EXISTS (SELECT 1 FROM ${groups} og WHERE og.snapshot_id = ? AND og.id = m.group_id)
                ${inBoth ? `AND x.id IS NOT NULL AND EXISTS (SELECT 1 FROM ${subject} ox WHERE ox.snapshot_id = ? AND ox.id = m.${column})` : ''}
                AND NOT EXISTS (SELECT 1 FROM ${table} o
                                WHERE o.snapshot_id = ? AND o.group_id = m.group_id AND o.${column} = m.${column})
              ORDER BY m.group_id, m.${column} LIMIT ?`,
        params: [here, group, id, there, ...(inBoth ? [there] : []), there, CHUNK],
      };
    },
    keyOf: (row) => [String(row['group_id']), String(row['member_id'])],
    toChange: (row) => ({
      kind,
      subjectType: member,
      subjectId: String(row['member_id']),
      subjectName: String(row['label'] ?? row['member_id']),
      detail: { group: { id: row['group_id'], name: row['group_name'] } },
    }),
  };
};

const devicePresence = (kind: 'device.added' | 'device.removed'): KindQuery => ({
  kind,
  needs: ['systems'],
  query: (cur, prev, [after = '']) => {
    const [here, there] = kind === 'device.added' ? [cur, prev] : [prev, cur];
    return {
      sql: `SELECT s.id, s.hostname, s.os, s.version, s.serial_number FROM systems s
            WHERE s.snapshot_id = ? AND s.id > ?
              AND NOT EXISTS (SELECT 1 FROM systems o WHERE o.snapshot_id = ? AND o.id = s.id)
            ORDER BY s.id LIMIT ?`,
      params: [here, after, there, CHUNK],
    };
  },
  keyOf: (row) => [String(row['id'])],
  toChange: (row) => ({
    kind,
    subjectType: 'system',
    subjectId: String(row['id']),
    subjectName: String(row['hostname']),
    detail: { os: row['os'], version: row['version'], serialNumber: row['serial_number'] },
  }),
});

const QUERIES: readonly KindQuery[] = [
  userPresence('user.joined'),
  userPresence('user.left'),
  stateChanged,
  moved,
  membership('group.memberAdded'),
  membership('group.memberRemoved'),
  devicePresence('device.added'),
  devicePresence('device.removed'),
  membership('deviceGroup.memberAdded'),
  membership('deviceGroup.memberRemoved'),
];

async function complete(db: SqlExecutor, snapshotId: string, resources: SyncResource[]): Promise<boolean> {
  for (const resource of resources) {
    if (!(await readCursor(db, snapshotId, resource)).done) return false;
  }
  return true;
}

const CHANGE_COLUMNS = [
  'snapshot_id',
  'seq',
  'kind',
  'subject_type',
  'subject_id',
  'subject_name',
  'detail',
] as const;

/** Writes the changes from `previous` to `current` (replacing any from an earlier attempt); returns counts. */
export async function diffSnapshots(
  db: SqlDatabase,
  current: string,
  previous: string | null,
  onProgress: () => void = () => undefined,
): Promise<ChangeCounts> {
  const counts: ChangeCounts = {};
  await db.transaction(async (tx) => {
    await tx.run('DELETE FROM changes WHERE snapshot_id = ?', [current]);
    if (previous === null) return;
    let seq = 0;
    for (const q of QUERIES) {
      if (!(await complete(tx, current, q.needs)) || !(await complete(tx, previous, q.needs))) continue;
      let key: string[] = [];
      for (;;) {
        const { sql, params } = q.query(current, previous, key);
        const rows = await tx.all<Record<string, string | number | null>>(sql, params);
        const changes = rows.map((row) => q.toChange(row));
        await tx.insertMany(
          'changes',
          CHANGE_COLUMNS,
          changes.map((c) => [
            current,
            ++seq,
            c.kind,
            c.subjectType,
            c.subjectId,
            c.subjectName,
            JSON.stringify(c.detail),
          ]),
          'replace',
        );
        if (changes.length > 0) counts[q.kind] = (counts[q.kind] ?? 0) + changes.length;
        onProgress();
        const last = rows[rows.length - 1];
        if (!last || rows.length < CHUNK) break;
        key = q.keyOf(last);
      }
    }
  });
  return counts;
}
