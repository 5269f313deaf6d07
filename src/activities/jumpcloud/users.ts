// User actions. Each is idempotent and says whether it changed anything.
import { ApplicationFailure } from '@temporalio/common';
import type { ActionImplementations, ActionOutput } from '../../catalog/index.js';
import type { SystemUserReturn } from '../../jumpcloud/types.js';
import type { JumpCloudClient } from './client.js';
import { getIfExists } from './lookup.js';
import { JumpCloudFailureType, withActivityFailures } from './failures.js';

type User = ActionOutput<'jumpcloud.user.find'>;
type UserRef = NonNullable<User['manager']>;

const idOf = (u: SystemUserReturn): string => u._id ?? '';

function displayName(u: SystemUserReturn): string {
  return u.displayname || [u.firstname, u.lastname].filter(Boolean).join(' ') || (u.username ?? '');
}

export function toUserRef(u: SystemUserReturn): UserRef {
  return { id: idOf(u), email: u.email ?? '', username: u.username ?? '', displayName: displayName(u) };
}

export function notFound(what: string): ApplicationFailure {
  return ApplicationFailure.create({
    message: what,
    type: JumpCloudFailureType.NotFound,
    nonRetryable: true,
  });
}

/** Looks up users by the identifiers playbooks use. Shared by the user and group actions. */
export class UserDirectory {
  constructor(private readonly client: JumpCloudClient) {}

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

  async find(input: { email?: string; username?: string; id?: string }): Promise<SystemUserReturn> {
    const [field, value] = Object.entries(input)[0] ?? [];
    if (value === undefined)
      throw ApplicationFailure.nonRetryable('give one of email, username or id', 'IdflowInvalidArguments');
    const user =
      field === 'id' ? await this.byId(value) : await this.byField(field as 'email' | 'username', value);
    if (!user) throw notFound(`no JumpCloud user with ${field} ${value}`);
    return user;
  }
}

export function toUser(u: SystemUserReturn, manager: SystemUserReturn | undefined): User {
  return {
    id: idOf(u),
    username: u.username ?? '',
    email: u.email ?? '',
    firstname: u.firstname ?? '',
    lastname: u.lastname ?? '',
    displayName: displayName(u),
    state: u.state ?? (u.suspended ? 'SUSPENDED' : 'ACTIVATED'),
    suspended: u.suspended ?? u.state === 'SUSPENDED',
    accountLocked: u.account_locked ?? false,
    passwordExpired: u.password_expired ?? false,
    mfaConfigured: u.mfa?.configured ?? false,
    department: u.department ?? '',
    jobTitle: u.jobTitle ?? '',
    employeeType: u.employeeType ?? '',
    location: u.location ?? '',
    manager: manager ? toUserRef(manager) : null,
  };
}

export function createUserActions(
  client: JumpCloudClient,
): Pick<ActionImplementations, 'jumpcloud.user.find'> {
  const users = new UserDirectory(client);
  return {
    'jumpcloud.user.find': (input) =>
      withActivityFailures(async () => {
        const user = await users.find(input);
        const manager = user.manager ? await users.byId(user.manager) : undefined;
        return toUser(user, manager);
      }),
  };
}
