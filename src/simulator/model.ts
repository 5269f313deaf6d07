// The simulator's record types: the generated spec types with the fields it always fills made required, so
// handlers never have to guess whether e.g. `state` is present. Responses are these records as they are.
import type {
  Application,
  Organization,
  System,
  SystemGroup,
  SystemUserReturn,
  UserGroup,
} from '../jumpcloud/types.js';

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

type RequiredSystemKey =
  | '_id'
  | 'active'
  | 'agentVersion'
  | 'allowMultiFactorAuthentication'
  | 'allowPublicKeyAuthentication'
  | 'allowSshPasswordAuthentication'
  | 'allowSshRootLogin'
  | 'arch'
  | 'archFamily'
  | 'attributes'
  | 'created'
  | 'description'
  | 'desktopCapable'
  | 'displayName'
  | 'fde'
  | 'fileSystem'
  | 'hasServiceAccount'
  | 'hostname'
  | 'hwVendor'
  | 'isPolicyBound'
  | 'lastContact'
  | 'modifySSHDConfig'
  | 'networkInterfaces'
  | 'organization'
  | 'os'
  | 'osFamily'
  | 'osVersionDetail'
  | 'policyStats'
  | 'primarySystemUser'
  | 'remoteIP'
  | 'serialNumber'
  | 'sshRootEnabled'
  | 'sshdParams'
  | 'systemInsights'
  | 'systemTimezone'
  | 'tags'
  | 'templateName'
  | 'version'
  | 'mdm'
  | 'domainInfo'
  | 'userMetrics';

/** A v1 system (a device with the JumpCloud agent, or an MDM-only phone). */
export type SimSystem = System &
  Required<Pick<System, RequiredSystemKey>> & { fde: { active: boolean; keyPresent: boolean } };

/** A v2 system group: the user group's shape, `type: system_group`, no suggestion counts. */
export type SimSystemGroup = SystemGroup &
  Required<
    Pick<
      SystemGroup,
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
      | 'organizationObjectId'
    >
  >;

/** A v1 SSO application. */
export type SimApplication = Application &
  Required<
    Pick<
      Application,
      | '_id'
      | 'active'
      | 'beta'
      | 'color'
      | 'config'
      | 'created'
      | 'databaseAttributes'
      | 'description'
      | 'displayLabel'
      | 'displayName'
      | 'learnMore'
      | 'logo'
      | 'name'
      | 'organization'
      | 'sso'
      | 'ssoUrl'
    >
  >;

/** What tests and the seeder hand to `Inventory.addSystem`; everything else gets a new agent's defaults. */
export type NewSystemInput = Partial<Omit<SimSystem, '_id' | 'hostname' | 'osFamily'>> & {
  hostname: string;
  osFamily: 'darwin' | 'windows' | 'linux' | 'ios' | 'android';
};

export type NewSystemGroupInput = Partial<Omit<SimSystemGroup, 'id' | 'type' | 'name'>> & { name: string };

export type NewApplicationInput = Partial<Omit<SimApplication, '_id' | 'name'>> & { name: string };
