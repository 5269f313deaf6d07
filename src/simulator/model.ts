// The simulator's record types: the generated spec types with the fields it always fills made required, so
// handlers never have to guess whether e.g. `state` is present. Responses are these records as they are.
import type { Organization, SystemUserReturn, UserGroup } from '../jumpcloud/types.js';

export type UserState = NonNullable<SystemUserReturn['state']>;

type RequiredUserKey =
  | '_id'
  | 'username'
  | 'email'
  | 'firstname'
  | 'middlename'
  | 'lastname'
  | 'displayname'
  | 'state'
  | 'activated'
  | 'suspended'
  | 'account_locked'
  | 'account_locked_date'
  | 'password_expired'
  | 'password_date'
  | 'password_expiration_date'
  | 'password_never_expires'
  | 'totp_enabled'
  | 'mfa'
  | 'mfaEnrollment'
  | 'enable_user_portal_multifactor'
  | 'jobTitle'
  | 'department'
  | 'company'
  | 'costCenter'
  | 'employeeType'
  | 'employeeIdentifier'
  | 'location'
  | 'addresses'
  | 'phoneNumbers'
  | 'attributes'
  | 'alternateEmail'
  | 'recoveryEmail'
  | 'created'
  | 'organization'
  | 'externally_managed'
  | 'badLoginAttempts'
  | 'sudo'
  | 'passwordless_sudo'
  | 'ssh_keys'
  | 'tags'
  | 'unix_uid'
  | 'unix_guid'
  | 'creationSource'
  | 'restrictedFields'
  | 'allow_public_key'
  | 'samba_service_user'
  | 'ldap_binding_user'
  | 'enable_managed_uid'
  | 'description'
  | 'disableDeviceMaxLoginAttempts';

/**
 * A v1 system user. `id` is not in the spec's schema but the live API sends it next to `_id` with the same
 * value (API-NOTES §1, marked [infer]); clients written against either name keep working.
 */
export type SimUser = SystemUserReturn & Required<Pick<SystemUserReturn, RequiredUserKey>> & { id: string };

type RequiredGroupKey =
  | 'id'
  | 'name'
  | 'type'
  | 'description'
  | 'email'
  | 'attributes'
  | 'membershipMethod'
  | 'memberQuery'
  | 'memberQueryExemptions'
  | 'memberSuggestionsNotify'
  | 'memberQueryErrorFlags'
  | 'suggestionCounts'
  | 'organizationObjectId';

/** A v2 user group. */
export type SimGroup = UserGroup & Required<Pick<UserGroup, RequiredGroupKey>>;

export type SimOrganization = Organization &
  Required<Pick<Organization, '_id' | 'displayName' | 'created' | 'logoUrl' | 'settings'>>;

/**
 * What tests (and the POST handler) hand to `Directory.addUser`: username and email, plus any returnable
 * field to plant (e.g. `account_locked: true`). Everything left out gets the value a new JumpCloud user has.
 */
export type NewUserInput = Partial<Omit<SimUser, 'id' | 'username' | 'email'>> & {
  username: string;
  email: string;
};

export type NewGroupInput = Partial<Omit<SimGroup, 'id' | 'type' | 'name'>> & { name: string };
