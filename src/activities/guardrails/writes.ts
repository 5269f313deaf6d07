// What a JumpCloud write changes, read from the request itself. Every write an action makes passes through
// here before it is sent, so the guardrails see the groups, devices and users it really touches — also
// those an action discovers as it goes (removeFromAllGroups). A write this table does not know is refused:
// a new action that writes somewhere new must be taught here first (fail closed).

export type WriteOp =
  | 'user.create'
  | 'user.update'
  | 'user.delete'
  | 'user.suspend'
  | 'user.activate'
  | 'user.resetMfa'
  | 'user.expirePassword'
  | 'user.unlock'
  | 'userGroup.create'
  | 'userGroup.update'
  | 'userGroup.delete'
  | 'userGroup.member.add'
  | 'userGroup.member.remove'
  | 'user.device.add'
  | 'user.device.remove'
  | 'systemGroup.create'
  | 'systemGroup.update'
  | 'systemGroup.delete'
  | 'systemGroup.member.add'
  | 'systemGroup.member.remove'
  | 'binding.add'
  | 'binding.remove'
  | 'application.update';

/** A write and the objects it touches, by id (and by name for objects it creates). */
export interface ClassifiedWrite {
  op: WriteOp;
  users: string[];
  userGroups: string[];
  systemGroups: string[];
  applications: string[];
  systems: string[];
  /** Objects the write creates, known only by name (or, for users, email). */
  creates?: { kind: 'users' | 'userGroups' | 'systemGroups'; name: string };
  /** The JSON body, for the dry-run overlay (profile fields of an update, a new user's record). */
  body?: Record<string, unknown>;
}

export interface WriteRequest {
  method: string;
  path: string;
  body?: unknown;
}

const SEG = '([^/?]+)';

function obj(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function empty(op: WriteOp): ClassifiedWrite {
  return { op, users: [], userGroups: [], systemGroups: [], applications: [], systems: [] };
}

/** `{op, type, id}` edges: which kind of object the other end is. */
function edge(
  base: ClassifiedWrite,
  body: Record<string, unknown>,
  addOp: WriteOp,
  removeOp: WriteOp,
): ClassifiedWrite | undefined {
  const op = str(body.op);
  if (op !== 'add' && op !== 'remove' && op !== 'update') return undefined;
  const out: ClassifiedWrite = { ...base, op: op === 'remove' ? removeOp : addOp };
  const id = str(body.id);
  switch (str(body.type)) {
    case 'user':
      out.users = [...out.users, id];
      break;
    case 'user_group':
      out.userGroups = [...out.userGroups, id];
      break;
    case 'system':
      out.systems = [...out.systems, id];
      break;
    case 'system_group':
      out.systemGroups = [...out.systemGroups, id];
      break;
    case 'application':
      out.applications = [...out.applications, id];
      break;
    default:
      return undefined;
  }
  return out;
}

const USER_ACTIONS: Record<string, WriteOp> = {
  'state/suspend': 'user.suspend',
  'state/activate': 'user.activate',
  resetmfa: 'user.resetMfa',
  expire: 'user.expirePassword',
  unlock: 'user.unlock',
};

/** The write's effect, or undefined when idflow does not know what it changes. */
export function classifyWrite(req: WriteRequest): ClassifiedWrite | undefined {
  const method = req.method.toUpperCase();
  const path = req.path.split('?')[0] ?? '';
  const body = obj(req.body);
  let m: RegExpExecArray | null;

  if (path === '/api/systemusers' && method === 'POST')
    return { ...empty('user.create'), creates: { kind: 'users', name: str(body.email) }, body };
  if ((m = new RegExp(`^/api/systemusers/${SEG}$`).exec(path))) {
    const id = decodeURIComponent(m[1] ?? '');
    if (method === 'PUT') {
      const keys = Object.keys(body);
      // Unsuspending is a PUT of the state alone (activate of a suspended user).
      const op: WriteOp =
        keys.length === 1 && body.state === 'ACTIVATED'
          ? 'user.activate'
          : keys.length === 1 && body.state === 'SUSPENDED'
            ? 'user.suspend'
            : 'user.update';
      return { ...empty(op), users: [id], body };
    }
    if (method === 'DELETE') return { ...empty('user.delete'), users: [id] };
    return undefined;
  }
  if (
    (m = new RegExp(`^/api/systemusers/${SEG}/(state/suspend|state/activate|resetmfa|expire|unlock)$`).exec(
      path,
    ))
  ) {
    const op = USER_ACTIONS[m[2] ?? ''];
    if (method !== 'POST' || !op) return undefined;
    return { ...empty(op), users: [decodeURIComponent(m[1] ?? '')], body };
  }

  if (path === '/api/v2/usergroups' && method === 'POST')
    return { ...empty('userGroup.create'), creates: { kind: 'userGroups', name: str(body.name) }, body };
  if ((m = new RegExp(`^/api/v2/usergroups/${SEG}$`).exec(path))) {
    const id = decodeURIComponent(m[1] ?? '');
    if (method === 'PUT' || method === 'PATCH')
      return { ...empty('userGroup.update'), userGroups: [id], body };
    if (method === 'DELETE') return { ...empty('userGroup.delete'), userGroups: [id] };
    return undefined;
  }
  if ((m = new RegExp(`^/api/v2/usergroups/${SEG}/members$`).exec(path)) && method === 'POST') {
    if (str(body.type) !== 'user') return undefined;
    return edge(
      { ...empty('userGroup.member.add'), userGroups: [decodeURIComponent(m[1] ?? '')] },
      body,
      'userGroup.member.add',
      'userGroup.member.remove',
    );
  }
  if ((m = new RegExp(`^/api/v2/usergroups/${SEG}/associations$`).exec(path)) && method === 'POST')
    return edge(
      { ...empty('binding.add'), userGroups: [decodeURIComponent(m[1] ?? '')] },
      body,
      'binding.add',
      'binding.remove',
    );
  if ((m = new RegExp(`^/api/v2/users/${SEG}/associations$`).exec(path)) && method === 'POST') {
    const base = { ...empty('binding.add'), users: [decodeURIComponent(m[1] ?? '')] };
    return str(body.type) === 'system'
      ? edge(base, body, 'user.device.add', 'user.device.remove')
      : edge(base, body, 'binding.add', 'binding.remove');
  }
  if ((m = new RegExp(`^/api/v2/systems/${SEG}/associations$`).exec(path)) && method === 'POST')
    return edge(
      { ...empty('binding.add'), systems: [decodeURIComponent(m[1] ?? '')] },
      body,
      'binding.add',
      'binding.remove',
    );

  if (path === '/api/v2/systemgroups' && method === 'POST')
    return { ...empty('systemGroup.create'), creates: { kind: 'systemGroups', name: str(body.name) }, body };
  if ((m = new RegExp(`^/api/v2/systemgroups/${SEG}$`).exec(path))) {
    const id = decodeURIComponent(m[1] ?? '');
    if (method === 'PUT' || method === 'PATCH')
      return { ...empty('systemGroup.update'), systemGroups: [id], body };
    if (method === 'DELETE') return { ...empty('systemGroup.delete'), systemGroups: [id] };
    return undefined;
  }
  if ((m = new RegExp(`^/api/v2/systemgroups/${SEG}/members$`).exec(path)) && method === 'POST') {
    if (str(body.type) !== 'system') return undefined;
    return edge(
      { ...empty('systemGroup.member.add'), systemGroups: [decodeURIComponent(m[1] ?? '')] },
      body,
      'systemGroup.member.add',
      'systemGroup.member.remove',
    );
  }
  if ((m = new RegExp(`^/api/v2/systemgroups/${SEG}/associations$`).exec(path)) && method === 'POST')
    return edge(
      { ...empty('binding.add'), systemGroups: [decodeURIComponent(m[1] ?? '')] },
      body,
      'binding.add',
      'binding.remove',
    );
  if ((m = new RegExp(`^/api/v2/applications/${SEG}/associations$`).exec(path)) && method === 'POST')
    return edge(
      { ...empty('binding.add'), applications: [decodeURIComponent(m[1] ?? '')] },
      body,
      'binding.add',
      'binding.remove',
    );
  if ((m = new RegExp(`^/api/applications/${SEG}$`).exec(path)) && (method === 'PUT' || method === 'DELETE'))
    return { ...empty('application.update'), applications: [decodeURIComponent(m[1] ?? '')] };
  return undefined;
}
