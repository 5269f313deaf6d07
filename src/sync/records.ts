// JumpCloud records → store rows. The store keeps only what checks, change detection, reports and
// `directory.lookup` read; the rest of a record (addresses, SSH keys, network interfaces…) is not copied.
// Absent strings become '', times epoch ms (null when JumpCloud has none), booleans 0/1.
import type { SqlValue } from '../store/types.js';

type Rec = Record<string, unknown>;

const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
const bool = (v: unknown): number => (v === true ? 1 : 0);
const time = (v: unknown): number | null => {
  if (typeof v !== 'string' || v === '') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
};
const obj = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});

/** An MFA exclusion with no end date. */
export const INDEFINITE = 8_640_000_000_000_000;

export const USER_COLUMNS = [
  'snapshot_id',
  'id',
  'username',
  'email',
  'display_name',
  'state',
  'department',
  'job_title',
  'manager_id',
  'employee_type',
  'employee_id',
  'location',
  'mfa_configured',
  'mfa_status',
  'mfa_exclusion_until',
  'account_locked',
  'password_expired',
  'created',
] as const;

/** The v1 `fields` that fill those columns: asking only for them keeps pages small. */
export const USER_FIELDS =
  '_id username email displayname firstname lastname state department jobTitle manager employeeType employeeIdentifier location mfa mfaEnrollment totp_enabled account_locked password_expired created';

export function userRow(snapshotId: string, u: Rec): SqlValue[] {
  const mfa = obj(u['mfa']);
  const enrollment = obj(u['mfaEnrollment']);
  const configured =
    u['totp_enabled'] === true || mfa['configured'] === true || enrollment['overallStatus'] === 'ENROLLED';
  const display =
    str(u['displayname']) ||
    [str(u['firstname']), str(u['lastname'])].filter(Boolean).join(' ') ||
    str(u['username']);
  const exclusionUntil = mfa['exclusion'] === true ? (time(mfa['exclusionUntil']) ?? INDEFINITE) : null;
  return [
    snapshotId,
    str(u['_id']),
    str(u['username']),
    str(u['email']).toLowerCase(),
    display,
    str(u['state']) || (u['suspended'] === true ? 'SUSPENDED' : 'ACTIVATED'),
    str(u['department']),
    str(u['jobTitle']),
    str(u['manager']),
    str(u['employeeType']),
    str(u['employeeIdentifier']),
    str(u['location']),
    configured ? 1 : 0,
    str(enrollment['overallStatus']) || (configured ? 'ENROLLED' : 'NOT_ENROLLED'),
    exclusionUntil,
    bool(u['account_locked']),
    bool(u['password_expired']),
    time(u['created']),
  ];
}

export const SYSTEM_COLUMNS = [
  'snapshot_id',
  'id',
  'hostname',
  'display_name',
  'os',
  'os_family',
  'version',
  'serial_number',
  'fde_active',
  'fde_key_present',
  'last_contact',
  'agent_version',
  'active',
  'primary_user_id',
  'created',
] as const;

export const SYSTEM_FIELDS =
  '_id hostname displayName os osFamily version serialNumber fde lastContact agentVersion active primarySystemUser created';

export function systemRow(snapshotId: string, s: Rec): SqlValue[] {
  const fde = obj(s['fde']);
  return [
    snapshotId,
    str(s['_id']),
    str(s['hostname']),
    str(s['displayName']) || str(s['hostname']),
    str(s['os']),
    str(s['osFamily']),
    str(s['version']),
    str(s['serialNumber']),
    bool(fde['active']),
    bool(fde['keyPresent']),
    time(s['lastContact']),
    str(s['agentVersion']),
    bool(s['active']),
    str(obj(s['primarySystemUser'])['id']),
    time(s['created']),
  ];
}

export const GROUP_COLUMNS = ['snapshot_id', 'id', 'name', 'description', 'membership_method'] as const;

export function userGroupRow(snapshotId: string, g: Rec): SqlValue[] {
  return [snapshotId, str(g['id']), str(g['name']), str(g['description']), str(g['membershipMethod'])];
}

export const SYSTEM_GROUP_COLUMNS = ['snapshot_id', 'id', 'name', 'description'] as const;

export function systemGroupRow(snapshotId: string, g: Rec): SqlValue[] {
  return [snapshotId, str(g['id']), str(g['name']), str(g['description'])];
}

export const APPLICATION_COLUMNS = [
  'snapshot_id',
  'id',
  'name',
  'display_label',
  'active',
  'sso_type',
] as const;

export function applicationRow(snapshotId: string, a: Rec): SqlValue[] {
  return [
    snapshotId,
    str(a['_id']),
    str(a['name']),
    str(a['displayLabel']) || str(a['displayName']) || str(a['name']),
    bool(a['active']),
    str(obj(a['sso'])['type']),
  ];
}

export const POLICY_COLUMNS = ['snapshot_id', 'id', 'name', 'template_name', 'os_family'] as const;

export function policyRow(snapshotId: string, p: Rec): SqlValue[] {
  const template = obj(p['template']);
  return [snapshotId, str(p['id']), str(p['name']), str(template['name']), str(template['osMetaFamily'])];
}

export const POLICY_RESULT_COLUMNS = [
  'snapshot_id',
  'id',
  'policy_id',
  'system_id',
  'state',
  'success',
  'exit_status',
  'ended_at',
] as const;

export function policyResultRow(snapshotId: string, r: Rec): SqlValue[] {
  return [
    snapshotId,
    str(r['id']),
    str(r['policyID']),
    str(r['systemID']),
    str(r['state']),
    bool(r['success']),
    typeof r['exitStatus'] === 'number' ? r['exitStatus'] : null,
    time(r['endedAt']),
  ];
}

export const SOFTWARE_COLUMNS = ['snapshot_id', 'system_id', 'source', 'name', 'version'] as const;

export function appRow(snapshotId: string, a: Rec): SqlValue[] {
  const name = str(a['bundle_name']) || str(a['name']).replace(/\.app$/, '');
  return [
    snapshotId,
    str(a['system_id']),
    'apps',
    name,
    str(a['bundle_short_version']) || str(a['bundle_version']),
  ];
}

export function programRow(snapshotId: string, p: Rec): SqlValue[] {
  return [snapshotId, str(p['system_id']), 'programs', str(p['name']), str(p['version'])];
}

export const MEMBER_COLUMNS = {
  user: ['snapshot_id', 'group_id', 'user_id'],
  system: ['snapshot_id', 'group_id', 'system_id'],
} as const;

/** A member edge of a group (`/members`): the member's id when it is of the expected type. */
export function memberId(edge: Rec, type: 'user' | 'system'): string | undefined {
  const to = obj(edge['to']);
  return to['type'] === type && typeof to['id'] === 'string' ? to['id'] : undefined;
}

export const ASSOCIATION_COLUMNS = [
  'snapshot_id',
  'from_type',
  'from_id',
  'to_type',
  'to_id',
  'sudo',
] as const;

/**
 * A direct association read from the target's side (`/systems/{id}/associations?targets=user,user_group`),
 * stored from its user side: (user | user_group) → (system | system_group | application).
 */
export function associationRow(
  snapshotId: string,
  edge: Rec,
  target: { type: 'system' | 'system_group' | 'application'; id: string },
): SqlValue[] | undefined {
  const to = obj(edge['to']);
  const type = to['type'];
  if ((type !== 'user' && type !== 'user_group') || typeof to['id'] !== 'string') return undefined;
  const sudo = obj(obj(edge['attributes'])['sudo']);
  return [snapshotId, type, to['id'], target.type, target.id, bool(sudo['enabled'])];
}
