// Catalog entries for JumpCloud SSO applications and who may use them.
import { appSchema, groupSchema, objectIdSchema, userSummarySchema } from './jumpcloudSchemas.js';
import { JUMPCLOUD_LISTING_DEFAULTS, type ActionDefinition } from './types.js';

const assignedUserSchema = {
  type: 'object',
  description: 'A user who can use the application, and how.',
  properties: {
    ...userSummarySchema.properties,
    direct: { type: 'boolean', description: 'Assigned to the application directly.' },
    viaGroups: {
      type: 'array',
      items: objectIdSchema,
      description: 'Ids of the user groups that grant access.',
    },
  },
  required: [...userSummarySchema.required, 'direct', 'viaGroups'],
  additionalProperties: false,
} as const;

export const appActions = {
  'jumpcloud.app.list': {
    description: 'List SSO applications, optionally only those whose label or name contains some text.',
    writes: [],
    with: {
      type: 'object',
      properties: {
        search: {
          type: 'string',
          minLength: 1,
          description: 'Only applications whose display label or name contains this (case-insensitive).',
        },
        active: { type: 'boolean', description: 'Only active (true) or inactive (false) applications.' },
      },
      additionalProperties: false,
    },
    output: {
      type: 'object',
      description: 'The applications.',
      properties: {
        count: { type: 'integer', description: 'Number of applications.' },
        apps: { type: 'array', items: appSchema, description: 'The applications, sorted by display label.' },
      },
      required: ['count', 'apps'],
      additionalProperties: false,
    },
    defaults: JUMPCLOUD_LISTING_DEFAULTS,
  },
  'jumpcloud.app.assignments': {
    description:
      'Who can use an SSO application: the user groups bound to it and every user, directly or through ' +
      'those groups. Fails with JumpCloudNotFound (not retried) for an unknown application.',
    writes: [],
    with: {
      type: 'object',
      properties: {
        appId: { ...objectIdSchema, description: 'The application id (from jumpcloud.app.list).' },
      },
      required: ['appId'],
      additionalProperties: false,
    },
    output: {
      type: 'object',
      description: "The application's assignments.",
      properties: {
        app: appSchema,
        userCount: { type: 'integer', description: 'Users who can use the application.' },
        users: { type: 'array', items: assignedUserSchema, description: 'The users, sorted by email.' },
        groups: {
          type: 'array',
          items: groupSchema,
          description: 'User groups bound to it, sorted by name.',
        },
      },
      required: ['app', 'userCount', 'users', 'groups'],
      additionalProperties: false,
    },
    defaults: JUMPCLOUD_LISTING_DEFAULTS,
  },
} as const satisfies Record<string, ActionDefinition>;
