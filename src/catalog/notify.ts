// Catalog entry for chat notifications through an incoming webhook (Slack, Mattermost, Teams workflows,
// Google Chat, or any endpoint that takes a JSON POST).
import { NOTIFY_DEFAULTS, type ActionDefinition } from './types.js';

/** How a secret is named in a playbook: the name of an environment variable or secrets-file entry. */
export const secretNameSchema = {
  type: 'string',
  pattern: '^[A-Za-z_][A-Za-z0-9_]{0,127}$',
  description: "The NAME of a secret in the worker's environment or secrets file, never the value itself.",
} as const;

export const notifyActions = {
  'notify.message': {
    description:
      'Post a message to a chat webhook. `secret` names the secret holding the webhook URL; the worker ' +
      'resolves it, so the URL never appears in the playbook, the run history, logs or errors. Not ' +
      'idempotent on the receiving side: a retry after a lost response can post twice.',
    writes: ['notify.message'],
    with: {
      type: 'object',
      properties: {
        secret: secretNameSchema,
        to: {
          type: 'string',
          maxLength: 256,
          description:
            'Who the message is for (an email, @handle or #channel), shown in the message; the webhook decides where it is posted.',
        },
        title: { type: 'string', maxLength: 150, description: 'A heading above the text.' },
        text: { type: 'string', minLength: 1, maxLength: 3000, description: 'The message (Slack mrkdwn).' },
        fields: {
          type: 'object',
          description: 'Label → value pairs shown under the text, e.g. {"Ticket": "IT-42"}.',
          maxProperties: 10,
          additionalProperties: { type: ['string', 'number', 'boolean'] },
        },
        format: {
          enum: ['slack', 'json'],
          default: 'slack',
          description:
            'slack: `text` plus Block Kit `blocks` (Slack, Mattermost and others accept it). json: a plain {title, text, to, fields} object for generic receivers.',
        },
      },
      required: ['secret', 'text'],
      additionalProperties: false,
    },
    output: {
      type: 'object',
      description: 'The webhook accepted the message.',
      properties: {
        delivered: {
          const: true,
          description: 'Always true: a message that was not delivered fails the step.',
        },
        status: { type: 'integer', description: "The webhook's HTTP status (2xx)." },
      },
      required: ['delivered', 'status'],
      additionalProperties: false,
    },
    defaults: NOTIFY_DEFAULTS,
  },
} as const satisfies Record<string, ActionDefinition>;
