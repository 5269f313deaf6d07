// What the v2 route modules share: id parameters, list answers and edge shapes.
import type { FastifyReply } from 'fastify';
import type { GraphAttributes, GraphConnection, GraphType } from '../../jumpcloud/types.js';
import { requireParam } from '../context.js';
import type { Directory } from '../directory.js';
import { badRequest, notFound } from '../errors.js';
import type { SimSystem, SimUser } from '../model.js';
import { isObjectId } from '../objectId.js';
import { pageOf, parsePage } from '../paging.js';

/** A path parameter that must be an ObjectID (400 with a v2 reason such as `invalidGroupId` otherwise). */
export function objectIdParam(params: unknown, name: string, what: string): string {
  const id = requireParam(params, name);
  if (!isObjectId(id))
    throw badRequest(`Invalid ${what} ID "${id}": not an ObjectID`, { reason: `invalid${what}Id` });
  return id;
}

/**
 * One page of a v2 list (a bare JSON array). The total goes in an `x-total-count` header: the spec
 * mentions it for some lists; clients must not rely on it, and should page until a short page.
 */
export function listAnswer<T>(
  reply: FastifyReply,
  all: readonly T[],
  query: Record<string, unknown>,
  maxLimit?: number,
): T[] {
  const page = parsePage(query, maxLimit);
  void reply.header('x-total-count', String(all.length));
  return pageOf(all, page);
}

/** A direct edge, shaped as the service sends it (attributes null when the edge carries none). */
export function edgeTo(id: string, type: GraphType, attributes: GraphAttributes = null): GraphConnection {
  return { attributes, to: { attributes: null, id, type } };
}

/** A user named in a v2 path or body: 400 for a malformed id, 404 for an unknown one. */
export function requireUserId(directory: Directory, id: string): SimUser {
  if (!isObjectId(id)) throw badRequest(`Invalid user ID "${id}": not an ObjectID`, { reason: 'invalidId' });
  const user = directory.getUser(id);
  if (!user) throw notFound(`User ${id} not found`);
  return user;
}

export function requireSystemId(directory: Directory, id: string): SimSystem {
  if (!isObjectId(id))
    throw badRequest(`Invalid system ID "${id}": not an ObjectID`, { reason: 'invalidSystemId' });
  const system = directory.inventory.getSystem(id);
  if (!system) throw notFound(`System ${id} not found`);
  return system;
}
