// Control endpoints for a simulator running in another process (the demo, manual testing). They need the
// same x-api-key, are never fault-injected, and are left out of the request log, so watching the
// simulator does not change what it reports.
import type { FastifyInstance } from 'fastify';
import type { AuditLog, RequestLog } from '../audit.js';
import { queryOf } from '../context.js';
import { badRequest } from '../errors.js';
import { normalizeFaults, type FaultInjector, type FaultOptions } from '../faults.js';

const FAULT_KEYS = [
  'rate429',
  'retryAfterSeconds',
  'rate503',
  'latencyMs',
  'latencyJitterMs',
  'rateLimitPerSecond',
] as const;

function sinceOf(query: Record<string, unknown>): number {
  const raw = query['since'];
  if (raw === undefined) return 0;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw))
    throw badRequest('Invalid since: must be a sequence number');
  return Number(raw);
}

function readFaults(body: unknown): FaultOptions {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('Invalid request body: expected a JSON object of fault options');
  }
  const entries: [string, unknown][] = Object.entries(body);
  const options: FaultOptions = {};
  for (const [key, value] of entries) {
    const known = FAULT_KEYS.find((name) => name === key);
    if (known === undefined) throw badRequest(`Unknown fault option "${key}"`);
    if (typeof value !== 'number') throw badRequest(`Fault option ${key} must be a number`);
    options[known] = value;
  }
  try {
    normalizeFaults(options);
  } catch (error) {
    throw badRequest(error instanceof Error ? error.message : 'Invalid fault options');
  }
  return options;
}

export function registerControl(
  app: FastifyInstance,
  deps: { auditLog: AuditLog; requestLog: RequestLog; faults: FaultInjector },
): void {
  const config = { control: true };
  app.get('/__simulator/audit', { config }, (request) => deps.auditLog.list(sinceOf(queryOf(request))));
  app.get('/__simulator/requests', { config }, (request) => deps.requestLog.list(sinceOf(queryOf(request))));
  app.get('/__simulator/faults', { config }, () => deps.faults.current());
  app.put('/__simulator/faults', { config }, (request) => {
    deps.faults.set(readFaults(request.body));
    return deps.faults.current();
  });
}
