// x-api-key and x-org-id checks (API-NOTES §1). The key is compared in constant time and never appears in
// any response, log entry or error message.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { headerOf } from './context.js';
import { ApiError } from './errors.js';
import { isObjectId } from './objectId.js';

export function checkApiKey(request: FastifyRequest, expected: string): void {
  const given = headerOf(request, 'x-api-key');
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  if (given === undefined || a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new ApiError(401, 'Unauthenticated: missing or invalid x-api-key');
  }
}

/**
 * Multi-tenant (MSP) keys must name the org on every call except /organizations, where the header is
 * refused ("ID included on unsupported route"), as the official SDK's habit of leaving it off suggests.
 * Single-tenant keys leave the header out, and the simulator then ignores it.
 */
export function checkOrgHeader(request: FastifyRequest, orgId: string, path: string): void {
  const given = headerOf(request, 'x-org-id');
  const organizationsRoute = path === '/api/organizations' || path.startsWith('/api/organizations/');
  if (organizationsRoute) {
    if (given !== undefined) throw new ApiError(403, 'ID included on unsupported route');
    return;
  }
  if (given === undefined || given === '') throw new ApiError(401, 'ID not included for multi-tenant admin');
  if (!isObjectId(given)) throw new ApiError(400, 'Malformed ID');
  if (given !== orgId) throw new ApiError(404, 'Organization ID Not Found');
}
