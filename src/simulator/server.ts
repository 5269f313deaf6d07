// The HTTP layer: one fastify instance serving /api (v1), /api/v2, Directory Insights
// (/insights/directory/v1) and /__simulator under one root, so a
// client pointed at the simulator's URL uses the same paths it uses against console.jumpcloud.com.
//
// Order of checks for every request: API key (401) → x-org-id when multi-tenant → fault injection
// (429/503, after an optional delay) → body parsing (400 on malformed JSON) → the handler. Faults come
// after authentication because JumpCloud rate-limits per key; they come before the handler, so a
// faulted request changes nothing.
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { AuditLog, RequestLog } from './audit.js';
import { checkApiKey, checkOrgHeader } from './auth.js';
import { pathOf, type RouteContext } from './context.js';
import { ApiError, errorBody, familyOf, statusText } from './errors.js';
import type { FaultInjector } from './faults.js';
import type { InsightsLog } from './insights.js';
import { registerControl } from './routes/control.js';
import { registerInsights } from './routes/insights.js';
import { registerV2Policies } from './routes/v2Policies.js';
import { registerV2SystemInsights } from './routes/v2SystemInsights.js';
import { registerV1Organizations } from './routes/v1Organizations.js';
import { registerV1Applications } from './routes/v1Applications.js';
import { registerV1Systems } from './routes/v1Systems.js';
import { registerV1Users } from './routes/v1Users.js';
import { registerV2Associations } from './routes/v2Associations.js';
import { registerV2Groups } from './routes/v2Groups.js';
import { registerV2SystemGroups } from './routes/v2SystemGroups.js';
import { registerV2Traversals } from './routes/v2Traversals.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Simulator control endpoint: no faults, not in the request log. */
    control?: boolean;
  }
}

export interface ServerDeps extends RouteContext {
  apiKey: string;
  orgId: string;
  multiTenant: boolean;
  faults: FaultInjector;
  auditLog: AuditLog;
  requestLog: RequestLog;
  insights: InsightsLog;
}

const isControl = (request: FastifyRequest): boolean => request.routeOptions.config?.control === true;
const isKnownRoute = (request: FastifyRequest): boolean => request.routeOptions.url !== undefined;

/** Fastify's own errors (bad media type, body too large…) keep their status but speak JumpCloud's shape. */
function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const status = (error as Partial<FastifyError> | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError(status, (error as FastifyError).message || statusText(status));
  }
  return new ApiError(500, 'Internal Server Error');
}

export function buildServer(deps: ServerDeps): FastifyInstance {
  // forceCloseConnections: close() must not wait for clients' idle keep-alive sockets.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const arrivedAt = new WeakMap<FastifyRequest, number>();

  // Malformed JSON is a 400 in JumpCloud's error shape; an empty JSON body reads as "no body", since
  // clients commonly send the header on bodiless action POSTs.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      done(null, parsed);
    } catch {
      done(new ApiError(400, 'Malformed JSON in request body'), undefined);
    }
  });

  app.addHook('onRequest', async (request) => {
    arrivedAt.set(request, Date.now());
    checkApiKey(request, deps.apiKey);
    if (isControl(request)) return;
    if (deps.multiTenant) checkOrgHeader(request, deps.orgId, pathOf(request));
    if (!isKnownRoute(request)) return;
    const waitSeconds = deps.faults.admit(Date.now());
    if (waitSeconds !== undefined) {
      throw new ApiError(429, 'Too Many Requests: rate limit exceeded', { retryAfterSeconds: waitSeconds });
    }
    const { fault, delayMs } = deps.faults.draw();
    if (delayMs > 0) await sleep(delayMs);
    if (fault.kind === '429') {
      throw new ApiError(429, 'Too Many Requests', { retryAfterSeconds: fault.retryAfterSeconds });
    }
    if (fault.kind === '503') throw new ApiError(503, 'Service Unavailable');
  });

  app.addHook('onResponse', async (request, reply) => {
    if (isControl(request)) return;
    const retryAfter = reply.getHeader('retry-after');
    deps.requestLog.append({
      at: arrivedAt.get(request) ?? Date.now(),
      respondedAt: Date.now(),
      method: request.method,
      path: request.url,
      status: reply.statusCode,
      ...(retryAfter !== undefined ? { retryAfterSeconds: Number(retryAfter) } : {}),
    });
  });

  app.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.statusCode >= 500 && !(error instanceof ApiError)) {
      // A simulator bug, not an injected fault: say so on stderr so tests show the cause.
      console.error('[simulator] unhandled error', error);
    }
    if (apiError.options.retryAfterSeconds !== undefined) {
      void reply.header('retry-after', String(apiError.options.retryAfterSeconds));
    }
    return reply
      .code(apiError.statusCode)
      .type('application/json; charset=utf-8')
      .send(errorBody(apiError, familyOf(request.url)));
  });

  app.setNotFoundHandler((request, reply) => {
    const error = new ApiError(404, `No route for ${request.method} ${pathOf(request)}`);
    return reply
      .code(404)
      .type('application/json; charset=utf-8')
      .send(errorBody(error, familyOf(request.url)));
  });

  registerV1Organizations(app, deps);
  registerV1Users(app, deps);
  registerV1Systems(app, deps);
  registerV1Applications(app, deps);
  registerV2Groups(app, deps);
  registerV2SystemGroups(app, deps);
  registerV2Associations(app, deps);
  registerV2Traversals(app, deps);
  registerV2Policies(app, deps);
  registerV2SystemInsights(app, deps);
  registerInsights(app, deps);
  registerControl(app, deps);
  return app;
}
