// The JumpCloud user group family. Membership changes and creation check first, so a retry after a lost
// response (or a request already satisfied) reports `changed: false` instead of failing or acting twice.
import type { ActionName, ActionOutput } from '../../catalog/index.js';
import type { GraphConnection, GraphObjectWithPaths, UserGroup } from '../../jumpcloud/types.js';
import type { ActionHandlers, ActionIO } from '../actionCall.js';
import { listing } from '../activityContext.js';
import type { JumpCloudReader } from './client.js';
import { isJumpCloudApiError } from './errors.js';
import { getIfExists } from './lookup.js';
import { withActivityFailures } from './failures.js';
import { notFound, toUserSummary, UserDirectory } from './userDirectory.js';
import { jumpcloudWrites } from './writes.js';

type Group = ActionOutput<'jumpcloud.group.find'>;
type Change = ActionOutput<'jumpcloud.group.addMember'>;

export function toGroup(g: UserGroup): Group {
  return { id: g.id ?? '', name: g.name ?? '', description: g.description ?? '' };
}

export class GroupDirectory {
  constructor(private readonly client: JumpCloudReader) {}

  byId(id: string): Promise<UserGroup | undefined> {
    return getIfExists<UserGroup>(this.client, `/api/v2/usergroups/${encodeURIComponent(id)}`);
  }

  async byName(name: string): Promise<UserGroup | undefined> {
    // v2 filters are comma-joined, so a name with a comma cannot be filtered on; list and compare instead.
    const filter = name.includes(',') ? undefined : `name:eq:${name}`;
    for await (const g of this.client.paginateV2<UserGroup>('/api/v2/usergroups', {
      ...(filter ? { filter } : {}),
    })) {
      if (g.name === name) return g;
    }
    return undefined;
  }

  async find(input: { name?: string; id?: string }): Promise<UserGroup> {
    const group = input.id !== undefined ? await this.byId(input.id) : await this.byName(input.name ?? '');
    if (!group)
      throw notFound(
        `no JumpCloud user group with ${input.id !== undefined ? `id ${input.id}` : `name ${input.name ?? ''}`}`,
      );
    return group;
  }

  /** The ids of the users directly in the group; JumpCloudNotFound for an unknown group. */
  async memberIds(groupId: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const edge of this.client.paginateV2<GraphConnection>(
      `/api/v2/usergroups/${encodeURIComponent(groupId)}/members`,
      { sort: false, ...listing('members') },
    )) {
      if (edge.to.type === 'user') ids.push(edge.to.id);
    }
    return ids;
  }

  async isMember(groupId: string, userId: string): Promise<boolean> {
    for await (const g of this.client.paginateV2<GraphObjectWithPaths>(
      `/api/v2/users/${encodeURIComponent(userId)}/memberof`,
      {
        sort: false,
      },
    )) {
      if (g.id === groupId) return true;
    }
    return false;
  }
}

/**
 * Adds or removes one membership through the call's write door. Checks first, so a repeat (or a retry after a
 * lost answer) reports `changed: false` instead of failing or acting twice.
 */
export async function changeMembership(
  io: ActionIO,
  op: 'add' | 'remove',
  groupId: string,
  userId: string,
): Promise<Change> {
  const groups = new GroupDirectory(io.read);
  const member = await groups.isMember(groupId, userId);
  if (op === 'add' && member) return { changed: false, note: 'already a member' };
  if (op === 'remove' && !member) return { changed: false, note: 'not a member' };
  try {
    await io.write(jumpcloudWrites.groupMembership(op, groupId, userId));
  } catch (err) {
    // Someone else made the same change between our check and our request: the goal holds.
    if (op === 'add' && isJumpCloudApiError(err, 'Conflict'))
      return { changed: false, note: 'already a member' };
    if (op === 'remove' && isJumpCloudApiError(err, 'NotFound') && (await groups.byId(groupId))) {
      return { changed: false, note: 'not a member' };
    }
    throw err;
  }
  return { changed: true, note: op === 'add' ? 'added to the group' : 'removed from the group' };
}

export type GroupActionName = Extract<ActionName, `jumpcloud.group.${string}`>;

export function createGroupActions(): ActionHandlers<GroupActionName> {
  return {
    'jumpcloud.group.find': (input, io) =>
      withActivityFailures(async () => toGroup(await new GroupDirectory(io.read).find(input))),
    'jumpcloud.group.create': ({ name, description }, io) =>
      withActivityFailures(async () => {
        const groups = new GroupDirectory(io.read);
        const existing = await groups.byName(name);
        if (existing)
          return { changed: false, note: 'a group with this name already exists', group: toGroup(existing) };
        try {
          const created = await io.write<UserGroup>(jumpcloudWrites.createUserGroup(name, description));
          return { changed: true, note: 'created', group: toGroup(created) };
        } catch (err) {
          // Created since we looked (someone else, or our earlier attempt whose answer was lost).
          const raced = isJumpCloudApiError(err, 'Conflict') ? await groups.byName(name) : undefined;
          if (raced)
            return { changed: false, note: 'a group with this name already exists', group: toGroup(raced) };
          throw err;
        }
      }),
    'jumpcloud.group.addMember': (input, io) =>
      withActivityFailures(() => changeMembership(io, 'add', input.groupId, input.userId)),
    'jumpcloud.group.removeMember': (input, io) =>
      withActivityFailures(() => changeMembership(io, 'remove', input.groupId, input.userId)),
    'jumpcloud.group.members': ({ groupId }, io) =>
      withActivityFailures(async () => {
        const groups = new GroupDirectory(io.read);
        await groups.find({ id: groupId });
        const found = await new UserDirectory(io.read).byIds(await groups.memberIds(groupId));
        const members = [...found.values()]
          .map(toUserSummary)
          .sort((a, b) => a.email.localeCompare(b.email) || (a.id < b.id ? -1 : 1));
        return { count: members.length, emails: members.map((m) => m.email), members };
      }),
  };
}
