// Catalog entries served from the directory snapshot store (the last complete sync), not the JumpCloud
// API: fast, free of rate limits, and as of a known time (`syncedAt`), which a playbook can show.
import { deviceSchema, objectIdSchema, userSchema } from './jumpcloudSchemas.js';
import type { ActionDefaults, ActionDefinition } from './types.js';

/** A local database read: quick, retried a little (a locked SQLite file, a PostgreSQL failover). */
export const DIRECTORY_DEFAULTS = {
  timeoutMs: 30_000,
  retry: { maxAttempts: 3, initialIntervalMs: 1_000, backoff: 2, maxIntervalMs: 10_000 },
} as const satisfies ActionDefaults;

const user = userSchema.properties;
const device = deviceSchema.properties;

const snapshotDevice = {
  type: 'object',
  description: 'A device the user can log in to, directly or through groups.',
  // The same fields as the live API's device: one description for both in editors and `idflow graph`.
  properties: {
    id: objectIdSchema,
    hostname: device.hostname,
    os: device.os,
    version: device.version,
    encrypted: device.encrypted,
    lastContact: device.lastContact,
  },
  required: ['id', 'hostname', 'os', 'version', 'encrypted', 'lastContact'],
  additionalProperties: false,
} as const;

const snapshotUser = {
  type: 'object',
  description: 'The user as of the last sync.',
  properties: {
    id: objectIdSchema,
    username: user.username,
    email: user.email,
    displayName: user.displayName,
    state: user.state,
    department: user.department,
    jobTitle: user.jobTitle,
    employeeType: user.employeeType,
    location: user.location,
    managerEmail: { type: 'string', description: "The manager's email, or '' when none." },
    mfaConfigured: user.mfaConfigured,
    accountLocked: user.accountLocked,
    groups: {
      type: 'array',
      items: { type: 'string' },
      description: 'User groups they are directly in, by name.',
    },
    devices: {
      type: 'array',
      items: snapshotDevice,
      description: 'Devices they can log in to, by hostname.',
    },
    apps: {
      type: 'array',
      items: { type: 'string' },
      description: 'SSO applications they can use, by label.',
    },
  },
  required: [
    'id',
    'username',
    'email',
    'displayName',
    'state',
    'department',
    'jobTitle',
    'employeeType',
    'location',
    'managerEmail',
    'mfaConfigured',
    'accountLocked',
    'groups',
    'devices',
    'apps',
  ],
  additionalProperties: false,
} as const;

export const directoryActions = {
  'directory.lookup': {
    description:
      'Look a user up in the latest directory snapshot (no JumpCloud call): profile, state, MFA, groups, ' +
      'devices and SSO apps as of the last sync. `found` is false for someone not in it; fails with ' +
      'IdflowNoSnapshot (not retried) before the first complete sync.',
    writes: [],
    with: {
      type: 'object',
      properties: {
        email: { type: 'string', minLength: 3, description: 'Email address (case-insensitive).' },
        username: { type: 'string', minLength: 1, description: 'Username.' },
        id: { ...objectIdSchema, description: 'User id.' },
      },
      minProperties: 1,
      maxProperties: 1,
      additionalProperties: false,
    },
    output: {
      type: 'object',
      description: 'The user as of the last sync, or found: false.',
      properties: {
        found: { type: 'boolean', description: 'The user is in the snapshot.' },
        snapshotId: { type: 'string', description: 'The snapshot read.' },
        syncedAt: { type: 'string', format: 'date-time', description: 'When that sync read the directory.' },
        user: { anyOf: [snapshotUser, { type: 'null' }], description: 'The user, or null when not found.' },
      },
      required: ['found', 'snapshotId', 'syncedAt', 'user'],
      additionalProperties: false,
    },
    defaults: DIRECTORY_DEFAULTS,
  },
} as const satisfies Record<string, ActionDefinition>;
