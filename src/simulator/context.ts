// What route modules share: the state, the logs, and small request helpers.
import type { FastifyRequest } from 'fastify';
import type { AuditEntry, AuditLog } from './audit.js';
import type { Directory } from './directory.js';
import { badRequest } from './errors.js';
import type { InsightsLog } from './insights.js';

export interface RouteContext {
  directory: Directory;
  auditLog: AuditLog;
  /** Directory Insights: every audited mutation is an event there too. */
  insights: InsightsLog;
  now(): Date;
}

/** Appends an audit entry for a mutation the handler has just applied. */
export function record(
  ctx: RouteContext,
  request: FastifyRequest,
  entry: Pick<AuditEntry, 'operation' | 'targetId'> & { detail?: Record<string, unknown> },
): void {
  const audited = ctx.auditLog.append({
    at: ctx.now().toISOString(),
    method: request.method,
    path: pathOf(request),
    ...entry,
  });
  ctx.insights.fromAudit(audited, (id) => ctx.directory.typeOf(id));
}

export function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? request.url;
}

/** The parsed query string as a plain record (fastify types it as unknown). */
export function queryOf(request: FastifyRequest): Record<string, unknown> {
  const query: unknown = request.query;
  if (typeof query !== 'object' || query === null) return {};
  return Object.fromEntries(Object.entries(query));
}

/** Headers can repeat; the simulator reads the first value. */
export function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function requireParam(params: unknown, name: string): string {
  const value =
    typeof params === 'object' && params !== null ? (params as Record<string, unknown>)[name] : undefined;
  if (typeof value !== 'string') throw badRequest(`Missing path parameter ${name}`);
  return value;
}
