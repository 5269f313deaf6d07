// What a user can reach — their groups and devices — and the offboarding sweeps that take it away. The
// sweeps list what is left and remove it item by item, so a repeat finds nothing and says so; an item
// that vanished between the listing and the removal (someone else, or a lost answer) is not an error.
import type { ActionImplementations } from '../../catalog/index.js';
import type { GraphConnection, GraphObjectWithPaths, System, UserGroup } from '../../jumpcloud/types.js';
import { heartbeat, listing } from '../activityContext.js';
import type { JumpCloudClient } from './client.js';
import { isJumpCloudApiError } from './errors.js';
import { withActivityFailures } from './failures.js';
import type { GroupDirectory } from './groups.js';
import { byHostname, type SystemDirectory } from './systemDirectory.js';
import type { UserDirectory } from './userDirectory.js';

type Impl<N extends keyof ActionImplementations> = ActionImplementations[N];

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

export function createUserAccessActions(
  client: JumpCloudClient,
  users: UserDirectory,
  groups: GroupDirectory,
  systems: SystemDirectory,
): {
  'jumpcloud.user.groups': Impl<'jumpcloud.user.groups'>;
  'jumpcloud.user.devices': Impl<'jumpcloud.user.devices'>;
  'jumpcloud.user.removeFromAllGroups': Impl<'jumpcloud.user.removeFromAllGroups'>;
  'jumpcloud.user.unbindAllDevices': Impl<'jumpcloud.user.unbindAllDevices'>;
} {
  /** The user groups the user is directly in, with names. A JumpCloudNotFound for an unknown user. */
  async function groupsOf(userId: string): Promise<UserGroup[]> {
    await users.require(userId);
    const ids: string[] = [];
    for await (const g of client.paginateV2<GraphObjectWithPaths>(userPath(userId, '/memberof'), {
      sort: false,
      ...listing('memberof'),
    })) {
      if (g.type === 'user_group' && g.paths.some((p) => p.length === 1)) ids.push(g.id);
    }
    const found: UserGroup[] = [];
    for (const id of ids) {
      const group = await groups.byId(id);
      if (group) found.push(group);
      heartbeat({ what: 'groups', done: found.length });
    }
    return found;
  }

  /** Every system the user reaches, with how; JumpCloudNotFound for an unknown user. */
  async function reachable(userId: string): Promise<{ system: System; direct: boolean; via: string[] }[]> {
    await users.require(userId);
    const reached: { id: string; direct: boolean; via: string[] }[] = [];
    for await (const s of client.paginateV2<GraphObjectWithPaths>(userPath(userId, '/systems'), {
      sort: false,
      ...listing('systems'),
    })) {
      reached.push({ id: s.id, ...reachOf(s) });
    }
    const out: { system: System; direct: boolean; via: string[] }[] = [];
    for (const r of reached) {
      const system = await systems.byId(r.id);
      if (system) out.push({ system, direct: r.direct, via: r.via });
      heartbeat({ what: 'devices', done: out.length });
    }
    return out;
  }

  return {
    'jumpcloud.user.groups': ({ userId }) =>
      withActivityFailures(async () => {
        const list = (await groupsOf(userId))
          .map((g) => ({ id: g.id ?? '', name: g.name ?? '', description: g.description ?? '' }))
          .sort(byName);
        return { count: list.length, names: list.map((g) => g.name), groups: list };
      }),

    'jumpcloud.user.devices': ({ userId }) =>
      withActivityFailures(async () => {
        const found = await reachable(userId);
        const described = await systems.describeAll(found.map((f) => f.system));
        const devices = described
          .map((device, i) => ({
            ...device,
            direct: found[i]?.direct ?? false,
            viaGroups: found[i]?.via ?? [],
          }))
          .sort(byHostname);
        return { count: devices.length, directCount: devices.filter((d) => d.direct).length, devices };
      }),

    'jumpcloud.user.removeFromAllGroups': ({ userId, except = [] }) =>
      withActivityFailures(async () => {
        const keep = new Set(except);
        const removed: { id: string; name: string }[] = [];
        const kept: { id: string; name: string }[] = [];
        for (const g of await groupsOf(userId)) {
          const ref = { id: g.id ?? '', name: g.name ?? '' };
          if (keep.has(ref.name)) {
            kept.push(ref);
            continue;
          }
          const change = await groups.changeMembership('remove', ref.id, userId);
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

    'jumpcloud.user.unbindAllDevices': ({ userId }) =>
      withActivityFailures(async () => {
        await users.require(userId);
        const direct: string[] = [];
        for await (const edge of client.paginateV2<GraphConnection>(userPath(userId, '/associations'), {
          sort: false,
          query: { targets: 'system' },
          ...listing('associations'),
        })) {
          if (edge.to.type === 'system') direct.push(edge.to.id);
        }
        const unbound: { id: string; hostname: string; displayName: string }[] = [];
        for (const systemId of direct) {
          const system = await systems.byId(systemId);
          try {
            await client.request({
              method: 'POST',
              path: userPath(userId, '/associations'),
              body: { op: 'remove', type: 'system', id: systemId },
            });
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
        const still = (await reachable(userId))
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
