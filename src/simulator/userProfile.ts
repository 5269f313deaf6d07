// Applying the profile part of a POST/PUT body to a user record. Checks that can fail run first
// (checkProfile), so a refused request leaves the record untouched.
import type { SystemUserPut, SystemUserPutPost } from '../jumpcloud/types.js';
import type { Directory } from './directory.js';
import { badRequest } from './errors.js';
import type { SimUser } from './model.js';
import { isObjectId } from './objectId.js';

/** What POST and PUT bodies share (state and the lifecycle flags are handled in userState.ts). */
export type ProfileBody = Omit<SystemUserPut, 'state'> &
  Pick<SystemUserPutPost, 'passwordless_sudo' | 'recoveryEmail'>;

const STRING_FIELDS = [
  'firstname',
  'middlename',
  'lastname',
  'displayname',
  'jobTitle',
  'department',
  'company',
  'costCenter',
  'employeeType',
  'employeeIdentifier',
  'location',
  'alternateEmail',
  'description',
  'public_key',
  'external_dn',
  'external_password_expiration_date',
  'external_source_type',
  'managedAppleId',
] as const satisfies readonly (keyof ProfileBody & keyof SimUser)[];

const BOOLEAN_FIELDS = [
  'allow_public_key',
  'disableDeviceMaxLoginAttempts',
  'enable_managed_uid',
  'enable_user_portal_multifactor',
  'externally_managed',
  'ldap_binding_user',
  'password_never_expires',
  'passwordless_sudo',
  'samba_service_user',
  'sudo',
] as const satisfies readonly (keyof ProfileBody & keyof SimUser)[];

/** The service answers a duplicate with 400 "User already exists" (documented), not 409. */
export function checkProfile(directory: Directory, body: ProfileBody, exceptId?: string): void {
  const clash = directory.userClash(body.username, body.email, exceptId);
  if (clash) throw badRequest(`User already exists: ${clash}`, { reason: 'alreadyExists' });
  if (body.username === '') throw badRequest('Invalid request body: username must not be empty');
  if (body.email === '') throw badRequest('Invalid request body: email must not be empty');
  const manager = body.manager;
  if (manager !== undefined && manager !== '') {
    if (!isObjectId(manager)) throw badRequest(`Invalid manager "${manager}": not an ObjectID`);
    if (manager === exceptId) throw badRequest('Invalid manager: a user cannot manage themselves');
    if (!directory.getUser(manager)) throw badRequest(`Invalid manager "${manager}": no such user`);
  }
}

/** Copies the profile fields present in `body` onto the user; returns the names of the fields given. */
export function applyProfile(directory: Directory, user: SimUser, body: ProfileBody): string[] {
  const touched: string[] = [];
  const assign = <K extends keyof SimUser>(key: K, value: SimUser[K] | undefined): void => {
    if (value === undefined) return;
    user[key] = value;
    touched.push(key);
  };

  assign('username', body.username);
  assign('email', body.email);
  for (const key of STRING_FIELDS) assign(key, body[key]);
  for (const key of BOOLEAN_FIELDS) assign(key, body[key]);
  assign('unix_uid', body.unix_uid);
  assign('unix_guid', body.unix_guid);
  assign('tags', body.tags && [...body.tags]);
  assign(
    'attributes',
    body.attributes?.map((attribute) => ({ ...attribute })),
  );
  assign(
    'relationships',
    body.relationships?.map((relationship) => ({ ...relationship })),
  );
  assign(
    'restrictedFields',
    body.restrictedFields?.map((field) => ({ ...field })),
  );
  assign('delegatedAuthority', body.delegatedAuthority);
  assign('recoveryEmail', body.recoveryEmail && { ...body.recoveryEmail });
  assign('mfa', body.mfa && { ...user.mfa, ...body.mfa });
  // Stored sub-records carry ids of their own in responses (the return schema declares them).
  assign(
    'addresses',
    body.addresses?.map((address) => ({ ...address, id: directory.newId() })),
  );
  assign(
    'phoneNumbers',
    body.phoneNumbers?.map((phone) => ({ ...phone, id: directory.newId() })),
  );
  const created = directory.now().toISOString();
  assign(
    'ssh_keys',
    body.ssh_keys?.map((key) => ({ ...key, _id: directory.newId(), create_date: created })),
  );
  if (body.manager !== undefined) {
    // An empty manager clears the reporting line.
    if (body.manager === '') delete user.manager;
    else user.manager = body.manager;
    touched.push('manager');
  }
  return touched;
}
