// Creating users and changing their profile. Each looks first and writes only what differs, so a repeat
// (or a retry after a lost response) finds the work done and says `changed: false`.
import { ApplicationFailure } from '@temporalio/common';
import type { SystemUserPut, SystemUserPutPost, SystemUserReturn } from '../../jumpcloud/types.js';
import type { ActionHandlers } from '../actionCall.js';
import { isJumpCloudApiError } from './errors.js';
import { JumpCloudFailureType, withActivityFailures } from './failures.js';
import { attributeMap, idOf, UserDirectory } from './userDirectory.js';
import { jumpcloudWrites } from './writes.js';

/** `with` field → JumpCloud field, for the plain-text profile fields. */
const PROFILE_FIELDS = {
  firstname: 'firstname',
  lastname: 'lastname',
  displayName: 'displayname',
  jobTitle: 'jobTitle',
  department: 'department',
  company: 'company',
  costCenter: 'costCenter',
  employeeType: 'employeeType',
  employeeIdentifier: 'employeeIdentifier',
  location: 'location',
} as const satisfies Record<string, keyof SystemUserPut & keyof SystemUserReturn>;

type ProfileInput = { [K in keyof typeof PROFILE_FIELDS]?: string } & { manager?: string };

/** The username JumpCloud gets when the playbook gives none: the email's local part, lower-case. */
export function defaultUsername(email: string): string {
  const local = email.split('@')[0] ?? email;
  return local.toLowerCase().replace(/[^a-z0-9._-]+/g, '.');
}

function toAttributeList(map: Record<string, string>): { name: string; value: string }[] {
  return Object.entries(map)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => ({ name, value }));
}

/** The profile part of a POST/PUT body, with the manager resolved to an id ('' clears it). */
async function profileBody(users: UserDirectory, input: ProfileInput): Promise<SystemUserPut> {
  const body: SystemUserPut = {};
  for (const [from, to] of Object.entries(PROFILE_FIELDS)) {
    const value = input[from as keyof typeof PROFILE_FIELDS];
    if (value !== undefined) body[to] = value;
  }
  if (input.manager !== undefined)
    body.manager = input.manager === '' ? '' : await users.managerId(input.manager.trim());
  return body;
}

export type UserProfileActionName =
  'jumpcloud.user.create' | 'jumpcloud.user.update' | 'jumpcloud.user.setAttributes';

export function createUserProfileActions(): ActionHandlers<UserProfileActionName> {
  return {
    'jumpcloud.user.create': (input, io) =>
      withActivityFailures(async () => {
        const users = new UserDirectory(io.read);
        const existing = (email: string): Promise<SystemUserReturn | undefined> =>
          users.byField('email', email);
        const email = input.email.trim().toLowerCase();
        const already = await existing(email);
        if (already)
          return {
            changed: false,
            note: 'a user with this email already exists',
            user: await users.describe(already),
          };

        const username = input.username ?? defaultUsername(email);
        const namesake = await users.byField('username', username);
        if (namesake) {
          throw ApplicationFailure.create({
            message: `jumpcloud.user.create: username ${username} is taken by another user`,
            type: JumpCloudFailureType.Conflict,
            nonRetryable: true,
          });
        }
        const body: SystemUserPutPost = {
          ...(await profileBody(users, input)),
          email,
          username,
          state: input.state,
          ...(input.attributes ? { attributes: toAttributeList(input.attributes) } : {}),
        };
        let created: SystemUserReturn;
        try {
          created = await io.write<SystemUserReturn>(jumpcloudWrites.createUser({ ...body, email }));
        } catch (err) {
          // JumpCloud answers a duplicate with 400 "User already exists": someone (or an earlier attempt of
          // ours whose answer was lost) created the user since we looked. The goal holds; say so.
          if (isJumpCloudApiError(err, 'BadRequest') || isJumpCloudApiError(err, 'Conflict')) {
            const raced = await existing(email);
            if (raced)
              return {
                changed: false,
                note: 'a user with this email already exists',
                user: await users.describe(raced),
              };
          }
          throw err;
        }
        return {
          changed: true,
          note: `created (${created.state ?? input.state})`,
          user: await users.describe(created),
        };
      }),

    'jumpcloud.user.update': (input, io) =>
      withActivityFailures(async () => {
        const users = new UserDirectory(io.read);
        const { userId, ...fields } = input;
        const user = await users.require(userId);
        const wanted = await profileBody(users, fields);
        const diff: SystemUserPut = {};
        const changedFields: string[] = [];
        for (const [from, to] of Object.entries(PROFILE_FIELDS)) {
          const value = wanted[to];
          if (value !== undefined && value !== (user[to] ?? '')) {
            diff[to] = value;
            changedFields.push(from);
          }
        }
        if (wanted.manager !== undefined && wanted.manager !== (user.manager ?? '')) {
          diff.manager = wanted.manager;
          changedFields.push('manager');
        }
        if (changedFields.length === 0)
          return {
            changed: false,
            note: 'already up to date',
            changedFields,
            user: await users.describe(user),
          };
        const updated = await io.write<SystemUserReturn>(jumpcloudWrites.updateUser(userId, { ...diff }));
        return {
          changed: true,
          note: `updated ${changedFields.join(', ')}`,
          changedFields,
          user: await users.describe(updated),
        };
      }),

    'jumpcloud.user.setAttributes': (input, io) =>
      withActivityFailures(async () => {
        const users = new UserDirectory(io.read);
        const user = await users.require(input.userId);
        const current = attributeMap(user);
        const next = { ...current };
        for (const [name, value] of Object.entries(input.attributes)) {
          if (value === null) delete next[name];
          else next[name] = value;
        }
        const same =
          Object.keys(next).length === Object.keys(current).length &&
          Object.entries(next).every(([name, value]) => current[name] === value);
        if (same) return { changed: false, note: 'attributes already set', user: await users.describe(user) };
        const updated = await io.write<SystemUserReturn>(
          jumpcloudWrites.updateUser(idOf(user), { attributes: toAttributeList(next) }),
        );
        return { changed: true, note: 'attributes updated', user: await users.describe(updated) };
      }),
  };
}
