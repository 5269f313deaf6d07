// User group actions. Membership changes check first, so a retry after a lost response (or a request
// already satisfied) reports `changed: false` instead of failing or acting twice.
import type { ActionImplementations, ActionOutput } from '../../catalog/index.js';
import type { GraphObjectWithPaths, UserGroup } from '../../jumpcloud/types.js';
import type { JumpCloudClient } from './client.js';
import { isJumpCloudApiError } from './errors.js';
import { getIfExists } from './lookup.js';
import { withActivityFailures } from './failures.js';
import { notFound } from './users.js';

type Group = ActionOutput<'jumpcloud.group.find'>;
type Change = ActionOutput<'jumpcloud.group.addMember'>;

function toGroup(g: UserGroup): Group {
  return { id: g.id ?? '', name: g.name ?? '', description: g.description ?? '' };
}

export class GroupDirectory {
  constructor(private readonly client: JumpCloudClient) {}

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

  async changeMembership(op: 'add' | 'remove', groupId: string, userId: string): Promise<Change> {
    const member = await this.isMember(groupId, userId);
    if (op === 'add' && member) return { changed: false, note: 'already a member' };
    if (op === 'remove' && !member) return { changed: false, note: 'not a member' };
    try {
      await this.client.request({
        method: 'POST',
        path: `/api/v2/usergroups/${encodeURIComponent(groupId)}/members`,
        body: { op, type: 'user', id: userId },
      });
    } catch (err) {
      // Someone else made the same change between our check and our request: the goal holds.
      if (op === 'add' && isJumpCloudApiError(err, 'Conflict'))
        return { changed: false, note: 'already a member' };
      if (op === 'remove' && isJumpCloudApiError(err, 'NotFound') && (await this.byId(groupId))) {
        return { changed: false, note: 'not a member' };
      }
      throw err;
    }
    return { changed: true, note: op === 'add' ? 'added to the group' : 'removed from the group' };
  }
}

export function createGroupActions(
  client: JumpCloudClient,
): Pick<
  ActionImplementations,
  'jumpcloud.group.find' | 'jumpcloud.group.addMember' | 'jumpcloud.group.removeMember'
> {
  const groups = new GroupDirectory(client);
  return {
    'jumpcloud.group.find': (input) => withActivityFailures(async () => toGroup(await groups.find(input))),
    'jumpcloud.group.addMember': (input) =>
      withActivityFailures(() => groups.changeMembership('add', input.groupId, input.userId)),
    'jumpcloud.group.removeMember': (input) =>
      withActivityFailures(() => groups.changeMembership('remove', input.groupId, input.userId)),
  };
}
