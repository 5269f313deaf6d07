// The action catalog: one list that the compiler type-checks `with` against and the worker registers
// activities from. Types come from the schemas (json-schema-to-ts), so there is one source of truth.
import type { FromSchema } from 'json-schema-to-ts';
import { changeSchema, groupSchema, objectIdSchema, userSchema } from './jumpcloudSchemas.js';
import { JUMPCLOUD_DEFAULTS, type ActionDefinition } from './types.js';

const membershipWith = {
  type: 'object',
  properties: {
    groupId: { ...objectIdSchema, description: 'The user group id.' },
    userId: { ...objectIdSchema, description: 'The user id.' },
  },
  required: ['groupId', 'userId'],
  additionalProperties: false,
} as const;

export const actionCatalog = {
  'jumpcloud.user.find': {
    description:
      'Find one user by email, username or id. Fails with JumpCloudNotFound (not retried) when absent.',
    mutates: false,
    with: {
      type: 'object',
      properties: {
        email: { type: 'string', description: 'Exact email address.' },
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
  'jumpcloud.group.find': {
    description:
      'Find one user group by exact name or id. Fails with JumpCloudNotFound (not retried) when absent.',
    mutates: false,
    with: {
      type: 'object',
      properties: {
        name: { type: 'string', description: 'Exact group name.' },
        id: { ...objectIdSchema, description: 'Group id.' },
      },
      minProperties: 1,
      maxProperties: 1,
      additionalProperties: false,
    },
    output: groupSchema,
    defaults: JUMPCLOUD_DEFAULTS,
  },
  'jumpcloud.group.addMember': {
    description: 'Add a user to a user group. Already a member: succeeds with changed=false.',
    mutates: true,
    with: membershipWith,
    output: changeSchema,
    defaults: JUMPCLOUD_DEFAULTS,
  },
  'jumpcloud.group.removeMember': {
    description: 'Remove a user from a user group. Not a member: succeeds with changed=false.',
    mutates: true,
    with: membershipWith,
    output: changeSchema,
    defaults: JUMPCLOUD_DEFAULTS,
  },
} as const satisfies Record<string, ActionDefinition>;

export type ActionCatalog = typeof actionCatalog;
export type ActionName = keyof ActionCatalog;
export type ActionInput<N extends ActionName> = FromSchema<ActionCatalog[N]['with']>;
export type ActionOutput<N extends ActionName> = FromSchema<ActionCatalog[N]['output']>;

/** The activities implementing the catalog, exactly one per action, typed by its schemas. */
export type ActionImplementations = {
  [N in ActionName]: (input: ActionInput<N>) => Promise<ActionOutput<N>>;
};

export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(actionCatalog, name);
}

export const actionNames = Object.keys(actionCatalog) as ActionName[];
