// Every change idflow makes in JumpCloud, as a value: its kind (a catalog WriteOp), the objects it touches,
// and the request that makes it. Actions build their writes here and hand them to the call's write port
// (src/activities/actionCall.ts), so read-only mode, the dry run and the guardrails act on what a write
// declares it is — never on a guess from its URL — and a write of a kind its action did not declare is
// refused before anything is sent.
import type { WriteOp } from '../../catalog/index.js';
import type { HttpMethod } from './http/types.js';

/** The objects a write touches, by id; what it creates is known by name (a user by email) until it exists. */
export interface WriteTargets {
  users: string[];
  userGroups: string[];
  systemGroups: string[];
  applications: string[];
  systems: string[];
  creates?: { kind: 'users' | 'userGroups'; name: string };
}

export interface JumpCloudWrite extends WriteTargets {
  kind: 'jumpcloud';
  op: WriteOp;
  method: Exclude<HttpMethod, 'GET'>;
  path: string;
  /** The JSON body: what is sent, and what a dry run's later reads see. */
  body?: Record<string, unknown>;
}

const enc = encodeURIComponent;

function write(
  op: WriteOp,
  method: JumpCloudWrite['method'],
  path: string,
  targets: Partial<WriteTargets>,
  body?: Record<string, unknown>,
): JumpCloudWrite {
  return {
    kind: 'jumpcloud',
    op,
    method,
    path,
    users: [],
    userGroups: [],
    systemGroups: [],
    applications: [],
    systems: [],
    ...targets,
    ...(body === undefined ? {} : { body }),
  };
}

const userPath = (id: string, suffix = ''): string => `/api/systemusers/${enc(id)}${suffix}`;

/** The writes JumpCloud actions make, one constructor per kind of change. */
export const jumpcloudWrites = {
  createUser: (body: Record<string, unknown> & { email: string }): JumpCloudWrite =>
    write('user.create', 'POST', '/api/systemusers', { creates: { kind: 'users', name: body.email } }, body),

  /** Profile fields, custom attributes: a PUT of the changed fields only. */
  updateUser: (userId: string, fields: Record<string, unknown>): JumpCloudWrite =>
    write('user.update', 'PUT', userPath(userId), { users: [userId] }, fields),

  suspendUser: (userId: string): JumpCloudWrite =>
    write('user.suspend', 'POST', userPath(userId, '/state/suspend'), { users: [userId] }),

  /** STAGED → ACTIVATED: its own call, which sends the activation e-mail unless told not to. */
  activateStagedUser: (userId: string, sendEmail: boolean | undefined): JumpCloudWrite =>
    write(
      'user.activate',
      'POST',
      userPath(userId, '/state/activate'),
      { users: [userId] },
      {
        email: sendEmail,
      },
    ),

  /** SUSPENDED → ACTIVATED is a PUT of the state; /state/activate refuses it (API-NOTES §4). */
  unsuspendUser: (userId: string): JumpCloudWrite =>
    write('user.activate', 'PUT', userPath(userId), { users: [userId] }, { state: 'ACTIVATED' }),

  resetMfa: (userId: string, body: Record<string, unknown>): JumpCloudWrite =>
    write('user.resetMfa', 'POST', userPath(userId, '/resetmfa'), { users: [userId] }, body),

  expirePassword: (userId: string): JumpCloudWrite =>
    write('user.expirePassword', 'POST', userPath(userId, '/expire'), { users: [userId] }),

  unlockUser: (userId: string): JumpCloudWrite =>
    write('user.unlock', 'POST', userPath(userId, '/unlock'), { users: [userId] }),

  createUserGroup: (name: string, description: string | undefined): JumpCloudWrite =>
    write(
      'userGroup.create',
      'POST',
      '/api/v2/usergroups',
      { creates: { kind: 'userGroups', name } },
      {
        name,
        ...(description !== undefined ? { description } : {}),
      },
    ),

  groupMembership: (op: 'add' | 'remove', groupId: string, userId: string): JumpCloudWrite =>
    write(
      op === 'add' ? 'userGroup.member.add' : 'userGroup.member.remove',
      'POST',
      `/api/v2/usergroups/${enc(groupId)}/members`,
      { userGroups: [groupId], users: [userId] },
      { op, type: 'user', id: userId },
    ),

  /** A direct user–device binding removed (the agent then removes the account from the device). */
  unbindDevice: (userId: string, systemId: string): JumpCloudWrite =>
    write(
      'user.device.remove',
      'POST',
      `/api/v2/users/${enc(userId)}/associations`,
      { users: [userId], systems: [systemId] },
      { op: 'remove', type: 'system', id: systemId },
    ),
};

/** `POST /api/v2/usergroups/…/members`: how reports and the ledger name a write. */
export function requestLine(w: JumpCloudWrite): string {
  return `${w.method} ${w.path}`;
}
