// The user lifecycle rules (API-NOTES §4), kept in one place so every endpoint leaves the record
// consistent: `suspended` mirrors `state == SUSPENDED`; `activated` turns true the first time the user is
// ACTIVATED and stays true; `account_locked` and its date move together; MFA flags follow enrollment.
// Each function mutates the record and returns the names of the fields it changed (for the audit log).
import type { MfaEnrollment } from '../jumpcloud/types.js';
import { conflict } from './errors.js';
import type { SimUser, UserState } from './model.js';

type Snapshot = Record<string, string>;

function snapshot(user: SimUser, fields: readonly (keyof SimUser)[]): Snapshot {
  return Object.fromEntries(fields.map((field) => [field, JSON.stringify(user[field] ?? null)]));
}

function changed(before: Snapshot, user: SimUser): string[] {
  return Object.keys(before).filter(
    (field) => before[field] !== JSON.stringify(user[field as keyof SimUser] ?? null),
  );
}

const STATE_FIELDS = ['state', 'suspended', 'activated'] as const;

/** Moves the user to `target`, keeping the derived flags right. */
export function setState(user: SimUser, target: UserState): string[] {
  const before = snapshot(user, STATE_FIELDS);
  user.state = target;
  user.suspended = target === 'SUSPENDED';
  if (target === 'ACTIVATED') user.activated = true;
  return changed(before, user);
}

/**
 * POST /state/activate: STAGED → ACTIVATED; an ACTIVATED user stays as it is. A SUSPENDED user is refused
 * with 409 (the spec documents 409 here): activation is the first-login step, and unsuspending is done
 * with PUT `{state: ACTIVATED}`, so a workflow that "activates" a suspended person is probably wrong.
 */
export function activate(user: SimUser): string[] {
  if (user.state === 'SUSPENDED') {
    throw conflict('User is suspended; unsuspend with PUT /systemusers/{id} {"state":"ACTIVATED"}');
  }
  return setState(user, 'ACTIVATED');
}

export function suspend(user: SimUser): string[] {
  return setState(user, 'SUSPENDED');
}

const LOCK_FIELDS = ['account_locked', 'account_locked_date', 'badLoginAttempts'] as const;

export function setLocked(user: SimUser, locked: boolean, now: Date): string[] {
  const before = snapshot(user, LOCK_FIELDS);
  if (locked && !user.account_locked) {
    user.account_locked = true;
    user.account_locked_date = now.toISOString();
  } else if (!locked) {
    user.account_locked = false;
    user.account_locked_date = null;
    user.badLoginAttempts = 0;
  }
  return changed(before, user);
}

export function unlock(user: SimUser, now: Date): string[] {
  return setLocked(user, false, now);
}

const PASSWORD_FIELDS = ['password_expired', 'password_expiration_date', 'password_date'] as const;

/** POST /expire: the user must pick a new password at next login. */
export function expirePassword(user: SimUser, now: Date): string[] {
  const before = snapshot(user, PASSWORD_FIELDS);
  user.password_expired = true;
  user.password_expiration_date = now.toISOString();
  return changed(before, user);
}

/** An admin set a password (POST or PUT with `password`): it counts as fresh and unexpired. */
export function passwordSet(user: SimUser, now: Date): string[] {
  const before = snapshot(user, PASSWORD_FIELDS);
  user.password_date = now.toISOString();
  user.password_expired = false;
  user.password_expiration_date = null;
  return changed(before, user);
}

function overallStatus(enrollment: MfaEnrollment): NonNullable<MfaEnrollment['overallStatus']> {
  const factors = [
    enrollment.totpStatus,
    enrollment.webAuthnStatus,
    enrollment.pushStatus,
    enrollment.smsStatus,
    enrollment.jcGoStatus,
  ];
  if (factors.includes('ENROLLED')) return 'ENROLLED';
  if (factors.includes('PENDING_ACTIVATION')) return 'PENDING_ACTIVATION';
  return 'NOT_ENROLLED';
}

const MFA_FIELDS = ['totp_enabled', 'mfa', 'mfaEnrollment'] as const;

export interface ResetMfaOptions {
  exclusion?: boolean;
  exclusionUntil?: string;
  exclusionDays?: number;
}

/**
 * POST /resetmfa: TOTP is cleared and a new enrollment window starts; with Unified MFA the push
 * endpoints go too (API-NOTES §5). The body may grant an exclusion (a grace period without MFA):
 * `exclusionDays` is turned into an `exclusionUntil` as the console does.
 */
export function resetMfa(user: SimUser, options: ResetMfaOptions, now: Date): string[] {
  const before = snapshot(user, MFA_FIELDS);
  user.totp_enabled = false;
  const exclusion = options.exclusion ?? false;
  user.mfa = { configured: false, exclusion };
  if (exclusion) {
    const until =
      options.exclusionUntil ??
      (options.exclusionDays !== undefined
        ? new Date(now.getTime() + options.exclusionDays * 86_400_000).toISOString()
        : undefined);
    if (until !== undefined) user.mfa.exclusionUntil = until;
    if (options.exclusionDays !== undefined) user.mfa.exclusionDays = options.exclusionDays;
  }
  const enrollment: MfaEnrollment = {
    ...user.mfaEnrollment,
    totpStatus: 'NOT_ENROLLED',
    pushStatus: 'NOT_ENROLLED',
  };
  enrollment.overallStatus = overallStatus(enrollment);
  user.mfaEnrollment = enrollment;
  return changed(before, user);
}
