// Catalog entries for JumpCloud user groups: lookup, creation and membership.
import { changeSchema, groupSchema, objectIdSchema, userSummarySchema } from './jumpcloudSchemas.js';
import { JUMPCLOUD_DEFAULTS, JUMPCLOUD_LISTING_DEFAULTS, type ActionDefinition } from './types.js';

const membershipWith = {
  type: 'object',
  properties: {
    groupId: { ...objectIdSchema, description: 'The user group id.' },
    userId: { ...objectIdSchema, description: 'The user id.' },
  },
  required: ['groupId', 'userId'],
  additionalProperties: false,
} as const;

export const groupActions = {
  'jumpcloud.group.find': {
    description:
      'Find one user group by exact name or id. Fails with JumpCloudNotFound (not retried) when absent.',
    writes: [],
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
  'jumpcloud.group.create': {
    description:
      'Create a user group. Idempotent by name: a group with that exact name is returned with changed=false ' +
      '(its description is left as it is).',
    writes: ['userGroup.create'],
    with: {
      type: 'object',
      properties: {
        name: {
          type: 'string',
          minLength: 1,
          maxLength: 255,
          description: 'Group name (unique in JumpCloud).',
        },
        description: {
          type: 'string',
          maxLength: 1024,
          description: 'What the group is for. @default empty',
        },
      },
      required: ['name'],
      additionalProperties: false,
    },
    output: {
      type: 'object',
      description: 'Whether the group was created, and the group.',
      properties: { ...changeSchema.properties, group: groupSchema },
      required: ['changed', 'note', 'group'],
      additionalProperties: false,
    },
    defaults: JUMPCLOUD_DEFAULTS,
  },
  'jumpcloud.group.addMember': {
    description: 'Add a user to a user group. Already a member: succeeds with changed=false.',
    writes: ['userGroup.member.add'],
    undoneBy: ['jumpcloud.group.removeMember'],
    with: membershipWith,
    output: changeSchema,
    defaults: JUMPCLOUD_DEFAULTS,
  },
  'jumpcloud.group.removeMember': {
    description: 'Remove a user from a user group. Not a member: succeeds with changed=false.',
    writes: ['userGroup.member.remove'],
    undoneBy: ['jumpcloud.group.addMember'],
    with: membershipWith,
    output: changeSchema,
    defaults: JUMPCLOUD_DEFAULTS,
  },
  'jumpcloud.group.members': {
    description: 'The users directly in a user group, with their account state.',
    writes: [],
    with: {
      type: 'object',
      properties: { groupId: { ...objectIdSchema, description: 'The user group id.' } },
      required: ['groupId'],
      additionalProperties: false,
    },
    output: {
      type: 'object',
      description: "The group's members.",
      properties: {
        count: { type: 'integer', description: 'Number of members.' },
        emails: { type: 'array', items: { type: 'string' }, description: "Members' emails, sorted." },
        members: { type: 'array', items: userSummarySchema, description: 'The members, sorted by email.' },
      },
      required: ['count', 'emails', 'members'],
      additionalProperties: false,
    },
    defaults: JUMPCLOUD_LISTING_DEFAULTS,
  },
} as const satisfies Record<string, ActionDefinition>;
