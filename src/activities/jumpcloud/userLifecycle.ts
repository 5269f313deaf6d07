// Account state and credentials: suspend, activate, reset MFA, expire the password, unlock. Each reads the
// user first and acts only when the goal does not already hold, so a repeat (or a retry after a lost
// response) reports `changed: false` and JumpCloud sees one mutation.
import type { SystemUserReturn } from '../../jumpcloud/types.js';
import type { ActionHandlers, ActionIO } from '../actionCall.js';
import { withActivityFailures } from './failures.js';
import { stateOf, UserDirectory, type User } from './userDirectory.js';
import { jumpcloudWrites, type JumpCloudWrite } from './writes.js';

type Change = { changed: boolean; note: string; user: User };

const DAY_MS = 86_400_000;

/** Any factor enrolled or being enrolled: something a reset would clear. */
function hasMfa(u: SystemUserReturn): boolean {
  const overall = u.mfaEnrollment?.overallStatus;
  return (
    u.totp_enabled === true ||
    u.mfa?.configured === true ||
    overall === 'ENROLLED' ||
    overall === 'PENDING_ACTIVATION' ||
    overall === 'IN_ENROLLMENT'
  );
}

/**
 * The shared shape: load the user; if `done` already holds, report that; otherwise make the write `act`
 * names, then read the user again (the action endpoints answer with an empty body or a bare string).
 */
function ensure(
  io: ActionIO,
  userId: string,
  done: (u: SystemUserReturn) => string | undefined,
  act: (u: SystemUserReturn) => { write: JumpCloudWrite; note: string },
): Promise<Change> {
  return withActivityFailures(async () => {
    const users = new UserDirectory(io.read);
    const user = await users.require(userId);
    const already = done(user);
    if (already !== undefined) return { changed: false, note: already, user: await users.describe(user) };
    const { write, note } = act(user);
    await io.write(write);
    return { changed: true, note, user: await users.describe(await users.require(userId)) };
  });
}

export type UserLifecycleActionName =
  | 'jumpcloud.user.suspend'
  | 'jumpcloud.user.activate'
  | 'jumpcloud.user.resetMfa'
  | 'jumpcloud.user.expirePassword'
  | 'jumpcloud.user.unlock';

export function createUserLifecycleActions(now: () => Date): ActionHandlers<UserLifecycleActionName> {
  return {
    'jumpcloud.user.suspend': ({ userId }, io) =>
      ensure(
        io,
        userId,
        (u) => (stateOf(u) === 'SUSPENDED' ? 'already suspended' : undefined),
        () => ({ write: jumpcloudWrites.suspendUser(userId), note: 'suspended' }),
      ),

    'jumpcloud.user.activate': ({ userId, sendEmail }, io) =>
      ensure(
        io,
        userId,
        (u) => (stateOf(u) === 'ACTIVATED' ? 'already active' : undefined),
        // STAGED → ACTIVATED is its own call (it sends the activation mail); a suspended user is unsuspended.
        (u) =>
          stateOf(u) === 'STAGED'
            ? { write: jumpcloudWrites.activateStagedUser(userId, sendEmail), note: 'activated' }
            : { write: jumpcloudWrites.unsuspendUser(userId), note: 'unsuspended' },
      ),

    'jumpcloud.user.resetMfa': ({ userId, exclusionDays }, io) =>
      ensure(
        io,
        userId,
        (u) => (hasMfa(u) ? undefined : 'no MFA enrolled: nothing to reset'),
        () => ({
          write: jumpcloudWrites.resetMfa(
            userId,
            exclusionDays === undefined
              ? { exclusion: false }
              : {
                  exclusion: true,
                  exclusionDays,
                  exclusionUntil: new Date(now().getTime() + exclusionDays * DAY_MS).toISOString(),
                },
          ),
          note:
            exclusionDays === undefined
              ? 'MFA reset: the user enrolls again at next login'
              : `MFA reset: the user may log in without MFA for ${exclusionDays} days while re-enrolling`,
        }),
      ),

    'jumpcloud.user.expirePassword': ({ userId }, io) =>
      ensure(
        io,
        userId,
        (u) => (u.password_expired === true ? 'password already expired' : undefined),
        () => ({
          write: jumpcloudWrites.expirePassword(userId),
          note: 'password expired: the user must choose a new one at next login',
        }),
      ),

    'jumpcloud.user.unlock': ({ userId }, io) =>
      ensure(
        io,
        userId,
        (u) => (u.account_locked === true ? undefined : 'not locked'),
        () => ({ write: jumpcloudWrites.unlockUser(userId), note: 'unlocked' }),
      ),
  };
}
