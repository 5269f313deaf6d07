// Catalog entry for calls to other HTTP APIs (ticketing, HR systems), limited to allow-listed hosts.
import { secretNameSchema } from './notify.js';
import { HTTP_DEFAULTS, type ActionDefinition } from './types.js';

/** Largest response body `http.request` accepts: outputs are kept in the run's history. */
export const HTTP_MAX_RESPONSE_BYTES = 256 * 1024;

export const httpActions = {
  'http.request': {
    description:
      "Call an HTTP API on an allow-listed host (the worker's IDFLOW_HTTP_ALLOW_HOSTS; by default none is " +
      'allowed) and return its status and body. A host not on the list fails with HttpHostNotAllowed (not ' +
      'retried). Header values may name a secret ({secret: NAME}) instead of holding it. With failOnError ' +
      '(the default) 429/5xx fail and are retried, other 4xx fail without retry. Every call counts as a ' +
      'change (it is refused in read-only mode): idflow cannot know what the remote API does.',
    writes: ['http.request'],
    undoneBy: ['http.request'],
    with: {
      type: 'object',
      properties: {
        method: {
          enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
          default: 'GET',
          description: 'HTTP method.',
        },
        url: {
          type: 'string',
          format: 'uri',
          pattern: '^https?://',
          maxLength: 2048,
          description: 'Absolute http(s) URL; its host must be on the allow-list.',
        },
        headers: {
          type: 'object',
          description:
            'Request headers. A value is text, or {secret: NAME, prefix?} to send a secret (e.g. prefix "Bearer ").',
          propertyNames: { pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$" },
          additionalProperties: {
            anyOf: [
              { type: 'string', maxLength: 8192 },
              {
                type: 'object',
                properties: {
                  secret: secretNameSchema,
                  prefix: {
                    type: 'string',
                    maxLength: 64,
                    description: 'Text before the secret, e.g. "Bearer ".',
                  },
                },
                required: ['secret'],
                additionalProperties: false,
              },
            ],
          },
        },
        json: { description: 'A body to send as JSON (content-type application/json).' },
        failOnError: {
          type: 'boolean',
          default: true,
          description:
            'Fail the step on a non-2xx status. false: return any status for the playbook to check.',
        },
      },
      required: ['url'],
      additionalProperties: false,
    },
    output: {
      type: 'object',
      description: 'The response.',
      properties: {
        status: { type: 'integer', description: 'HTTP status.' },
        ok: { type: 'boolean', description: 'The status is 2xx.' },
        json: { description: 'The body parsed as JSON when the response is JSON, else null.' },
        text: {
          type: ['string', 'null'],
          description: 'The body as text when it is not JSON (empty body: ""), else null.',
        },
      },
      required: ['status', 'ok', 'json', 'text'],
      additionalProperties: false,
    },
    defaults: HTTP_DEFAULTS,
  },
} as const satisfies Record<string, ActionDefinition>;
