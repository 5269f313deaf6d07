// Names of the objects a write touches, read once per action call: the lists match groups and
// applications by name, protection matches users by email, and dry-run reports name what they would
// change. Reads go through the call's client, so a dry run also sees the objects it would have created.
import type { SystemUserReturn } from '../../jumpcloud/types.js';
import type { JumpCloudRequester } from '../jumpcloud/http/types.js';
import { isJumpCloudApiError } from '../jumpcloud/errors.js';

export interface UserTarget {
  id: string;
  email: string;
  username: string;
}

export interface NamedTarget {
  id: string;
  name: string;
  /** User groups: the group's attributes grant sudo (admin rights) on the devices bound to it. */
  grantsAdmin?: boolean;
}

async function getIfExists<T>(client: JumpCloudRequester, path: string): Promise<T | undefined> {
  try {
    return await client.request<T>({ method: 'GET', path });
  } catch (err) {
    if (isJumpCloudApiError(err, 'NotFound')) return undefined;
    throw err;
  }
}

export class TargetResolver {
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(private readonly client: JumpCloudRequester) {}

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.cache.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.cache.set(key, p);
    }
    return p;
  }

  user(id: string): Promise<UserTarget | undefined> {
    return this.once(`user:${id}`, async () => {
      const u = await getIfExists<SystemUserReturn>(
        this.client,
        `/api/systemusers/${encodeURIComponent(id)}`,
      );
      return u ? { id, email: u.email ?? '', username: u.username ?? '' } : undefined;
    });
  }

  userGroup(id: string): Promise<NamedTarget | undefined> {
    return this.once(`userGroup:${id}`, async () => {
      const g = await getIfExists<{ name?: string; attributes?: { sudo?: { enabled?: boolean } } | null }>(
        this.client,
        `/api/v2/usergroups/${encodeURIComponent(id)}`,
      );
      return g ? { id, name: g.name ?? '', grantsAdmin: g.attributes?.sudo?.enabled === true } : undefined;
    });
  }

  systemGroup(id: string): Promise<NamedTarget | undefined> {
    return this.once(`systemGroup:${id}`, async () => {
      const g = await getIfExists<{ name?: string }>(
        this.client,
        `/api/v2/systemgroups/${encodeURIComponent(id)}`,
      );
      return g ? { id, name: g.name ?? '' } : undefined;
    });
  }

  application(id: string): Promise<NamedTarget | undefined> {
    return this.once(`application:${id}`, async () => {
      const a = await getIfExists<{ displayLabel?: string; name?: string }>(
        this.client,
        `/api/applications/${encodeURIComponent(id)}`,
      );
      return a ? { id, name: a.displayLabel ?? a.name ?? '' } : undefined;
    });
  }

  system(id: string): Promise<NamedTarget | undefined> {
    return this.once(`system:${id}`, async () => {
      const s = await getIfExists<{ hostname?: string; displayName?: string }>(
        this.client,
        `/api/systems/${encodeURIComponent(id)}`,
      );
      return s ? { id, name: s.hostname ?? s.displayName ?? '' } : undefined;
    });
  }
}
