// What a freshly created JumpCloud user looks like: every field the simulator emits, with the values the
// service gives a new account (empty strings rather than missing keys, MFA not enrolled, not locked).
import type { MfaEnrollment } from '../jumpcloud/types.js';
import type { NewUserInput, SimUser, UserState } from './model.js';

export interface UserRecordContext {
  id: string;
  now: Date;
  organization: string;
  unixId: number;
  /** The org's `settings.newSystemUserStateDefaults.manualEntry` when the input names no state. */
  defaultState: UserState;
}

export const NOT_ENROLLED: Required<MfaEnrollment> = {
  totpStatus: 'NOT_ENROLLED',
  webAuthnStatus: 'NOT_ENROLLED',
  pushStatus: 'NOT_ENROLLED',
  smsStatus: 'NOT_ENROLLED',
  overallStatus: 'NOT_ENROLLED',
  jcGoStatus: 'NOT_ENROLLED',
};

export function buildUserRecord(input: NewUserInput, ctx: UserRecordContext): SimUser {
  const state = input.state ?? ctx.defaultState;
  const firstname = input.firstname ?? '';
  const lastname = input.lastname ?? '';
  const base: SimUser = {
    _id: ctx.id,
    id: ctx.id,
    username: input.username,
    email: input.email,
    firstname,
    middlename: '',
    lastname,
    displayname: [firstname, lastname].filter((part) => part !== '').join(' '),
    state,
    // Only an ACTIVATED user has ever been activated; suspended-at-creation users have not.
    activated: state === 'ACTIVATED',
    suspended: state === 'SUSPENDED',
    account_locked: false,
    account_locked_date: null,
    password_expired: false,
    password_date: null,
    password_expiration_date: null,
    password_never_expires: false,
    totp_enabled: false,
    mfa: { configured: false, exclusion: false },
    mfaEnrollment: { ...NOT_ENROLLED },
    enable_user_portal_multifactor: false,
    jobTitle: '',
    department: '',
    company: '',
    costCenter: '',
    employeeType: '',
    employeeIdentifier: '',
    location: '',
    addresses: [],
    phoneNumbers: [],
    attributes: [],
    alternateEmail: '',
    recoveryEmail: { address: '' },
    created: ctx.now.toISOString(),
    organization: ctx.organization,
    externally_managed: false,
    badLoginAttempts: 0,
    sudo: false,
    passwordless_sudo: false,
    ssh_keys: [],
    tags: [],
    unix_uid: ctx.unixId,
    unix_guid: ctx.unixId,
    creationSource: 'jumpcloud:api',
    restrictedFields: [],
    allow_public_key: true,
    samba_service_user: false,
    ldap_binding_user: false,
    enable_managed_uid: false,
    description: '',
    disableDeviceMaxLoginAttempts: false,
  };
  const { _id: _ignoredId, ...planted } = input;
  const user: SimUser = { ...base, ...planted };
  // Planted flags win over the state-derived defaults, but `suspended` always mirrors `state` (API-NOTES §4).
  user.suspended = user.state === 'SUSPENDED';
  if (user.state === 'ACTIVATED') user.activated = true;
  return user;
}
