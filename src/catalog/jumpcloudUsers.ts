// Catalog entries for JumpCloud users: lookups, lifecycle (create, activate, suspend), credentials (MFA,
// password, lock) and the offboarding sweeps (every group, every device binding).
import {
  attributesSchema,
  changeSchema,
  deviceSchema,
  groupSchema,
  objectIdSchema,
  userChangeSchema,
  userSchema,
} from './jumpcloudSchemas.js';
import { JUMPCLOUD_DEFAULTS, JUMPCLOUD_LISTING_DEFAULTS, type ActionDefinition } from './types.js';

const userId = { ...objectIdSchema, description: 'The user id (e.g. `steps.user.output.id`).' } as const;

/** The profile fields create and update share. Empty strings clear a field on update. */
const profileProperties = {
  firstname: { type: 'string', maxLength: 1024, description: 'First name.' },
  lastname: { type: 'string', maxLength: 1024, description: 'Last name.' },
  jobTitle: { type: 'string', maxLength: 1024, description: 'Job title.' },
  department: { type: 'string', maxLength: 1024, description: 'Department.' },
  company: { type: 'string', maxLength: 1024, description: 'Company.' },
  costCenter: { type: 'string', maxLength: 1024, description: 'Cost center.' },
  employeeType: {
    type: 'string',
    maxLength: 1024,
    description: 'Employee type, e.g. Full-time or Contractor.',
  },
  employeeIdentifier: {
    type: 'string',
    maxLength: 256,
    description: 'Employee id from the HR system (unique in JumpCloud when set).',
  },
  location: { type: 'string', maxLength: 1024, description: 'Location, e.g. an office.' },
  manager: {
    type: 'string',
    description:
      "The manager: an email address or a user id (24 hex). Must be an existing user; on update '' removes the manager.",
  },
} as const;

const userOnly = {
  type: 'object',
  properties: { userId },
  required: ['userId'],
  additionalProperties: false,
} as const;

const groupRefSchema = {
  type: 'object',
  description: 'A user group the user was (or still is) in.',
  properties: {
    id: groupSchema.properties.id,
    name: groupSchema.properties.name,
  },
  required: ['id', 'name'],
  additionalProperties: false,
} as const;

const boundDeviceSchema = {
  type: 'object',
  description: 'A device the user can log in to, and how they are bound to it.',
  properties: {
    ...deviceSchema.properties,
    direct: { type: 'boolean', description: 'Bound to the user directly (not only through groups).' },
    viaGroups: {
      type: 'array',
      items: objectIdSchema,
      description: 'Ids of the user groups and device groups the binding goes through.',
    },
  },
  required: [...deviceSchema.required, 'direct', 'viaGroups'],
  additionalProperties: false,
} as const;

const unboundDeviceSchema = {
  type: 'object',
  description: 'A device whose direct binding to the user was removed.',
  properties: {
    id: deviceSchema.properties.id,
    hostname: deviceSchema.properties.hostname,
    displayName: deviceSchema.properties.displayName,
  },
  required: ['id', 'hostname', 'displayName'],
  additionalProperties: false,
} as const;

export const userActions = {
  'jumpcloud.user.find': {
    description:
      'Find one user by email, username or id. Fails with JumpCloudNotFound (not retried) when absent.',
    writes: [],
    with: {
      type: 'object',
      properties: {
        email: { type: 'string', description: 'Exact email address (case-insensitive).' },
        username: { type: 'string', description: 'Exact username.' },
        id: { ...objectIdSchema, description: 'User id.' },
      },
      minProperties: 1,
      maxProperties: 1,
      additionalProperties: false,
    },
    output: userSchema,
    defaults: JUMPCLOUD_DEFAULTS,
  },
  'jumpcloud.user.create': {
    description:
      'Create a user (STAGED by default, so nobody can log in before activation). Idempotent by email: when a ' +
      'user with that email exists it is returned unchanged with changed=false, never duplicated. A username ' +
      'taken by someone else fails with JumpCloudConflict (not retried).',
    writes: ['user.create'],
    undoneBy: ['jumpcloud.user.suspend'],
    with: {
      type: 'object',
      properties: {
        email: {
          type: 'string',
          format: 'email',
          maxLength: 1024,
          description: 'Email address; the identity key.',
        },
        username: {
          type: 'string',
          pattern: '^[A-Za-z0-9._-]{1,64}$',
          description: "Username. @default the email's part before the @ (lower-case).",
        },
        state: {
          enum: ['STAGED', 'ACTIVATED'],
          default: 'STAGED',
          description: 'STAGED: exists but cannot log in until activated. ACTIVATED: can log in now.',
        },
        ...profileProperties,
        attributes: { ...attributesSchema, description: 'Custom attributes, name → value.' },
      },
      required: ['email', 'firstname', 'lastname'],
      additionalProperties: false,
    },
    output: userChangeSchema,
    defaults: JUMPCLOUD_DEFAULTS,
  },
  'jumpcloud.user.update': {
    description:
      'Update profile fields of a user; fields left out stay as they are. changed=false when every given ' +
      'field already had that value. Output `changedFields` names what changed.',
    writes: ['user.update'],
    undoneBy: ['jumpcloud.user.update'],
    with: {
      type: 'object',
      properties: {
        userId,
        displayName: { type: 'string', maxLength: 1024, description: 'Display name.' },
        ...profileProperties,
      },
      required: ['userId'],
      minProperties: 2,
      additionalProperties: false,
    },
    output: {
      type: 'object',
      description: 'Whether the update changed the user, what changed, and the user as they are now.',
      properties: {
        ...userChangeSchema.properties,
        changedFields: {
          type: 'array',
          items: { type: 'string' },
          description: 'Names of the fields that changed (as given in `with`).',
        },
      },
      required: [...userChangeSchema.required, 'changedFields'],
      additionalProperties: false,
    },
    defaults: JUMPCLOUD_DEFAULTS,
  },
  'jumpcloud.user.suspend': {
    description:
      'Suspend a user: they can no longer log in anywhere JumpCloud controls. Already suspended: changed=false.',
    writes: ['user.suspend'],
    undoneBy: ['jumpcloud.user.activate'],
    with: userOnly,
    output: userChangeSchema,
    defaults: JUMPCLOUD_DEFAULTS,
  },
  'jumpcloud.user.activate': {
    description:
      'Make a user ACTIVATED: a STAGED user is activated (JumpCloud sends its activation email unless ' +
      'sendEmail is false), a SUSPENDED user is unsuspended. Already active: changed=false.',
    writes: ['user.activate'],
    undoneBy: ['jumpcloud.user.suspend'],
    with: {
      type: 'object',
      properties: {
        userId,
        sendEmail: {
          type: 'boolean',
          default: true,
          description: "STAGED users only: send JumpCloud's welcome/activation email.",
        },
      },
      required: ['userId'],
      additionalProperties: false,
    },
    output: userChangeSchema,
    defaults: JUMPCLOUD_DEFAULTS,
  },
  'jumpcloud.user.resetMfa': {
    description:
      'Reset MFA: clears the TOTP enrollment so the user enrolls again, optionally with a grace period ' +
      '(exclusionDays) in which they can log in without MFA. No MFA enrolled: changed=false.',
    writes: ['user.resetMfa'],
    with: {
      type: 'object',
      properties: {
        userId,
        exclusionDays: {
          type: 'integer',
          minimum: 1,
          maximum: 365,
          description: 'Days the user may log in without MFA while re-enrolling. @default none',
        },
      },
      required: ['userId'],
      additionalProperties: false,
    },
    output: userChangeSchema,
    defaults: JUMPCLOUD_DEFAULTS,
  },
  'jumpcloud.user.expirePassword': {
    description:
      "Expire the user's password. JumpCloud publishes no admin call that sends a password-reset email; " +
      'expiring the password is the supported way: at their next login JumpCloud makes the user choose a new ' +
      'password, and its password-expiry notifications start the reset flow. Already expired: changed=false.',
    writes: ['user.expirePassword'],
    with: userOnly,
    output: userChangeSchema,
    defaults: JUMPCLOUD_DEFAULTS,
  },
  'jumpcloud.user.unlock': {
    description: 'Unlock a user locked out after failed logins. Not locked: changed=false.',
    writes: ['user.unlock'],
    with: userOnly,
    output: userChangeSchema,
    defaults: JUMPCLOUD_DEFAULTS,
  },
  'jumpcloud.user.setAttributes': {
    description:
      'Set custom attributes on a user (other attributes stay). A null value removes that attribute. ' +
      'changed=false when every value was already so.',
    writes: ['user.update'],
    undoneBy: ['jumpcloud.user.setAttributes'],
    with: {
      type: 'object',
      properties: {
        userId,
        attributes: {
          type: 'object',
          description: 'Attributes to set, name → value; null removes the attribute.',
          propertyNames: attributesSchema.propertyNames,
          minProperties: 1,
          additionalProperties: { anyOf: [{ type: 'string', maxLength: 1024 }, { type: 'null' }] },
        },
      },
      required: ['userId', 'attributes'],
      additionalProperties: false,
    },
    output: userChangeSchema,
    defaults: JUMPCLOUD_DEFAULTS,
  },
  'jumpcloud.user.groups': {
    description: 'The user groups a user is a member of, by name.',
    writes: [],
    with: userOnly,
    output: {
      type: 'object',
      description: "The user's groups.",
      properties: {
        count: { type: 'integer', description: 'Number of groups.' },
        names: { type: 'array', items: { type: 'string' }, description: 'Group names, sorted.' },
        groups: { type: 'array', items: groupSchema, description: 'The groups, sorted by name.' },
      },
      required: ['count', 'names', 'groups'],
      additionalProperties: false,
    },
    defaults: JUMPCLOUD_LISTING_DEFAULTS,
  },
  'jumpcloud.user.devices': {
    description:
      'The devices a user is bound to (can log in to), directly or through user and device groups, with OS, ' +
      'disk encryption and last contact.',
    writes: [],
    with: userOnly,
    output: {
      type: 'object',
      description: "The user's devices.",
      properties: {
        count: { type: 'integer', description: 'Number of devices.' },
        directCount: { type: 'integer', description: 'Devices bound to the user directly.' },
        devices: { type: 'array', items: boundDeviceSchema, description: 'The devices, sorted by hostname.' },
      },
      required: ['count', 'directCount', 'devices'],
      additionalProperties: false,
    },
    defaults: JUMPCLOUD_LISTING_DEFAULTS,
  },
  'jumpcloud.user.removeFromAllGroups': {
    description:
      'Remove a user from every user group they are directly in, except those named in `except`. ' +
      'Idempotent: a repeat finds nothing to remove and says changed=false.',
    writes: ['userGroup.member.remove'],
    with: {
      type: 'object',
      properties: {
        userId,
        except: {
          type: 'array',
          items: { type: 'string' },
          uniqueItems: true,
          description: 'Names of groups to keep the user in (exact names).',
        },
      },
      required: ['userId'],
      additionalProperties: false,
    },
    output: {
      type: 'object',
      description: 'What was removed and what was kept.',
      properties: {
        ...changeSchema.properties,
        removed: { type: 'array', items: groupRefSchema, description: 'Groups the user was removed from.' },
        kept: { type: 'array', items: groupRefSchema, description: 'Groups kept because of `except`.' },
      },
      required: ['changed', 'note', 'removed', 'kept'],
      additionalProperties: false,
    },
    defaults: JUMPCLOUD_LISTING_DEFAULTS,
  },
  'jumpcloud.user.unbindAllDevices': {
    description:
      "Remove every direct binding between a user and a device (the user's account on it is removed by the " +
      'agent). Bindings through groups are not touched: remove the user from those groups first (see ' +
      '`stillBoundViaGroups`). Idempotent: a repeat finds nothing and says changed=false.',
    writes: ['user.device.remove'],
    with: userOnly,
    output: {
      type: 'object',
      description: 'What was unbound and what is still bound through groups.',
      properties: {
        ...changeSchema.properties,
        unbound: { type: 'array', items: unboundDeviceSchema, description: 'Devices unbound.' },
        stillBoundViaGroups: {
          type: 'array',
          items: unboundDeviceSchema,
          description: 'Devices the user can still use through group bindings.',
        },
      },
      required: ['changed', 'note', 'unbound', 'stillBoundViaGroups'],
      additionalProperties: false,
    },
    defaults: JUMPCLOUD_LISTING_DEFAULTS,
  },
} as const satisfies Record<string, ActionDefinition>;
