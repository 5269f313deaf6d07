// POST /hooks/<source>: HRIS webhooks. In this order, each refusal starting nothing:
//   body size (413, fastify, before anything is read) → signature and timestamp (401, one message whatever
//   failed) → JSON (400) → the source's body schema (400, ajv, with the reason) → mapping (400 when an
//   expression cannot be evaluated on this event, or the playbook refuses the inputs) → start, idempotent
//   on the rule's key (202 started; 200 when the key names a run that exists, or no rule matched).
import { ServiceError } from '@temporalio/client';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { InvalidInputsError } from '../../dsl/inputs.js';
import { ExpressionError } from '../../expr/evaluate.js';
import { MAX_KEY_LENGTH, type WebhookRule, type WebhookSource } from '../config.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../httpErrors.js';
import { evaluateMappingExpr, evaluateMapped, type MappingScope } from '../mapping.js';
import { checkRunInputs, startOrAttach, type RunRef } from '../runStarter.js';
import { checkTimestamp, verifyMac, type RejectReason } from '../signature.js';

// Event bodies are validated as sent: no type coercion, nothing removed, defaults not filled in.
const ajv = new Ajv2020({ allErrors: false, strict: false, coerceTypes: false, useDefaults: false });
addFormats.default(ajv);

/** Headers a mapping may read: lower-case names, repeated headers joined; credentials left out. */
function mappingHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || k === 'authorization' || k === 'cookie') continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

export interface WebhookResponse {
  status: 'started' | 'duplicate' | 'ignored' | 'ping';
  /** The run's id when the event mapped to exactly one run. */
  id?: string;
  runs: RunRef[];
}

const runRefSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    playbook: { type: 'string' },
    subject: { type: 'string' },
    started: { type: 'boolean' },
  },
} as const;

const responseSchema = {
  type: 'object',
  properties: {
    status: { type: 'string' },
    id: { type: 'string' },
    runs: { type: 'array', items: runRefSchema },
  },
} as const;

const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' }, requestId: { type: 'string' } },
} as const;

interface PlannedStart {
  rule: WebhookRule;
  inputs: Record<string, unknown>;
  key: string;
  requestedBy?: string;
}

function unauthorized(): HttpError {
  return new HttpError(401, 'unauthorized', 'the request signature or its timestamp is not valid');
}

/** Evaluates every matching rule on the event first, so a bad mapping refuses the event before anything starts. */
function plan(source: WebhookSource, scope: MappingScope): PlannedStart[] {
  const out: PlannedStart[] = [];
  for (const rule of source.rules) {
    if (rule.when) {
      const holds = evaluateMappingExpr(rule.when, scope);
      if (typeof holds !== 'boolean')
        throw new HttpError(
          400,
          'unmappable_event',
          `rule ${rule.name}: \`when\` gave ${JSON.stringify(holds)}, not true or false`,
        );
      if (!holds) continue;
    }
    let items: unknown[] = [undefined];
    if (rule.forEach) {
      const list = evaluateMappingExpr(rule.forEach, scope);
      if (!Array.isArray(list))
        throw new HttpError(400, 'unmappable_event', `rule ${rule.name}: \`forEach\` did not give a list`);
      items = list;
    }
    for (const item of items) {
      const s: MappingScope = rule.forEach ? { ...scope, item } : scope;
      const key = evaluateMapped(rule.key, s);
      if ((typeof key !== 'string' && typeof key !== 'number') || String(key) === '')
        throw new HttpError(400, 'unmappable_event', `rule ${rule.name}: the key is empty or not a string`);
      const fullKey = `${source.name}-${String(key)}`;
      if (fullKey.length > MAX_KEY_LENGTH)
        throw new HttpError(
          400,
          'unmappable_event',
          `rule ${rule.name}: the key is longer than ${MAX_KEY_LENGTH} characters`,
        );
      const inputs = evaluateMapped(rule.inputs, s);
      if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs))
        throw new HttpError(400, 'unmappable_event', `rule ${rule.name}: inputs are not an object`);
      const requestedBy = rule.requestedBy ? evaluateMapped(rule.requestedBy, s) : undefined;
      // Checks the inputs against the playbook now (InvalidInputsError), before any run starts.
      checkRunInputs(rule.plan, inputs);
      out.push({
        rule,
        inputs,
        key: fullKey,
        ...(typeof requestedBy === 'string' && requestedBy ? { requestedBy } : {}),
      });
    }
  }
  return out;
}

async function startAll(
  ctx: ServerContext,
  source: WebhookSource,
  starts: PlannedStart[],
): Promise<RunRef[]> {
  const runs: RunRef[] = [];
  for (const s of starts) {
    const run = await startOrAttach(ctx.client, {
      plan: s.rule.plan,
      inputs: s.inputs,
      key: s.key,
      taskQueue: ctx.taskQueue,
      ...(ctx.encryption ? { subjects: ctx.encryption } : {}),
      trigger: {
        kind: 'webhook',
        source: source.name,
        ...(s.requestedBy ? { requestedBy: s.requestedBy } : {}),
      },
    });
    if (run.started) ctx.metrics.runsStarted.inc({ playbook: run.playbook, trigger: 'webhook' });
    runs.push(run);
  }
  return runs;
}

function registerSource(scope: FastifyInstance, ctx: ServerContext, source: WebhookSource): void {
  const reject = (request: FastifyRequest, reason: RejectReason): never => {
    ctx.metrics.webhookEvents.inc({ source: source.name, outcome: 'unauthorized' });
    // The reason is for operators; the sender only ever sees the one 401.
    request.log.warn({ source: source.name, reason }, 'webhook refused');
    throw unauthorized();
  };

  scope.post(
    `/hooks/${source.name}`,
    {
      schema: {
        body: source.bodySchema,
        response: { 200: responseSchema, 202: responseSchema, '4xx': errorSchema, '5xx': errorSchema },
      },
      validatorCompiler: ({ schema }) => ajv.compile(schema),
      preValidation: async (request: FastifyRequest, reply: FastifyReply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        if (source.isPing?.(raw)) {
          ctx.metrics.webhookEvents.inc({ source: source.name, outcome: 'ping' });
          return reply.code(200).send({ status: 'ping', runs: [] } satisfies WebhookResponse);
        }
        const mac = verifyMac(source.scheme, source.secrets, request.headers, raw);
        if (!mac.ok) return reject(request, mac.reason);
        if (source.scheme.timestampHeader) {
          const ts = checkTimestamp(source.scheme, request.headers, undefined, ctx.now(), source.maxSkewMs);
          if (!ts.ok) return reject(request, ts.reason);
        }
        let event: unknown;
        try {
          event = JSON.parse(raw.toString('utf8'));
        } catch {
          ctx.metrics.webhookEvents.inc({ source: source.name, outcome: 'invalid' });
          throw new HttpError(400, 'malformed_body', 'the body is not valid JSON');
        }
        if (!source.scheme.timestampHeader) {
          const ts = checkTimestamp(source.scheme, request.headers, event, ctx.now(), source.maxSkewMs);
          if (!ts.ok) return reject(request, ts.reason);
        }
        request.body = event;
        return undefined;
      },
    },
    async (request, reply) => {
      const scope: MappingScope = { event: request.body, headers: mappingHeaders(request.headers) };
      let starts: PlannedStart[];
      try {
        starts = plan(source, scope);
      } catch (err) {
        ctx.metrics.webhookEvents.inc({ source: source.name, outcome: 'invalid' });
        if (err instanceof ExpressionError) throw new HttpError(400, 'unmappable_event', err.message);
        if (err instanceof InvalidInputsError) throw new HttpError(400, 'invalid_inputs', err.message);
        throw err;
      }
      if (starts.length === 0) {
        ctx.metrics.webhookEvents.inc({ source: source.name, outcome: 'ignored' });
        request.log.info({ source: source.name, outcome: 'ignored' }, 'webhook event matched no rule');
        return reply.code(200).send({ status: 'ignored', runs: [] } satisfies WebhookResponse);
      }
      let runs: RunRef[];
      try {
        runs = await startAll(ctx, source, starts);
      } catch (err) {
        ctx.metrics.webhookEvents.inc({ source: source.name, outcome: 'failed' });
        if (err instanceof InvalidInputsError) throw new HttpError(400, 'invalid_inputs', err.message);
        if (err instanceof ServiceError) {
          request.log.error({ err, source: source.name }, 'webhook: Temporal unavailable');
          // 503: the sender retries later, and the same key then starts the run once.
          throw new HttpError(503, 'unavailable', 'the run could not be started now; retry later');
        }
        throw err;
      }
      const started = runs.some((r) => r.started);
      const outcome = started ? 'started' : 'duplicate';
      ctx.metrics.webhookEvents.inc({ source: source.name, outcome });
      request.log.info(
        { source: source.name, outcome, runs: runs.map((r) => r.id) },
        'webhook event handled',
      );
      const body: WebhookResponse = {
        status: outcome,
        runs,
        ...(runs.length === 1 && runs[0] ? { id: runs[0].id } : {}),
      };
      return reply.code(started ? 202 : 200).send(body);
    },
  );
}

export function registerWebhooks(app: FastifyInstance, ctx: ServerContext): void {
  // An encapsulated scope: here the body stays raw bytes (the signature is over them), whatever the
  // content type says; JSON is parsed only once the signature holds.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    for (const source of ctx.config.webhooks) registerSource(scope, ctx, source);
    return Promise.resolve();
  });
}
