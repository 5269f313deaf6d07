// The codec endpoint the Temporal Web UI (Settings → Codec Server, or the server's `--ui-codec-endpoint`)
// and the Temporal CLI (`--codec-endpoint … --codec-auth 'Bearer …'`) call to read encrypted runs:
// POST /codec/decode and /codec/encode with `{payloads: [{metadata: {k: base64}, data: base64}]}`, answered
// in kind. Browsers call it cross-origin, so the configured UI origins get CORS (with credentials, and the
// `X-Namespace` and `Authorization` headers the UI sends). The keys never leave the server.
import type { Payload } from '@temporalio/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PayloadEncryption } from '../../codec/index.js';
import { CodecKeyError } from '../../codec/index.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../httpErrors.js';
import { authenticate } from './runs.js';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const body = {
  type: 'object',
  required: ['payloads'],
  properties: {
    payloads: {
      type: 'array',
      maxItems: 10_000,
      items: {
        type: 'object',
        properties: {
          metadata: { type: 'object', additionalProperties: { type: 'string' } },
          data: { type: 'string' },
        },
      },
    },
  },
} as const;

function fromJson(p: JsonPayload): Payload {
  const metadata: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {}))
    metadata[k] = new Uint8Array(Buffer.from(v, 'base64'));
  return { metadata, data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')) };
}

function toJson(p: Payload): JsonPayload {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) metadata[k] = Buffer.from(v).toString('base64');
  return { metadata, data: Buffer.from(p.data ?? new Uint8Array()).toString('base64') };
}

export function registerCodec(
  app: FastifyInstance,
  ctx: ServerContext,
  encryption: PayloadEncryption,
  options: { cors: readonly string[]; auth: 'token' | 'none' },
): void {
  const cors = (request: FastifyRequest, reply: FastifyReply): void => {
    const origin = request.headers.origin;
    if (origin && options.cors.includes(origin)) {
      void reply.header('access-control-allow-origin', origin);
      void reply.header('access-control-allow-credentials', 'true');
      void reply.header('access-control-allow-methods', 'POST, OPTIONS');
      void reply.header('access-control-allow-headers', 'Content-Type, X-Namespace, Authorization');
      void reply.header('access-control-max-age', '600');
      void reply.header('vary', 'Origin');
    }
  };

  void app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      cors(request, reply);
      return Promise.resolve();
    });
    // Preflight: answered without authentication (browsers send no credentials with it).
    scope.options('/codec/:op', (_request, reply) => reply.code(204).send());

    for (const op of ['encode', 'decode'] as const) {
      scope.post<{ Body: { payloads: JsonPayload[] } }>(
        `/codec/${op}`,
        { schema: { body } },
        async (request) => {
          if (options.auth === 'token') authenticate(ctx, request, op === 'decode' ? 'read' : 'write');
          const namespace = request.headers['x-namespace'];
          if (
            typeof namespace === 'string' &&
            namespace !== '' &&
            namespace !== ctx.config.temporal.namespace
          )
            throw new HttpError(
              403,
              'forbidden',
              `this codec serves namespace ${ctx.config.temporal.namespace}, not ${namespace}`,
            );
          const payloads = request.body.payloads.map(fromJson);
          try {
            const out =
              op === 'decode'
                ? await encryption.codec.decode(payloads)
                : await encryption.codec.encode(payloads);
            return { payloads: out.map(toJson) };
          } catch (err) {
            if (err instanceof CodecKeyError) throw new HttpError(400, 'unknown_key', err.message);
            // A tampered or truncated payload: GCM refuses it.
            throw new HttpError(400, 'undecodable', 'a payload could not be decrypted');
          }
        },
      );
    }
    return Promise.resolve();
  });
}
