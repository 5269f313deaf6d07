// The JumpCloud user family: one factory, built from the client, returning every `jumpcloud.user.*`
// action. The work is split by concern: lookups (userDirectory), profile (userProfile), account state and
// credentials (userLifecycle), and groups and devices (userAccess).
import type { ActionImplementations } from '../../catalog/index.js';
import type { JumpCloudClient } from './client.js';
import { withActivityFailures } from './failures.js';
import { GroupDirectory } from './groups.js';
import { SystemDirectory } from './systemDirectory.js';
import { createUserAccessActions } from './userAccess.js';
import { UserDirectory } from './userDirectory.js';
import { createUserLifecycleActions } from './userLifecycle.js';
import { createUserProfileActions } from './userProfile.js';

export type UserActionName = Extract<keyof ActionImplementations, `jumpcloud.user.${string}`>;

export interface UserActionOptions {
  /** The clock for computed times (e.g. the MFA exclusion's end). @default the wall clock */
  now?: () => Date;
}

export function createUserActions(
  client: JumpCloudClient,
  options: UserActionOptions = {},
): Pick<ActionImplementations, UserActionName> {
  const users = new UserDirectory(client);
  const groups = new GroupDirectory(client);
  const systems = new SystemDirectory(client, users);
  return {
    'jumpcloud.user.find': (input) =>
      withActivityFailures(async () => users.describe(await users.find(input))),
    ...createUserProfileActions(client, users),
    ...createUserLifecycleActions(client, users, options.now ?? (() => new Date())),
    ...createUserAccessActions(client, users, groups, systems),
  };
}
