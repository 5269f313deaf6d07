// Looking users up by the identifiers playbooks use, and shaping them into the catalog's output. Shared
// by every family that names users (users, groups, devices, applications, approvers).
import { ApplicationFailure } from '@temporalio/common';
import type { ActionOutput } from '../../catalog/index.js';
import type { SystemUserReturn } from '../../jumpcloud/types.js';
import type { JumpCloudReader } from './client.js';
import { JumpCloudFailureType } from './failures.js';
import { getIfExists } from './lookup.js';

export type User = ActionOutput<'jumpcloud.user.find'>;
export type UserRef = NonNullable<User['manager']>;
export type UserSummary = UserRef & { state: User['state'] };

/** How many ids one `_id:$in:` filter carries: keeps the query string well under proxies' URL limits. */
const IDS_PER_QUERY = 50;
const OBJECT_ID = /^[0-9a-f]{24}$/;

export const idOf = (u: SystemUserReturn): string => u._id ?? '';

export function displayName(u: SystemUserReturn): string {
  return u.displayname || [u.firstname, u.lastname].filter(Boolean).join(' ') || (u.username ?? '');
}

export function stateOf(u: SystemUserReturn): User['state'] {
  return u.state ?? (u.suspended ? 'SUSPENDED' : 'ACTIVATED');
}

export function toUserRef(u: SystemUserReturn): UserRef {
  return { id: idOf(u), email: u.email ?? '', username: u.username ?? '', displayName: displayName(u) };
}

export function toUserSummary(u: SystemUserReturn): UserSummary {
  return { ...toUserRef(u), state: stateOf(u) };
}

/** JumpCloud's `[{name, value}]` custom attributes as a name → value map. */
export function attributeMap(u: SystemUserReturn): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of u.attributes ?? []) if (a.name) out[a.name] = a.value ?? '';
  return out;
}

export function toUser(u: SystemUserReturn, manager: SystemUserReturn | undefined): User {
  return {
    id: idOf(u),
    username: u.username ?? '',
    email: u.email ?? '',
    firstname: u.firstname ?? '',
    lastname: u.lastname ?? '',
    displayName: displayName(u),
    state: stateOf(u),
    suspended: u.suspended ?? u.state === 'SUSPENDED',
    accountLocked: u.account_locked ?? false,
    passwordExpired: u.password_expired ?? false,
    mfaConfigured: u.mfa?.configured ?? false,
    department: u.department ?? '',
    jobTitle: u.jobTitle ?? '',
    company: u.company ?? '',
    costCenter: u.costCenter ?? '',
    employeeType: u.employeeType ?? '',
    employeeIdentifier: u.employeeIdentifier ?? '',
    location: u.location ?? '',
    attributes: attributeMap(u),
    manager: manager ? toUserRef(manager) : null,
  };
}

/** A non-retryable JumpCloudNotFound: the thing named does not exist, and retrying will not make it. */
export function notFound(what: string): ApplicationFailure {
  return ApplicationFailure.create({
    message: what,
    type: JumpCloudFailureType.NotFound,
    nonRetryable: true,
  });
}

export class UserDirectory {
  constructor(private readonly client: JumpCloudReader) {}

  byId(id: string): Promise<SystemUserReturn | undefined> {
    return getIfExists<SystemUserReturn>(this.client, `/api/systemusers/${encodeURIComponent(id)}`);
  }

  /** Exact match on one field. JumpCloud filter values are case-sensitive and emails are stored lower-case. */
  async byField(field: 'email' | 'username', value: string): Promise<SystemUserReturn | undefined> {
    const wanted = field === 'email' ? value.trim().toLowerCase() : value.trim();
    for await (const u of this.client.paginateV1<SystemUserReturn>('/api/systemusers', {
      filter: [`${field}:$eq:${wanted}`],
      pageSize: 10,
    })) {
      if ((u[field] ?? '').toLowerCase() === wanted.toLowerCase()) return u;
    }
    return undefined;
  }

  /** Many users by id, a few requests in all (`_id:$in:`); ids JumpCloud does not know are left out. */
  async byIds(ids: Iterable<string>): Promise<Map<string, SystemUserReturn>> {
    const wanted = [...new Set(ids)].filter((id) => OBJECT_ID.test(id));
    const found = new Map<string, SystemUserReturn>();
    for (let i = 0; i < wanted.length; i += IDS_PER_QUERY) {
      const batch = wanted.slice(i, i + IDS_PER_QUERY);
      for await (const u of this.client.paginateV1<SystemUserReturn>('/api/systemusers', {
        filter: [`_id:$in:${batch.join('|')}`],
      })) {
        found.set(idOf(u), u);
      }
    }
    return found;
  }

  async find(input: { email?: string; username?: string; id?: string }): Promise<SystemUserReturn> {
    const [field, value] = Object.entries(input)[0] ?? [];
    if (value === undefined)
      throw ApplicationFailure.nonRetryable('give one of email, username or id', 'IdflowInvalidArguments');
    const user =
      field === 'id' ? await this.byId(value) : await this.byField(field as 'email' | 'username', value);
    if (!user) throw notFound(`no JumpCloud user with ${field} ${value}`);
    return user;
  }

  /** The user by id, or a JumpCloudNotFound failure. */
  async require(id: string): Promise<SystemUserReturn> {
    const user = await this.byId(id);
    if (!user) throw notFound(`no JumpCloud user with id ${id}`);
    return user;
  }

  /** A manager named by email or id, as the id JumpCloud stores; JumpCloudNotFound when there is none. */
  async managerId(ref: string): Promise<string> {
    const user = OBJECT_ID.test(ref) ? await this.byId(ref) : await this.byField('email', ref);
    if (!user) throw notFound(`no JumpCloud user ${ref} to be the manager`);
    return idOf(user);
  }

  /** The catalog's user shape, manager resolved. */
  async describe(u: SystemUserReturn): Promise<User> {
    const manager = u.manager ? await this.byId(u.manager) : undefined;
    return toUser(u, manager);
  }
}
