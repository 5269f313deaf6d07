// Catalog entries for JumpCloud devices (v1 "systems").
import { deviceSchema, objectIdSchema } from './jumpcloudSchemas.js';
import { JUMPCLOUD_DEFAULTS, JUMPCLOUD_LISTING_DEFAULTS, type ActionDefinition } from './types.js';

/** Most devices `jumpcloud.device.list` returns unless told otherwise. */
export const DEVICE_LIST_DEFAULT_LIMIT = 200;
/** Hard cap: step outputs live in workflow history, which is no place for a whole fleet. */
export const DEVICE_LIST_MAX_LIMIT = 1000;

export const deviceActions = {
  'jumpcloud.device.find': {
    description:
      'Find one device by id, hostname or serial number. Fails with JumpCloudNotFound (not retried) when ' +
      'absent, and with IdflowAmbiguous (not retried) when a hostname matches several devices.',
    writes: [],
    with: {
      type: 'object',
      properties: {
        id: { ...objectIdSchema, description: 'Device (system) id.' },
        hostname: { type: 'string', minLength: 1, description: 'Exact hostname.' },
        serialNumber: { type: 'string', minLength: 1, description: 'Exact hardware serial number.' },
      },
      minProperties: 1,
      maxProperties: 1,
      additionalProperties: false,
    },
    output: deviceSchema,
    defaults: JUMPCLOUD_DEFAULTS,
  },
  'jumpcloud.device.list': {
    description:
      'List devices, optionally only those of one OS family, one owner, not seen for a while, or with or ' +
      'without disk encryption (filters combine with AND). Sorted by hostname; at most `limit` are returned ' +
      'and `truncated` says whether more matched.',
    writes: [],
    with: {
      type: 'object',
      properties: {
        osFamily: {
          enum: ['darwin', 'windows', 'linux', 'ios', 'android'],
          description: 'Only this OS family (macOS is darwin).',
        },
        ownerUserId: { ...objectIdSchema, description: 'Only devices whose primary user is this user.' },
        notSeenSince: {
          type: 'string',
          format: 'date-time',
          description: 'Only devices whose last contact is before this time (or that never reported).',
        },
        notSeenForDays: {
          type: 'integer',
          minimum: 1,
          description:
            'Only devices that have not reported for this many days (or ever). Use this or notSeenSince.',
        },
        encrypted: {
          type: 'boolean',
          description: 'Only devices with (true) or without (false) disk encryption.',
        },
        limit: {
          type: 'integer',
          minimum: 1,
          maximum: DEVICE_LIST_MAX_LIMIT,
          default: DEVICE_LIST_DEFAULT_LIMIT,
          description: 'Most devices to return.',
        },
      },
      additionalProperties: false,
    },
    output: {
      type: 'object',
      description: 'The matching devices.',
      properties: {
        count: { type: 'integer', description: 'Devices matched (all of them, even past `limit`).' },
        truncated: { type: 'boolean', description: 'More devices matched than `limit`.' },
        devices: { type: 'array', items: deviceSchema, description: 'The devices, sorted by hostname.' },
      },
      required: ['count', 'truncated', 'devices'],
      additionalProperties: false,
    },
    defaults: JUMPCLOUD_LISTING_DEFAULTS,
  },
} as const satisfies Record<string, ActionDefinition>;
