// The runs API for operators and integrations, behind bearer tokens: start, list, describe, cancel, and
// mint approval links for a pending approval (until runs send their own "approval opened" notifications).
import { randomUUID } from 'node:crypto';
import { ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { describeRun } from '../../client/describe.js';
import { listRuns } from '../../client/list.js';
import { queryState } from '../../client/runs.js';
import { InvalidInputsError } from '../../dsl/inputs.js';
import { mintApprovalLinks } from '../../trust/links.js';
import type { Access, Caller } from '../bearer.js';
import { MAX_KEY_LENGTH } from '../config.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../httpErrors.js';
import { startOrAttach } from '../runStarter.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
  interface FastifyContextConfig {
    /** Bearer-token access the route needs. */
    access?: Access;
  }
}

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 1000 } },
} as const;

const startBody = {
  type: 'object',
  required: ['playbook'],
  additionalProperties: false,
  properties: {
    playbook: { type: 'string', minLength: 1, maxLength: 63 },
    inputs: { type: 'object', default: {} },
    key: { type: 'string', minLength: 1, maxLength: MAX_KEY_LENGTH, pattern: '^[A-Za-z0-9._:@-]+$' },
    requestedBy: { type: 'string', format: 'email', maxLength: 320 },
    dryRun: { type: 'boolean', default: false },
  },
} as const;

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    playbook: { type: 'string', maxLength: 63 },
    subject: { type: 'string', maxLength: 320 },
    status: {
      enum: ['Running', 'Completed', 'Failed', 'Canceled', 'Terminated', 'TimedOut', 'ContinuedAsNew'],
    },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  },
} as const;

const runRef = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    playbook: { type: 'string' },
    subject: { type: 'string' },
    started: { type: 'boolean' },
    dryRun: { type: 'boolean' },
  },
} as const;

function notFound(id: string): HttpError {
  return new HttpError(404, 'not_found', `no run with id ${id}`);
}

function unavailable(err: unknown): unknown {
  return err instanceof ServiceError
    ? new HttpError(503, 'unavailable', 'Temporal is unavailable; retry later')
    : err;
}

export function authenticate(ctx: ServerContext, request: FastifyRequest, access: Access): void {
  const caller = ctx.tokens.authenticate(request.headers.authorization);
  if (!caller)
    throw new HttpError(401, 'unauthorized', 'a valid bearer token is required', {
      'www-authenticate': 'Bearer realm="idflow"',
    });
  if (access === 'write' && caller.access !== 'write')
    throw new HttpError(403, 'forbidden', `token ${caller.name} may only read`);
  request.caller = caller;
}

export function registerRuns(app: FastifyInstance, ctx: ServerContext): void {
  void app.register(async (scope) => {
    scope.addHook('onRequest', async (request) => {
      authenticate(ctx, request, request.routeOptions.config?.access ?? 'write');
      return Promise.resolve();
    });

    scope.post<{
      Body: {
        playbook: string;
        inputs: Record<string, unknown>;
        key?: string;
        requestedBy?: string;
        dryRun: boolean;
      };
    }>(
      '/runs',
      { schema: { body: startBody, response: { 200: runRef, 202: runRef } }, config: { access: 'write' } },
      async (request, reply) => {
        const plan = ctx.config.playbooks.get(request.body.playbook);
        if (!plan) {
          const known = [...ctx.config.playbooks.keys()].sort().join(', ') || 'none';
          throw new HttpError(
            404,
            'unknown_playbook',
            `no playbook ${request.body.playbook} on this server (it has: ${known})`,
          );
        }
        try {
          const run = await startOrAttach(ctx.client, {
            plan,
            inputs: request.body.inputs,
            // No key: every POST is a new run. With one, the same key answers with the same run.
            key: request.body.key ?? `api-${randomUUID()}`,
            taskQueue: ctx.taskQueue,
            dryRun: request.body.dryRun,
            ...(ctx.encryption ? { subjects: ctx.encryption } : {}),
            trigger: {
              kind: 'api',
              source: request.caller?.name ?? 'api',
              ...(request.body.requestedBy ? { requestedBy: request.body.requestedBy } : {}),
            },
          });
          // The counter is for runs that act; a dry run changes nothing (it is in the log below).
          if (run.started && !run.dryRun)
            ctx.metrics.runsStarted.inc({ playbook: run.playbook, trigger: 'api' });
          request.log.info(
            { run: run.id, started: run.started, dryRun: run.dryRun === true, token: request.caller?.name },
            'run requested through the API',
          );
          return reply.code(run.started ? 202 : 200).send(run);
        } catch (err) {
          if (err instanceof InvalidInputsError) throw new HttpError(400, 'invalid_inputs', err.message);
          throw unavailable(err);
        }
      },
    );

    scope.get<{ Querystring: { playbook?: string; subject?: string; status?: string; limit: number } }>(
      '/runs',
      { schema: { querystring: listQuery }, config: { access: 'read' } },
      async (request) => {
        const q = request.query;
        try {
          const runs = await listRuns(ctx.client, {
            ...(q.playbook ? { playbook: q.playbook } : {}),
            // With encryption, runs are listed under the subject's pseudonym (the active key's).
            ...(q.subject ? { subject: ctx.encryption?.pseudonym(q.subject) ?? q.subject } : {}),
            ...(q.status ? { status: q.status } : {}),
            limit: q.limit,
          });
          return { runs };
        } catch (err) {
          throw unavailable(err);
        }
      },
    );

    scope.get<{ Params: { id: string } }>(
      '/runs/:id',
      { schema: { params: idParams }, config: { access: 'read' } },
      async (request) => {
        try {
          return await describeRun(ctx.client, request.params.id);
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) throw notFound(request.params.id);
          throw unavailable(err);
        }
      },
    );

    scope.post<{ Params: { id: string } }>(
      '/runs/:id/cancel',
      { schema: { params: idParams }, config: { access: 'write' } },
      async (request, reply) => {
        const handle = ctx.client.workflow.getHandle(request.params.id);
        try {
          const d = await handle.describe();
          if (d.status.name !== 'RUNNING')
            throw new HttpError(
              409,
              'not_running',
              `run ${request.params.id} is ${d.status.name.toLowerCase()}`,
            );
          await handle.cancel();
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) throw notFound(request.params.id);
          throw unavailable(err);
        }
        request.log.info(
          { run: request.params.id, token: request.caller?.name },
          'run cancellation requested',
        );
        return reply.code(202).send({ id: request.params.id, status: 'cancelling' });
      },
    );

    scope.post<{ Params: { id: string; stepId: string } }>(
      '/runs/:id/approvals/:stepId/links',
      {
        schema: {
          params: {
            type: 'object',
            required: ['id', 'stepId'],
            properties: { ...idParams.properties, stepId: { type: 'string', minLength: 1, maxLength: 200 } },
          },
        },
        config: { access: 'write' },
      },
      async (request) => {
        const approvals = ctx.config.approvals;
        if (!approvals)
          throw new HttpError(404, 'not_enabled', 'approval links are not configured (approvals.signingKey)');
        let state;
        try {
          state = await queryState(ctx.client, request.params.id);
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) throw notFound(request.params.id);
          throw unavailable(err);
        }
        const approval = state.approvals.find((a) => a.stepId === request.params.stepId);
        if (!approval)
          throw new HttpError(
            404,
            'not_found',
            `run ${request.params.id} has no approval ${request.params.stepId}`,
          );
        if (approval.status !== 'pending')
          throw new HttpError(409, 'closed', `the approval is ${approval.status}`);
        const links = mintApprovalLinks({
          baseUrl: ctx.publicUrl(),
          key: approvals.key,
          workflowId: request.params.id,
          stepId: approval.stepId,
          approvers: approval.approvers,
          ttlMs: approvals.ttlMs,
          notAfter: approval.expiresAt,
          nowMs: ctx.now(),
        });
        return { links };
      },
    );
    return Promise.resolve();
  });
}
