// GET /healthz (is Temporal reachable from here?) and GET /metrics (Prometheus text).
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { HttpError } from '../httpErrors.js';
import { authenticate } from './runs.js';

/** A health check must answer quickly even when Temporal does not. */
const HEALTH_TIMEOUT_MS = 2_000;

const healthResponse = {
  type: 'object',
  properties: { status: { type: 'string' }, temporal: { type: 'string' } },
} as const;

export function registerOps(app: FastifyInstance, ctx: ServerContext): void {
  const noQuery = { type: 'object', additionalProperties: false } as const;
  app.get('/healthz', { schema: { querystring: noQuery, response: { 200: healthResponse } } }, async () => {
    try {
      await ctx.client.connection.withDeadline(Date.now() + HEALTH_TIMEOUT_MS, () =>
        ctx.client.workflowService.getSystemInfo({}),
      );
    } catch {
      throw new HttpError(503, 'unavailable', 'Temporal is not reachable from this server');
    }
    return { status: 'ok', temporal: 'reachable' };
  });

  app.get('/metrics', { schema: { querystring: noQuery } }, async (request, reply) => {
    if (ctx.config.metricsRequireToken) authenticate(ctx, request, 'read');
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(ctx.metrics.render());
  });
}
