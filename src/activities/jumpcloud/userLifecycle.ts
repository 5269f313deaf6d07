// Account state and credentials: suspend, activate, reset MFA, expire the password, unlock. Each reads the
// user first and acts only when the goal does not already hold, so a repeat (or a retry after a lost
// response) reports `changed: false` and JumpCloud sees one mutation.
import type { ActionImplementations } from '../../catalog/index.js';
import type { SystemUserReturn } from '../../jumpcloud/types.js';
import type { JumpCloudClient } from './client.js';
import { withActivityFailures } from './failures.js';
import { stateOf, type User, type UserDirectory } from './userDirectory.js';

type Impl<N extends keyof ActionImplementations> = ActionImplementations[N];
type Change = { changed: boolean; note: string; user: User };

const userPath = (id: string, action = ''): string => `/api/systemusers/${encodeURIComponent(id)}${action}`;
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

export function createUserLifecycleActions(
  client: JumpCloudClient,
  users: UserDirectory,
  now: () => Date,
): {
  'jumpcloud.user.suspend': Impl<'jumpcloud.user.suspend'>;
  'jumpcloud.user.activate': Impl<'jumpcloud.user.activate'>;
  'jumpcloud.user.resetMfa': Impl<'jumpcloud.user.resetMfa'>;
  'jumpcloud.user.expirePassword': Impl<'jumpcloud.user.expirePassword'>;
  'jumpcloud.user.unlock': Impl<'jumpcloud.user.unlock'>;
} {
  /**
   * The shared shape: load the user; if `done` already holds, report that; otherwise `act`, then read the
   * user again (the action endpoints answer with an empty body or a bare string, not the record).
   */
  const ensure = (
    userId: string,
    done: (u: SystemUserReturn) => string | undefined,
    act: (u: SystemUserReturn) => Promise<string>,
  ): Promise<Change> =>
    withActivityFailures(async () => {
      const user = await users.require(userId);
      const already = done(user);
      if (already !== undefined) return { changed: false, note: already, user: await users.describe(user) };
      const note = await act(user);
      return { changed: true, note, user: await users.describe(await users.require(userId)) };
    });

  const post = async (id: string, action: string, body?: unknown): Promise<void> => {
    await client.request({
      method: 'POST',
      path: userPath(id, action),
      ...(body === undefined ? {} : { body }),
    });
  };

  return {
    'jumpcloud.user.suspend': ({ userId }) =>
      ensure(
        userId,
        (u) => (stateOf(u) === 'SUSPENDED' ? 'already suspended' : undefined),
        async () => {
          await post(userId, '/state/suspend');
          return 'suspended';
        },
      ),

    'jumpcloud.user.activate': ({ userId, sendEmail }) =>
      ensure(
        userId,
        (u) => (stateOf(u) === 'ACTIVATED' ? 'already active' : undefined),
        async (u) => {
          // STAGED → ACTIVATED is its own call (it sends the activation mail); a suspended user is
          // unsuspended with PUT, which /state/activate refuses (API-NOTES §4).
          if (stateOf(u) === 'STAGED') {
            await post(userId, '/state/activate', { email: sendEmail });
            return 'activated';
          }
          await client.request({ method: 'PUT', path: userPath(userId), body: { state: 'ACTIVATED' } });
          return 'unsuspended';
        },
      ),

    'jumpcloud.user.resetMfa': ({ userId, exclusionDays }) =>
      ensure(
        userId,
        (u) => (hasMfa(u) ? undefined : 'no MFA enrolled: nothing to reset'),
        async () => {
          const body =
            exclusionDays === undefined
              ? { exclusion: false }
              : {
                  exclusion: true,
                  exclusionDays,
                  exclusionUntil: new Date(now().getTime() + exclusionDays * DAY_MS).toISOString(),
                };
          await post(userId, '/resetmfa', body);
          return exclusionDays === undefined
            ? 'MFA reset: the user enrolls again at next login'
            : `MFA reset: the user may log in without MFA for ${exclusionDays} days while re-enrolling`;
        },
      ),

    'jumpcloud.user.expirePassword': ({ userId }) =>
      ensure(
        userId,
        (u) => (u.password_expired === true ? 'password already expired' : undefined),
        async () => {
          await post(userId, '/expire');
          return 'password expired: the user must choose a new one at next login';
        },
      ),

    'jumpcloud.user.unlock': ({ userId }) =>
      ensure(
        userId,
        (u) => (u.account_locked === true ? undefined : 'not locked'),
        async () => {
          await post(userId, '/unlock');
          return 'unlocked';
        },
      ),
  };
}
