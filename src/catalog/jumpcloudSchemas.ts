// Shapes shared by several JumpCloud actions' `with` and `output` schemas. Output objects are closed
// (`additionalProperties: false`, every field required), so the compiler can tell a typo in
// `steps.x.output.field` from a real field; absent values are '' or null, never missing.

const objectId = {
  type: 'string',
  pattern: '^[0-9a-f]{24}$',
  description: 'A JumpCloud object id (24 hex).',
} as const;

/** ISO 8601 time, or null when JumpCloud has none. */
const timeOrNull = {
  anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }],
} as const;

export const userRefSchema = {
  type: 'object',
  description: 'A short reference to a JumpCloud user.',
  properties: {
    id: objectId,
    email: { type: 'string', description: 'Email address (lower-case).' },
    username: { type: 'string', description: 'Username.' },
    displayName: { type: 'string', description: 'Display name, or "first last", or the username.' },
  },
  required: ['id', 'email', 'username', 'displayName'],
  additionalProperties: false,
} as const;

/** A user with their account state: group member lists and app assignments. */
export const userSummarySchema = {
  type: 'object',
  description: 'A JumpCloud user with their account state.',
  properties: {
    ...userRefSchema.properties,
    state: { enum: ['STAGED', 'ACTIVATED', 'SUSPENDED'], description: 'Account state.' },
  },
  required: [...userRefSchema.required, 'state'],
  additionalProperties: false,
} as const;

/** Custom attributes as a name → value map (JumpCloud stores them as `[{name, value}]`). */
export const attributesSchema = {
  type: 'object',
  description: 'Custom attributes, name → value.',
  propertyNames: { pattern: '^[A-Za-z0-9_-]{1,32}$' },
  additionalProperties: { type: 'string' },
} as const;

export const userSchema = {
  type: 'object',
  description: 'A JumpCloud user, with the fields playbooks use.',
  properties: {
    id: objectId,
    username: { type: 'string', description: 'Username.' },
    email: { type: 'string', description: 'Email address (lower-case).' },
    firstname: { type: 'string', description: 'First name.' },
    lastname: { type: 'string', description: 'Last name.' },
    displayName: { type: 'string', description: 'Display name, or "first last", or the username.' },
    state: { enum: ['STAGED', 'ACTIVATED', 'SUSPENDED'], description: 'Account state.' },
    suspended: { type: 'boolean', description: 'True when the account is suspended.' },
    accountLocked: { type: 'boolean', description: 'Locked after failed logins.' },
    passwordExpired: { type: 'boolean', description: 'The user must choose a new password at next login.' },
    mfaConfigured: { type: 'boolean', description: 'The user has enrolled an MFA factor (TOTP).' },
    department: { type: 'string', description: 'Department.' },
    jobTitle: { type: 'string', description: 'Job title.' },
    company: { type: 'string', description: 'Company.' },
    costCenter: { type: 'string', description: 'Cost center.' },
    employeeType: { type: 'string', description: 'Employee type (e.g. Full-time, Contractor).' },
    employeeIdentifier: { type: 'string', description: 'Employee id from the HR system.' },
    location: { type: 'string', description: 'Location.' },
    attributes: attributesSchema,
    manager: { anyOf: [userRefSchema, { type: 'null' }], description: 'The manager, resolved to a user.' },
  },
  required: [
    'id',
    'username',
    'email',
    'firstname',
    'lastname',
    'displayName',
    'state',
    'suspended',
    'accountLocked',
    'passwordExpired',
    'mfaConfigured',
    'department',
    'jobTitle',
    'company',
    'costCenter',
    'employeeType',
    'employeeIdentifier',
    'location',
    'attributes',
    'manager',
  ],
  additionalProperties: false,
} as const;

export const groupSchema = {
  type: 'object',
  description: 'A JumpCloud user group.',
  properties: {
    id: objectId,
    name: { type: 'string', description: 'Group name.' },
    description: { type: 'string', description: 'Group description.' },
  },
  required: ['id', 'name', 'description'],
  additionalProperties: false,
} as const;

export const changeSchema = {
  type: 'object',
  description: 'Whether the action changed anything; idempotent actions say no when there was nothing to do.',
  properties: {
    changed: { type: 'boolean', description: 'False when there was nothing to do.' },
    note: { type: 'string', description: 'What happened, e.g. "already suspended".' },
  },
  required: ['changed', 'note'],
  additionalProperties: false,
} as const;

/** A change to one user, with the user as they are afterwards. */
export const userChangeSchema = {
  type: 'object',
  description: 'Whether the action changed the user, and the user as they are now.',
  properties: {
    ...changeSchema.properties,
    user: userSchema,
  },
  required: ['changed', 'note', 'user'],
  additionalProperties: false,
} as const;

export const deviceSchema = {
  type: 'object',
  description: 'A JumpCloud device (v1 system).',
  properties: {
    id: objectId,
    displayName: { type: 'string', description: 'Display name in the JumpCloud console.' },
    hostname: { type: 'string', description: 'Host name reported by the agent.' },
    serialNumber: { type: 'string', description: 'Hardware serial number.' },
    os: { type: 'string', description: 'Operating system, e.g. "Mac OS X", "Windows", "Ubuntu".' },
    osFamily: { type: 'string', description: 'OS family: darwin, windows, linux, ios, android.' },
    version: { type: 'string', description: 'OS version.' },
    arch: { type: 'string', description: 'CPU architecture.' },
    agentVersion: { type: 'string', description: 'JumpCloud agent version.' },
    active: { type: 'boolean', description: 'The agent is connected right now.' },
    lastContact: { ...timeOrNull, description: 'When the agent last reported, or null if never.' },
    encrypted: { type: 'boolean', description: 'Full-disk encryption (FileVault, BitLocker, LUKS) is on.' },
    encryptionKeyEscrowed: {
      type: 'boolean',
      description: 'JumpCloud holds the disk encryption recovery key.',
    },
    owner: {
      anyOf: [userRefSchema, { type: 'null' }],
      description: 'The primary user of the device, or null.',
    },
    created: { type: 'string', description: 'When the device was enrolled (ISO 8601).' },
  },
  required: [
    'id',
    'displayName',
    'hostname',
    'serialNumber',
    'os',
    'osFamily',
    'version',
    'arch',
    'agentVersion',
    'active',
    'lastContact',
    'encrypted',
    'encryptionKeyEscrowed',
    'owner',
    'created',
  ],
  additionalProperties: false,
} as const;

export const appSchema = {
  type: 'object',
  description: 'A JumpCloud SSO application.',
  properties: {
    id: objectId,
    name: { type: 'string', description: 'Connector name, e.g. "slack".' },
    displayName: { type: 'string', description: 'Connector display name.' },
    displayLabel: { type: 'string', description: 'The label users see in their portal.' },
    description: { type: 'string', description: 'Description.' },
    ssoUrl: { type: 'string', description: 'Single sign-on URL.' },
    active: { type: 'boolean', description: 'Users can sign in through it.' },
  },
  required: ['id', 'name', 'displayName', 'displayLabel', 'description', 'ssoUrl', 'active'],
  additionalProperties: false,
} as const;

export { objectId as objectIdSchema };
