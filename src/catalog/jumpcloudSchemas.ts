// Shapes shared by several JumpCloud actions' outputs.

const objectId = {
  type: 'string',
  pattern: '^[0-9a-f]{24}$',
  description: 'A JumpCloud object id (24 hex).',
} as const;

export const userRefSchema = {
  type: 'object',
  description: 'A short reference to a JumpCloud user.',
  properties: {
    id: objectId,
    email: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
  },
  required: ['id', 'email', 'username', 'displayName'],
  additionalProperties: false,
} as const;

export const userSchema = {
  type: 'object',
  description: 'A JumpCloud user, with the fields playbooks use.',
  properties: {
    id: objectId,
    username: { type: 'string' },
    email: { type: 'string' },
    firstname: { type: 'string' },
    lastname: { type: 'string' },
    displayName: { type: 'string' },
    state: { enum: ['STAGED', 'ACTIVATED', 'SUSPENDED'] },
    suspended: { type: 'boolean' },
    accountLocked: { type: 'boolean' },
    passwordExpired: { type: 'boolean' },
    mfaConfigured: { type: 'boolean' },
    department: { type: 'string' },
    jobTitle: { type: 'string' },
    employeeType: { type: 'string' },
    location: { type: 'string' },
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
    'employeeType',
    'location',
    'manager',
  ],
  additionalProperties: false,
} as const;

export const groupSchema = {
  type: 'object',
  description: 'A JumpCloud user group.',
  properties: {
    id: objectId,
    name: { type: 'string' },
    description: { type: 'string' },
  },
  required: ['id', 'name', 'description'],
  additionalProperties: false,
} as const;

export const changeSchema = {
  type: 'object',
  description: 'Whether the action changed anything; idempotent actions say no when there was nothing to do.',
  properties: {
    changed: { type: 'boolean' },
    note: { type: 'string' },
  },
  required: ['changed', 'note'],
  additionalProperties: false,
} as const;

export { objectId as objectIdSchema };
