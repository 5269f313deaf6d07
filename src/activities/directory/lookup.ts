// `directory.lookup`: a user as of the last complete sync, read from the snapshot store. No JumpCloud call,
// so it costs nothing against the rate limit, and it answers with what the last sync saw (and when).
import { ApplicationFailure } from '@temporalio/common';
import type { ActionInput, ActionOutput } from '../../catalog/index.js';
import type { ActionHandlers } from '../actionCall.js';
import { appAccess, systemAccess } from '../../store/access.js';
import { latestComplete } from '../../store/snapshots.js';
import type { SqlDatabase } from '../../store/types.js';

interface UserRow {
  id: string;
  username: string;
  email: string;
  display_name: string;
  state: 'STAGED' | 'ACTIVATED' | 'SUSPENDED';
  department: string;
  job_title: string;
  employee_type: string;
  location: string;
  manager_email: string | null;
  mfa_configured: number;
  account_locked: number;
}

async function lookup(
  db: SqlDatabase,
  input: ActionInput<'directory.lookup'>,
): Promise<ActionOutput<'directory.lookup'>> {
  const snapshot = await latestComplete(db);
  if (!snapshot) {
    throw ApplicationFailure.nonRetryable(
      'directory.lookup: no complete directory snapshot yet (run `idflow sync --now`)',
      'IdflowNoSnapshot',
    );
  }
  const [column, value] =
    'email' in input && input.email !== undefined
      ? ['email', input.email.toLowerCase()]
      : 'username' in input && input.username !== undefined
        ? ['username', input.username]
        : ['id', String((input as { id: string }).id)];
  const user = await db.get<UserRow>(
    `SELECT u.id, u.username, u.email, u.display_name, u.state, u.department, u.job_title, u.employee_type,
            u.location, m.email AS manager_email, u.mfa_configured, u.account_locked
     FROM users u LEFT JOIN users m ON m.snapshot_id = u.snapshot_id AND m.id = u.manager_id
     WHERE u.snapshot_id = ? AND u.${column} = ?`,
    [snapshot.id, value],
  );
  const base = { snapshotId: snapshot.id, syncedAt: new Date(snapshot.startedAt).toISOString() };
  if (!user) return { found: false, ...base, user: null };

  const only = (col: string): { sql: string; params: string[] } => ({ sql: `${col} = ?`, params: [user.id] });
  const groups = await db.all<{ name: string }>(
    `SELECT g.name FROM user_group_members m JOIN user_groups g ON g.snapshot_id = m.snapshot_id AND g.id = m.group_id
     WHERE m.snapshot_id = ? AND m.user_id = ? ORDER BY g.name`,
    [snapshot.id, user.id],
  );
  const systemIds = [
    ...new Set((await systemAccess(db, snapshot.id, { user: only })).map((r) => r.target_id)),
  ];
  const devices = [];
  for (const id of systemIds) {
    const s = await db.get<{
      id: string;
      hostname: string;
      os: string;
      version: string;
      fde_active: number;
      last_contact: number | null;
    }>(
      'SELECT id, hostname, os, version, fde_active, last_contact FROM systems WHERE snapshot_id = ? AND id = ?',
      [snapshot.id, id],
    );
    if (s) {
      devices.push({
        id: s.id,
        hostname: s.hostname,
        os: s.os,
        version: s.version,
        encrypted: s.fde_active === 1,
        lastContact: s.last_contact === null ? null : new Date(s.last_contact).toISOString(),
      });
    }
  }
  devices.sort((a, b) => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0));
  const appIds = [...new Set((await appAccess(db, snapshot.id, { user: only })).map((r) => r.target_id))];
  const apps: string[] = [];
  for (const id of appIds) {
    const a = await db.get<{ label: string }>(
      'SELECT display_label AS label FROM applications WHERE snapshot_id = ? AND id = ?',
      [snapshot.id, id],
    );
    if (a) apps.push(a.label);
  }
  return {
    found: true,
    ...base,
    user: {
      id: user.id,
      username: user.username,
      email: user.email,
      displayName: user.display_name,
      state: user.state,
      department: user.department,
      jobTitle: user.job_title,
      employeeType: user.employee_type,
      location: user.location,
      managerEmail: user.manager_email ?? '',
      mfaConfigured: user.mfa_configured === 1,
      accountLocked: user.account_locked === 1,
      groups: groups.map((g) => g.name),
      devices,
      apps: apps.sort(),
    },
  };
}

export type DirectoryActionName = 'directory.lookup';

export function createDirectoryActions(store: SqlDatabase | undefined): ActionHandlers<DirectoryActionName> {
  return {
    'directory.lookup': async (input) => {
      if (!store) {
        throw ApplicationFailure.nonRetryable(
          'directory.lookup: the worker has no snapshot store configured (IDFLOW_STORE)',
          'IdflowNoStore',
        );
      }
      return lookup(store, input);
    },
  };
}
