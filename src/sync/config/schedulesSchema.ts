// The schedules file's JSON Schema: schemas/schedules.schema.json is this object (`npm run gen:schemas`
// writes it; a test fails when they differ), and schedules.ts reads files typed from it.
import { SYNC_RESOURCES } from '../types.js';

export const schedulesSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://idflow.dev/schemas/schedules.schema.json',
  title: 'Directory sync schedules',
  description:
    "Temporal Schedules that run idflow's directory sync: what to read, which compliance rules to check, how often. `idflow schedule apply` creates or updates them.",
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'schedules'],
  properties: {
    apiVersion: { const: 'idflow/v1' },
    kind: { const: 'Schedules' },
    schedules: { type: 'array', minItems: 1, items: { $ref: '#/$defs/schedule' } },
  },
  $defs: {
    schedule: {
      type: 'object',
      additionalProperties: false,
      required: ['id'],
      oneOf: [{ required: ['every'] }, { required: ['cron'] }],
      properties: {
        id: {
          type: 'string',
          pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
          description: 'The Temporal Schedule id (apply creates or updates it).',
        },
        description: { type: 'string' },
        every: {
          type: 'string',
          pattern: '^\\d+(ms|s|m|h|d)$',
          description: 'Run at this interval, e.g. 4h.',
        },
        offset: {
          type: 'string',
          pattern: '^\\d+(ms|s|m|h|d)$',
          description: 'Phase of the interval, e.g. 15m past.',
        },
        cron: {
          type: 'string',
          minLength: 9,
          description: 'Or a cron expression (minute hour day month weekday).',
        },
        timezone: { type: 'string', description: 'Time zone of the cron expression. Default: UTC.' },
        paused: { type: 'boolean', description: 'Create or keep the schedule paused.' },
        rules: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: "Rules files or folders, relative to this file. Default: idflow's built-in rules.",
        },
        scope: {
          type: 'object',
          additionalProperties: false,
          properties: {
            resources: {
              type: 'array',
              items: { enum: SYNC_RESOURCES },
              uniqueItems: true,
              minItems: 1,
              description: 'What to read. Default: everything.',
            },
            userGroups: {
              type: 'array',
              items: { type: 'string', minLength: 1 },
              description: 'Only these user groups (and their members).',
            },
            systemGroups: {
              type: 'array',
              items: { type: 'string', minLength: 1 },
              description: 'Only these device groups.',
            },
          },
        },
        insights: {
          type: 'object',
          additionalProperties: false,
          properties: {
            enabled: {
              type: 'boolean',
              description: 'Read Directory Insights to say who made each change. Default: true.',
            },
            lookbackDays: {
              type: 'integer',
              minimum: 1,
              maximum: 90,
              description: 'How far back the first sync looks. Default: 7.',
            },
          },
        },
        retainSnapshots: {
          type: 'integer',
          minimum: 2,
          maximum: 1000,
          description: 'Complete snapshots kept. Default: 10.',
        },
      },
    },
  },
} as const;
