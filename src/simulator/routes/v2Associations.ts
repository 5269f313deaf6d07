// v2 direct associations of users and systems: GET lists the edges to the requested `targets`
// (required; `explode: false`, so several arrive comma-joined), POST adds, removes or updates one.
// The simulator models user ↔ system / system group / application and system ↔ user / user group; other
// documented targets (policies, RADIUS servers, …) list as empty and cannot be the object of a POST (404).
//
// Like group members: adding an existing edge is 409, removing a missing one 404 (API-NOTES §5 [infer]).
// Every change is audited once, under one name whichever side it was made from, e.g.
// 'user.system.associate' / 'user.system.unassociate' / 'user.system.update' (user or user group first).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GraphAttributes, GraphConnection } from '../../jumpcloud/types.js';
import type { GraphNode, NodeType } from '../associations.js';
import { readSystemAssociationChange, readUserAssociationChange } from '../bodies.js';
import { queryOf, record, requireParam, type RouteContext } from '../context.js';
import { ApiError, badRequest, conflict, notFound } from '../errors.js';
import { isObjectId } from '../objectId.js';
import { sortRecords } from '../paging.js';
import { edgeTo, listAnswer, objectIdParam, requireSystemId, requireUserId } from './v2Common.js';

const USER_TARGETS = [
  'active_directory',
  'application',
  'g_suite',
  'idp_routing_policy',
  'ldap_server',
  'office_365',
  'password_manager_item',
  'policy',
  'policy_group',
  'radius_server',
  'system',
  'system_group',
] as const;
const SYSTEM_TARGETS = ['command', 'policy', 'policy_group', 'user', 'user_group'] as const;
const SYSTEM_GROUP_TARGETS = [
  'command',
  'policy',
  'policy_group',
  'radius_server',
  'user',
  'user_group',
] as const;
const APPLICATION_TARGETS = ['agent_group', 'user', 'user_group'] as const;
const MODELLED: ReadonlySet<string> = new Set([
  'system',
  'system_group',
  'application',
  'user',
  'user_group',
]);

function parseTargets(query: Record<string, unknown>, allowed: readonly string[]): string[] {
  const raw = query['targets'];
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (values.length === 0) throw badRequest('targets is required', { reason: 'nullTargets' });
  for (const target of values) {
    if (!allowed.includes(target))
      throw badRequest(`Invalid targets: "${target}" is not one of ${allowed.join(', ')}`, {
        reason: 'invalidTargets',
      });
  }
  return [...new Set(values)];
}

/** How a node type is spelled in audit operation names (no underscores, as 'usergroup.member.add'). */
const AUDIT_NAMES: Record<NodeType, string> = {
  user: 'user',
  user_group: 'usergroup',
  system: 'system',
  system_group: 'systemgroup',
  application: 'application',
};
/** How the other end is named in the audit detail, e.g. `{systemId}`. */
const DETAIL_KEYS: Record<NodeType, string> = {
  user: 'userId',
  user_group: 'userGroupId',
  system: 'systemId',
  system_group: 'systemGroupId',
  application: 'applicationId',
};

/** Names the edge a–b from its user (or user group) side, whichever side the request came from. */
function auditSubject(
  a: GraphNode,
  b: GraphNode,
): { prefix: string; targetId: string; detail: Record<string, string> } {
  const [subject, other] = a.type === 'user' || a.type === 'user_group' ? [a, b] : [b, a];
  return {
    prefix: `${AUDIT_NAMES[subject.type]}.${AUDIT_NAMES[other.type]}.`,
    targetId: subject.id,
    detail: { [DETAIL_KEYS[other.type]]: other.id },
  };
}

export function registerV2Associations(app: FastifyInstance, ctx: RouteContext): void {
  const { directory } = ctx;
  const { associations } = directory;

  /** The object a POST names, which must exist (404) and be of a type the simulator models. */
  const requireTarget = (type: string, id: string): GraphNode => {
    if (!isObjectId(id))
      throw badRequest(`Invalid ${type} ID "${id}": not an ObjectID`, { reason: 'invalidId' });
    const exists =
      (type === 'system' && directory.inventory.getSystem(id)) ||
      (type === 'system_group' && directory.inventory.getSystemGroup(id)) ||
      (type === 'application' && directory.applications.get(id)) ||
      (type === 'user' && directory.getUser(id)) ||
      (type === 'user_group' && directory.getGroup(id));
    if (!MODELLED.has(type) || !exists) throw notFound(`${type} ${id} not found`);
    return { type: type, id };
  };

  const list = (from: GraphNode, targets: string[]): readonly GraphConnection[] =>
    sortRecords(
      targets
        .filter((target) => MODELLED.has(target))
        .flatMap((target) =>
          associations
            .neighbours(from, target as NodeType)
            .map((n) => edgeTo(n.id, target as NodeType, n.attributes)),
        ),
      [{ field: 'to.type', descending: false }],
      'to.id',
    );

  const change = (
    request: FastifyRequest,
    from: GraphNode,
    body: { op: 'add' | 'remove' | 'update'; type: string; id: string; attributes?: GraphAttributes },
  ): void => {
    const to = requireTarget(body.type, body.id);
    const exists = associations.has(from, to);
    const { prefix, targetId, detail } = auditSubject(from, to);
    const audit = (verb: string): void =>
      record(ctx, request, { operation: prefix + verb, targetId, detail });
    switch (body.op) {
      case 'add':
        if (exists) throw conflict(`${from.type} ${from.id} is already associated with ${to.type} ${to.id}`);
        associations.add(from, to, body.attributes ?? null);
        audit('associate');
        break;
      case 'remove':
        if (!exists) throw notFound(`${from.type} ${from.id} is not associated with ${to.type} ${to.id}`);
        associations.remove(from, to);
        audit('unassociate');
        break;
      case 'update':
        if (!exists) throw notFound(`${from.type} ${from.id} is not associated with ${to.type} ${to.id}`);
        associations.update(from, to, body.attributes ?? null);
        audit('update');
        break;
      default:
        throw new ApiError(400, 'Invalid op');
    }
  };

  app.get('/api/v2/users/:user_id/associations', (request, reply) => {
    const user = requireUserId(directory, requireParam(request.params, 'user_id'));
    const query = queryOf(request);
    return listAnswer(reply, list({ type: 'user', id: user._id }, parseTargets(query, USER_TARGETS)), query);
  });

  app.post('/api/v2/users/:user_id/associations', (request, reply) => {
    const user = requireUserId(directory, requireParam(request.params, 'user_id'));
    change(request, { type: 'user', id: user._id }, readUserAssociationChange(request.body));
    return reply.code(204).send();
  });

  app.get('/api/v2/systems/:system_id/associations', (request, reply) => {
    const system = requireSystemId(directory, requireParam(request.params, 'system_id'));
    const query = queryOf(request);
    return listAnswer(
      reply,
      list({ type: 'system', id: system._id }, parseTargets(query, SYSTEM_TARGETS)),
      query,
    );
  });

  // Read-only here: device groups and applications are bound from the user side in the simulator's tests.
  app.get('/api/v2/systemgroups/:group_id/associations', (request, reply) => {
    const id = objectIdParam(request.params, 'group_id', 'Group');
    if (!directory.inventory.getSystemGroup(id)) throw notFound(`System group ${id} not found`);
    const query = queryOf(request);
    return listAnswer(
      reply,
      list({ type: 'system_group', id }, parseTargets(query, SYSTEM_GROUP_TARGETS)),
      query,
    );
  });

  app.get('/api/v2/applications/:application_id/associations', (request, reply) => {
    const id = objectIdParam(request.params, 'application_id', 'Application');
    if (!directory.applications.get(id)) throw notFound(`Application ${id} not found`);
    const query = queryOf(request);
    return listAnswer(
      reply,
      list({ type: 'application', id }, parseTargets(query, APPLICATION_TARGETS)),
      query,
    );
  });

  app.post('/api/v2/systems/:system_id/associations', (request, reply) => {
    const system = requireSystemId(directory, requireParam(request.params, 'system_id'));
    change(request, { type: 'system', id: system._id }, readSystemAssociationChange(request.body));
    return reply.code(204).send();
  });
}
