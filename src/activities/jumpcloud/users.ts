// The JumpCloud user family: one factory, built once per worker, returning every `jumpcloud.user.*`
// action; each call reads and writes through the doors it is given. The work is split by concern: lookups (userDirectory), profile (userProfile), account state and
// credentials (userLifecycle), and groups and devices (userAccess).
import type { ActionName } from '../../catalog/index.js';
import type { ActionHandlers } from '../actionCall.js';
import { withActivityFailures } from './failures.js';
import { createUserAccessActions } from './userAccess.js';
import { UserDirectory } from './userDirectory.js';
import { createUserLifecycleActions } from './userLifecycle.js';
import { createUserProfileActions } from './userProfile.js';

export type UserActionName = Extract<ActionName, `jumpcloud.user.${string}`>;

export interface UserActionOptions {
  /** The clock for computed times (e.g. the MFA exclusion's end). @default the wall clock */
  now?: () => Date;
}

export function createUserActions(options: UserActionOptions = {}): ActionHandlers<UserActionName> {
  return {
    'jumpcloud.user.find': (input, io) =>
      withActivityFailures(async () => {
        const users = new UserDirectory(io.read);
        return users.describe(await users.find(input));
      }),
    ...createUserProfileActions(),
    ...createUserLifecycleActions(options.now ?? (() => new Date())),
    ...createUserAccessActions(),
  };
}
