// Graph traversals (API-NOTES §5 "GOWP"): every object of one type reachable from a start object, each with
// every path that reaches it. A path is a list of hops, each a GraphConnection whose `to` is the next
// object; `from` is left out as clear from context, as the service does on these endpoints. The edge's
// attributes (e.g. sudo) sit on the hop that crosses it, and `compiledAttributes` merges them.
//
// Paths the simulator models (user side; the reverse traversals walk the same edges backwards):
//   user → system                                      (direct association)
//   user → system_group ∋ system
//   user ∈ user_group → system
//   user ∈ user_group → system_group ∋ system
//   user → application,  user ∈ user_group → application
import type {
  GraphAttributes,
  GraphConnection,
  GraphObjectWithPaths,
  GraphType,
} from '../jumpcloud/types.js';
import type { NodeType } from './associations.js';
import type { Directory } from './directory.js';

type Path = GraphConnection[];

const hop = (id: string, type: NodeType, attributes: GraphAttributes = null): GraphConnection => ({
  attributes,
  to: { attributes: null, id, type },
});

/** Groups paths by their last hop's object. */
class Reached {
  private readonly paths = new Map<string, Path[]>();

  constructor(private readonly type: GraphType) {}

  add(path: Path): void {
    const last = path[path.length - 1];
    if (!last) return;
    const list = this.paths.get(last.to.id) ?? [];
    list.push(path);
    this.paths.set(last.to.id, list);
  }

  /** In id order; `compiledAttributes` only when some hop carries attributes. */
  list(): GraphObjectWithPaths[] {
    return [...this.paths.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, paths]) => {
        const compiled = compileAttributes(paths);
        return {
          id,
          type: this.type,
          paths,
          ...(compiled ? { compiledAttributes: compiled } : {}),
        };
      });
  }
}

/** Later paths' attributes win field by field; sudo is granted if any path grants it. */
function compileAttributes(paths: Path[]): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const path of paths) {
    for (const step of path) {
      if (!step.attributes) continue;
      out = { ...out, ...step.attributes };
      const sudo = (step.attributes as { sudo?: { enabled?: boolean; withoutPassword?: boolean } }).sudo;
      const before = (out['sudo'] ?? {}) as { enabled?: boolean; withoutPassword?: boolean };
      if (sudo) {
        out['sudo'] = {
          enabled: Boolean(before.enabled) || Boolean(sudo.enabled),
          withoutPassword: Boolean(before.withoutPassword) || Boolean(sudo.withoutPassword),
        };
      }
    }
  }
  return out;
}

export function userSystems(directory: Directory, userId: string): GraphObjectWithPaths[] {
  const { associations, inventory } = directory;
  const reached = new Reached('system');
  const user = { type: 'user', id: userId } as const;
  for (const system of associations.neighbours(user, 'system'))
    reached.add([hop(system.id, 'system', system.attributes)]);
  for (const group of associations.neighbours(user, 'system_group')) {
    for (const systemId of inventory.membersOf(group.id))
      reached.add([hop(group.id, 'system_group', group.attributes), hop(systemId, 'system')]);
  }
  for (const userGroupId of directory.groupsOf(userId)) {
    const userGroup = { type: 'user_group', id: userGroupId } as const;
    for (const system of associations.neighbours(userGroup, 'system'))
      reached.add([hop(userGroupId, 'user_group'), hop(system.id, 'system', system.attributes)]);
    for (const group of associations.neighbours(userGroup, 'system_group')) {
      for (const systemId of inventory.membersOf(group.id)) {
        reached.add([
          hop(userGroupId, 'user_group'),
          hop(group.id, 'system_group', group.attributes),
          hop(systemId, 'system'),
        ]);
      }
    }
  }
  return reached.list();
}

export function systemUsers(directory: Directory, systemId: string): GraphObjectWithPaths[] {
  const { associations, inventory } = directory;
  const reached = new Reached('user');
  const system = { type: 'system', id: systemId } as const;
  const viaUserGroup = (prefix: Path, userGroupId: string, attributes: GraphAttributes): void => {
    for (const userId of directory.membersOf(userGroupId))
      reached.add([...prefix, hop(userGroupId, 'user_group', attributes), hop(userId, 'user')]);
  };
  for (const user of associations.neighbours(system, 'user'))
    reached.add([hop(user.id, 'user', user.attributes)]);
  for (const group of associations.neighbours(system, 'user_group'))
    viaUserGroup([], group.id, group.attributes);
  for (const systemGroupId of inventory.groupsOf(systemId)) {
    const systemGroup = { type: 'system_group', id: systemGroupId } as const;
    const prefix = [hop(systemGroupId, 'system_group')];
    for (const user of associations.neighbours(systemGroup, 'user'))
      reached.add([...prefix, hop(user.id, 'user', user.attributes)]);
    for (const group of associations.neighbours(systemGroup, 'user_group'))
      viaUserGroup(prefix, group.id, group.attributes);
  }
  return reached.list();
}

export function applicationUsers(directory: Directory, applicationId: string): GraphObjectWithPaths[] {
  const reached = new Reached('user');
  const app = { type: 'application', id: applicationId } as const;
  for (const user of directory.associations.neighbours(app, 'user'))
    reached.add([hop(user.id, 'user', user.attributes)]);
  for (const group of directory.associations.neighbours(app, 'user_group')) {
    for (const userId of directory.membersOf(group.id))
      reached.add([hop(group.id, 'user_group', group.attributes), hop(userId, 'user')]);
  }
  return reached.list();
}

export function applicationUserGroups(directory: Directory, applicationId: string): GraphObjectWithPaths[] {
  const reached = new Reached('user_group');
  for (const group of directory.associations.neighbours(
    { type: 'application', id: applicationId },
    'user_group',
  ))
    reached.add([hop(group.id, 'user_group', group.attributes)]);
  return reached.list();
}

export function userApplications(directory: Directory, userId: string): GraphObjectWithPaths[] {
  const reached = new Reached('application');
  for (const app of directory.associations.neighbours({ type: 'user', id: userId }, 'application'))
    reached.add([hop(app.id, 'application', app.attributes)]);
  for (const userGroupId of directory.groupsOf(userId)) {
    for (const app of directory.associations.neighbours(
      { type: 'user_group', id: userGroupId },
      'application',
    ))
      reached.add([hop(userGroupId, 'user_group'), hop(app.id, 'application', app.attributes)]);
  }
  return reached.list();
}

/** A system group's members as GOWP (`/systemgroups/{id}/membership`). */
export function systemGroupMembership(directory: Directory, groupId: string): GraphObjectWithPaths[] {
  const reached = new Reached('system');
  for (const systemId of directory.inventory.membersOf(groupId)) reached.add([hop(systemId, 'system')]);
  return reached.list();
}

/** The system groups a system is in (`/systems/{id}/memberof`). */
export function systemMemberOf(directory: Directory, systemId: string): GraphObjectWithPaths[] {
  const reached = new Reached('system_group');
  for (const groupId of directory.inventory.groupsOf(systemId)) reached.add([hop(groupId, 'system_group')]);
  return reached.list();
}
