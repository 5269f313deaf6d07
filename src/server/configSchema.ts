// The server config file's JSON Schema: the one source of truth. schemas/server-config.schema.json is this
// object, published for editors (yaml-language-server completion and hover); test/server/config.test.ts
// fails when the two differ (`UPDATE_SCHEMAS=1 npx vitest run test/server/config.test.ts` rewrites it).

const secretName = {
  type: 'string',
  pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
  description:
    'The NAME of a secret, looked up in the environment, then in IDFLOW_SECRETS_FILE. Never the value itself.',
} as const;

const duration = {
  type: 'string',
  pattern: '^(\\d+(\\.\\d+)?(ms|s|m|h|d|w))+$',
  description: 'A duration: `90s`, `5m`, `72h`, `7d`, or combined (`1h30m`).',
} as const;

const expressionOrValue = {
  description:
    'A value; strings may hold `${{ … }}` CEL expressions over `event` (the parsed body), `headers` (lower-case names) and, under forEach, `item`. A string that is one whole expression keeps the expression’s type.',
} as const;

const signature = {
  type: 'object',
  additionalProperties: false,
  description: 'Overrides of the preset’s signature scheme, for an HRIS whose format no preset covers.',
  properties: {
    header: { type: 'string', minLength: 1, description: 'Header holding the signature.' },
    timestampHeader: {
      type: 'string',
      minLength: 1,
      description: 'Header holding the timestamp (unix seconds, unix milliseconds or ISO 8601).',
    },
    timestampField: {
      type: 'string',
      minLength: 1,
      description:
        'Dotted path of a timestamp inside the signed body, for senders that send no timestamp header (HiBob: `triggeredAt`).',
    },
    algorithm: { enum: ['sha256', 'sha512'], description: 'The HMAC hash.' },
    encoding: { enum: ['hex', 'base64'], description: 'How the MAC is written in the header.' },
    prefix: { type: 'string', description: 'Text before the MAC in the header, e.g. `sha256=`.' },
    payload: {
      enum: ['{timestamp}.{body}', '{body}{timestamp}', '{body}'],
      description: 'What is signed: the raw body bytes, with the timestamp header’s text where shown.',
    },
  },
} as const;

const eventRule = {
  type: 'object',
  additionalProperties: false,
  required: ['playbook', 'key', 'inputs'],
  description: 'When an event matches `when`, start `playbook` with `inputs`.',
  properties: {
    name: { type: 'string', minLength: 1, description: 'A label for logs and metrics.' },
    when: {
      ...expressionOrValue,
      type: ['string', 'boolean'],
      description:
        'A `${{ }}` condition on the event; every rule whose condition holds starts its playbook. @default true',
    },
    forEach: {
      type: 'string',
      description:
        'A `${{ }}` expression giving a list (BambooHR batches employees): one run per element, read as `item`.',
    },
    playbook: {
      type: 'string',
      minLength: 1,
      description: 'The playbook file, relative to this config file. Compiled at start.',
    },
    key: {
      type: 'string',
      minLength: 1,
      description:
        'Idempotency key, usually the event id: `${{ event.id }}`. A re-delivery with the same key starts nothing and answers with the same run.',
    },
    requestedBy: {
      type: 'string',
      description:
        'Who asked, as an email (a literal or an expression); they may not approve the run. @default none',
    },
    inputs: {
      type: 'object',
      description: 'The playbook’s inputs, each a value or expression.',
      additionalProperties: expressionOrValue,
    },
  },
} as const;

const webhookSource = {
  type: 'object',
  additionalProperties: false,
  required: ['preset', 'events'],
  oneOf: [{ required: ['secret'] }, { required: ['secretFile'] }],
  properties: {
    preset: {
      enum: ['generic', 'bamboohr', 'hibob'],
      description:
        'The sender’s signature scheme and payload shape: `generic` (X-Idflow-Signature over timestamp.body), `bamboohr`, `hibob`. See docs/server.md.',
    },
    secret: {
      description: 'Name of the shared signing secret, or a list of names while rotating (any one verifies).',
      oneOf: [secretName, { type: 'array', items: secretName, minItems: 1, maxItems: 4 }],
    },
    secretFile: { type: 'string', minLength: 1, description: 'A file holding the signing secret.' },
    maxSkew: {
      ...duration,
      description: 'How far the signed timestamp may be from the server’s clock, either way. @default 5m',
    },
    signature,
    schema: {
      type: 'object',
      description: 'An extra JSON Schema the event body must match (on top of the preset’s).',
    },
    events: { type: 'array', minItems: 1, items: eventRule },
  },
} as const;

const token = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  oneOf: [{ required: ['secret'] }, { required: ['secretFile'] }],
  properties: {
    name: {
      type: 'string',
      pattern: '^[a-z0-9][a-z0-9_-]*$',
      description: 'Who holds the token; recorded as the source of runs it starts.',
    },
    secret: secretName,
    secretFile: { type: 'string', minLength: 1, description: 'A file holding the token.' },
    access: {
      enum: ['read', 'write'],
      description:
        '`read`: GET /runs only; `write`: also start and cancel runs, mint approval links. @default write',
    },
  },
} as const;

export const SERVER_CONFIG_SCHEMA_ID = 'https://idflow.dev/schemas/server-config.schema.json';

export const serverConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: SERVER_CONFIG_SCHEMA_ID,
  title: 'idflow server configuration',
  description:
    'The `idflow server` config file: listen address, public URL, bearer tokens, approval links and HRIS webhook sources. Secrets are named, never written here.',
  type: 'object',
  additionalProperties: false,
  properties: {
    apiVersion: {
      const: 'idflow/v1',
      description: 'Optional: with `kind`, tells `idflow validate` what the file is.',
    },
    kind: {
      const: 'ServerConfig',
      description: 'Optional (files without it are recognised by their keys): `ServerConfig`.',
    },
    listen: {
      type: 'object',
      additionalProperties: false,
      properties: {
        host: { type: 'string', minLength: 1, description: 'Interface to bind. @default 127.0.0.1' },
        port: {
          type: 'integer',
          minimum: 0,
          maximum: 65535,
          description: 'Port; 0 picks a free one. @default 8080',
        },
      },
    },
    publicUrl: {
      type: 'string',
      pattern: '^https?://',
      description:
        'The server’s address as approvers reach it; approval links start with it. @default http://<host>:<port>',
    },
    bodyLimit: {
      type: 'integer',
      minimum: 1024,
      maximum: 67108864,
      description: 'Largest request body in bytes; larger ones get 413. @default 1048576 (1 MiB)',
    },
    trustProxy: {
      type: 'boolean',
      description: 'Behind a load balancer: take the client address from X-Forwarded-For. @default false',
    },
    playbooks: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description:
        'Playbook files POST /runs may start, relative to this file (those named by webhook rules are added).',
    },
    tokens: { type: 'array', items: token, description: 'Bearer tokens for the /runs API.' },
    approvals: {
      type: 'object',
      additionalProperties: false,
      oneOf: [{ required: ['signingKey'] }, { required: ['signingKeyFile'] }],
      description: 'Signed approval links (GET/POST /approve/:token).',
      properties: {
        signingKey: { ...secretName, description: 'Name of the link-signing key (at least 32 characters).' },
        signingKeyFile: { type: 'string', minLength: 1, description: 'A file holding the link-signing key.' },
        ttl: { ...duration, description: 'How long a link stays valid. @default 72h' },
      },
    },
    metrics: {
      type: 'object',
      additionalProperties: false,
      properties: {
        requireToken: { type: 'boolean', description: 'GET /metrics needs a bearer token. @default false' },
      },
    },
    codec: {
      type: 'object',
      additionalProperties: false,
      description:
        'The codec endpoint (POST /codec/encode and /codec/decode) the Temporal Web UI and CLI use to read encrypted runs with the keys of IDFLOW_CODEC_KEYS (docs/safety.md).',
      properties: {
        cors: {
          type: 'array',
          items: { type: 'string', pattern: '^https?://[^/]+$' },
          description:
            'Origins allowed to call it from a browser: the Temporal UI’s address, e.g. `http://127.0.0.1:8233`.',
        },
        auth: {
          enum: ['token', 'none'],
          description:
            '`token`: an `Authorization: Bearer` API token (read access decodes, write access encodes), as the Temporal CLI’s `--codec-auth` or the UI’s pass-through sends it. `none`: no check, only on a loopback listen address (idflow dev). @default token',
        },
      },
    },
    webhooks: {
      type: 'object',
      description: 'Source name → how to verify and map its events. Served at POST /hooks/<name>.',
      propertyNames: { pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
      additionalProperties: webhookSource,
    },
  },
} as const;
