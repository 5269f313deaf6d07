// What each supported sender signs and sends. A source in the config names a preset and may override any
// part of its signature scheme (docs/server.md has each format with a worked example).
import type { SignatureScheme } from './signature.js';

export type PresetName = 'generic' | 'bamboohr' | 'hibob';

export interface Preset {
  name: PresetName;
  scheme: SignatureScheme;
  /** JSON Schema every event body must match before it is mapped. */
  bodySchema: Record<string, unknown>;
  /**
   * A body the sender posts to test the URL when the webhook is set up (it may be unsigned). Answered 200,
   * starting nothing.
   */
  isPing?: (body: Buffer) => boolean;
}

/**
 * idflow's own shape, for senders we write (or an integration platform in between): Stripe/Slack style.
 * `X-Idflow-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, `X-Idflow-Timestamp: <unix s>`.
 */
const generic: Preset = {
  name: 'generic',
  scheme: {
    header: 'x-idflow-signature',
    timestampHeader: 'x-idflow-timestamp',
    algorithm: 'sha256',
    encoding: 'hex',
    prefix: 'sha256=',
    payload: '{timestamp}.{body}',
  },
  bodySchema: {
    type: 'object',
    required: ['id', 'type'],
    properties: {
      id: { type: 'string', minLength: 1, maxLength: 200 },
      type: { type: 'string', minLength: 1, maxLength: 200 },
      occurredAt: { type: 'string' },
      data: { type: 'object' },
    },
  },
};

/**
 * BambooHR (global and permissioned webhooks with a private key): `X-BambooHR-Signature: <hex HMAC-SHA256
 * of the raw body followed by the timestamp>`, `X-BambooHR-Timestamp: <the timestamp>`. Bodies are either
 * the classic batch (`{employees: [{id, changedFields, fields…}]}`) or an event (`{type, data, …}`).
 */
const bamboohr: Preset = {
  name: 'bamboohr',
  scheme: {
    header: 'x-bamboohr-signature',
    timestampHeader: 'x-bamboohr-timestamp',
    algorithm: 'sha256',
    encoding: 'hex',
    prefix: '',
    payload: '{body}{timestamp}',
  },
  bodySchema: {
    type: 'object',
    anyOf: [
      {
        required: ['employees'],
        properties: {
          employees: {
            type: 'array',
            maxItems: 1000,
            items: { type: 'object', required: ['id'], properties: { id: { type: ['string', 'integer'] } } },
          },
        },
      },
      { required: ['type', 'data'], properties: { type: { type: 'string' }, data: { type: 'object' } } },
    ],
  },
};

/**
 * HiBob: `Bob-Signature: <base64 HMAC-SHA512 of the raw body>`, no timestamp header: the freshness check
 * reads `triggeredAt` from the (signed) body. When a webhook is set up Bob posts "Ping test" (or
 * `{"text":"Ping test"}`), which is acknowledged.
 */
const hibob: Preset = {
  name: 'hibob',
  scheme: {
    header: 'bob-signature',
    timestampField: 'triggeredAt',
    algorithm: 'sha512',
    encoding: 'base64',
    prefix: '',
    payload: '{body}',
  },
  bodySchema: {
    type: 'object',
    required: ['type', 'data'],
    properties: {
      type: { type: 'string', minLength: 1 },
      companyId: { type: ['string', 'integer'] },
      triggeredAt: { type: 'string' },
      data: { type: 'object' },
    },
  },
  isPing: (body) => {
    const text = body.toString('utf8').trim();
    return (
      text === 'Ping test' || text === '"Ping test"' || text.replace(/\s/g, '') === '{"text":"Pingtest"}'
    );
  },
};

export const PRESETS: Record<PresetName, Preset> = { generic, bamboohr, hibob };
