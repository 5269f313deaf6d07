// What a user can reach — their groups and devices — and the offboarding sweeps that take it away. The
// sweeps list what is left and remove it item by item, so a repeat finds nothing and says so; an item
// that vanished between the listing and the removal (someone else, or a lost answer) is not an error.
import type { GraphConnection, GraphObjectWithPaths, System, UserGroup } from '../../jumpcloud/types.js';
import type { ActionHandlers } from '../actionCall.js';
import { heartbeat, listing } from '../activityContext.js';
import type { JumpCloudReader } from './client.js';
import { isJumpCloudApiError } from './errors.js';
import { withActivityFailures } from './failures.js';
import { changeMembership, GroupDirectory } from './groups.js';
import { byHostname, SystemDirectory } from './systemDirectory.js';
import { UserDirectory } from './userDirectory.js';
import { jumpcloudWrites } from './writes.js';

const userPath = (id: string, rest: string): string => `/api/v2/users/${encodeURIComponent(id)}${rest}`;

/** How a traversal result reaches its object: directly (a one-hop path) and through which groups. */
export function reachOf(object: GraphObjectWithPaths): { direct: boolean; via: string[] } {
  const via = new Set<string>();
  let direct = false;
  for (const path of object.paths) {
    if (path.length === 1) direct = true;
    for (const hop of path.slice(0, -1)) via.add(hop.to.id);
  }
  return { direct, via: [...via].sort() };
}

const byName = (a: { name: string; id: string }, b: { name: string; id: string }): number =>
  a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1);

/** What a user reaches, read through one call's reader. */
class UserReach {
  private readonly users: UserDirectory;
  private readonly groups: GroupDirectory;
  readonly systems: SystemDirectory;

  constructor(private readonly client: JumpCloudReader) {
    this.users = new UserDirectory(client);
    this.groups = new GroupDirectory(client);
    this.systems = new SystemDirectory(client, this.users);
  }

  requireUser(userId: string): Promise<unknown> {
    return this.users.require(userId);
  }

  /** The user groups the user is directly in, with names. A JumpCloudNotFound for an unknown user. */
  async groupsOf(userId: string): Promise<UserGroup[]> {
    await this.users.require(userId);
    const ids: string[] = [];
    for await (const g of this.client.paginateV2<GraphObjectWithPaths>(userPath(userId, '/memberof'), {
      sort: false,
      ...listing('memberof'),
    })) {
      if (g.type === 'user_group' && g.paths.some((p) => p.length === 1)) ids.push(g.id);
    }
    const found: UserGroup[] = [];
    for (const id of ids) {
      const group = await this.groups.byId(id);
      if (group) found.push(group);
      heartbeat({ what: 'groups', done: found.length });
    }
    return found;
  }

  /** Every system the user reaches, with how; JumpCloudNotFound for an unknown user. */
  async reachable(userId: string): Promise<{ system: System; direct: boolean; via: string[] }[]> {
    await this.users.require(userId);
    const reached: { id: string; direct: boolean; via: string[] }[] = [];
    for await (const s of this.client.paginateV2<GraphObjectWithPaths>(userPath(userId, '/systems'), {
      sort: false,
      ...listing('systems'),
    })) {
      reached.push({ id: s.id, ...reachOf(s) });
    }
    const out: { system: System; direct: boolean; via: string[] }[] = [];
    for (const r of reached) {
      const system = await this.systems.byId(r.id);
      if (system) out.push({ system, direct: r.direct, via: r.via });
      heartbeat({ what: 'devices', done: out.length });
    }
    return out;
  }
}

export type UserAccessActionName =
  | 'jumpcloud.user.groups'
  | 'jumpcloud.user.devices'
  | 'jumpcloud.user.removeFromAllGroups'
  | 'jumpcloud.user.unbindAllDevices';

export function createUserAccessActions(): ActionHandlers<UserAccessActionName> {
  return {
    'jumpcloud.user.groups': ({ userId }, io) =>
      withActivityFailures(async () => {
        const list = (await new UserReach(io.read).groupsOf(userId))
          .map((g) => ({ id: g.id ?? '', name: g.name ?? '', description: g.description ?? '' }))
          .sort(byName);
        return { count: list.length, names: list.map((g) => g.name), groups: list };
      }),

    'jumpcloud.user.devices': ({ userId }, io) =>
      withActivityFailures(async () => {
        const reach = new UserReach(io.read);
        const found = await reach.reachable(userId);
        const described = await reach.systems.describeAll(found.map((f) => f.system));
        const devices = described
          .map((device, i) => ({
            ...device,
            direct: found[i]?.direct ?? false,
            viaGroups: found[i]?.via ?? [],
          }))
          .sort(byHostname);
        return { count: devices.length, directCount: devices.filter((d) => d.direct).length, devices };
      }),

    'jumpcloud.user.removeFromAllGroups': ({ userId, except = [] }, io) =>
      withActivityFailures(async () => {
        const keep = new Set(except);
        const removed: { id: string; name: string }[] = [];
        const kept: { id: string; name: string }[] = [];
        for (const g of await new UserReach(io.read).groupsOf(userId)) {
          const ref = { id: g.id ?? '', name: g.name ?? '' };
          if (keep.has(ref.name)) {
            kept.push(ref);
            continue;
          }
          const change = await changeMembership(io, 'remove', ref.id, userId);
          if (change.changed) removed.push(ref);
          heartbeat({ what: 'removeFromGroups', removed: removed.length });
        }
        removed.sort(byName);
        kept.sort(byName);
        const note =
          removed.length > 0
            ? `removed from ${removed.length} group${removed.length === 1 ? '' : 's'}`
            : kept.length > 0
              ? 'only in groups kept by `except`'
              : 'in no groups';
        return { changed: removed.length > 0, note, removed, kept };
      }),

    'jumpcloud.user.unbindAllDevices': ({ userId }, io) =>
      withActivityFailures(async () => {
        const reach = new UserReach(io.read);
        await reach.requireUser(userId);
        const direct: string[] = [];
        for await (const edge of io.read.paginateV2<GraphConnection>(userPath(userId, '/associations'), {
          sort: false,
          query: { targets: 'system' },
          ...listing('associations'),
        })) {
          if (edge.to.type === 'system') direct.push(edge.to.id);
        }
        const unbound: { id: string; hostname: string; displayName: string }[] = [];
        for (const systemId of direct) {
          const system = await reach.systems.byId(systemId);
          try {
            await io.write(jumpcloudWrites.unbindDevice(userId, systemId));
          } catch (err) {
            // Gone since we listed it: the goal holds for this one.
            if (isJumpCloudApiError(err, 'NotFound')) continue;
            throw err;
          }
          unbound.push({
            id: systemId,
            hostname: system?.hostname ?? '',
            displayName: system?.displayName ?? '',
          });
          heartbeat({ what: 'unbind', unbound: unbound.length });
        }
        const still = (await reach.reachable(userId))
          .filter((r) => !r.direct)
          .map(({ system }) => ({
            id: system._id ?? '',
            hostname: system.hostname ?? '',
            displayName: system.displayName ?? '',
          }))
          .sort(byHostname);
        unbound.sort(byHostname);
        const note =
          unbound.length > 0
            ? `unbound ${unbound.length} device${unbound.length === 1 ? '' : 's'}`
            : 'no device bound directly';
        return {
          changed: unbound.length > 0,
          note: still.length > 0 ? `${note}; ${still.length} still reachable through groups` : note,
          unbound,
          stillBoundViaGroups: still,
        };
      }),
  };
}
