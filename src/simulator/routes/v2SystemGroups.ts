// v2 system groups (device groups): list, one group, direct members (add/remove) and resolved membership,
// and a system's groups. Same conventions as the user group routes.
import type { FastifyInstance } from 'fastify';
import { readSystemGroupMemberChange } from '../bodies.js';
import { queryOf, record, requireParam, type RouteContext } from '../context.js';
import { ApiError, conflict, notFound } from '../errors.js';
import { applyFilter, v2Filter } from '../filters.js';
import type { SimSystemGroup } from '../model.js';
import { parseFields, parseSort, project, sortRecords } from '../paging.js';
import { systemGroupMembership, systemMemberOf } from '../traversal.js';
import { edgeTo, listAnswer, objectIdParam, requireSystemId } from './v2Common.js';

export function registerV2SystemGroups(app: FastifyInstance, ctx: RouteContext): void {
  const { directory } = ctx;
  const { inventory } = directory;

  const requireGroup = (params: unknown, name: string): SimSystemGroup => {
    const id = objectIdParam(params, name, 'Group');
    const group = inventory.getSystemGroup(id);
    if (!group) throw notFound(`System group ${id} not found`);
    return group;
  };

  app.get('/api/v2/systemgroups', (request, reply) => {
    const query = queryOf(request);
    const fields = parseFields(query['fields'], ',');
    const matching = sortRecords(
      applyFilter(inventory.systemGroups(), v2Filter(query)),
      parseSort(query['sort'], ','),
      'id',
    );
    return listAnswer(reply, matching, query).map((group) => project(group, fields, ['id']));
  });

  app.get('/api/v2/systemgroups/:id', (request) => requireGroup(request.params, 'id'));

  app.get('/api/v2/systemgroups/:group_id/members', (request, reply) => {
    const group = requireGroup(request.params, 'group_id');
    return listAnswer(reply, inventory.sortedMembersOf(group.id), queryOf(request)).map((systemId) =>
      edgeTo(systemId, 'system'),
    );
  });

  app.post('/api/v2/systemgroups/:group_id/members', (request, reply) => {
    const group = requireGroup(request.params, 'group_id');
    const change = readSystemGroupMemberChange(request.body);
    const system = requireSystemId(directory, change.id);
    const member = inventory.isMember(group.id, system._id);
    switch (change.op) {
      case 'add':
        if (member) throw conflict(`System ${system._id} is already a member of system group ${group.id}`);
        inventory.addMember(group.id, system._id);
        record(ctx, request, {
          operation: 'systemgroup.member.add',
          targetId: group.id,
          detail: { systemId: system._id },
        });
        break;
      case 'remove':
        if (!member) throw notFound(`System ${system._id} is not a member of system group ${group.id}`);
        inventory.removeMember(group.id, system._id);
        record(ctx, request, {
          operation: 'systemgroup.member.remove',
          targetId: group.id,
          detail: { systemId: system._id },
        });
        break;
      case 'update':
        if (!member) throw notFound(`System ${system._id} is not a member of system group ${group.id}`);
        break;
      default:
        throw new ApiError(400, 'Invalid op');
    }
    return reply.code(204).send();
  });

  app.get('/api/v2/systemgroups/:group_id/membership', (request, reply) => {
    const group = requireGroup(request.params, 'group_id');
    const query = queryOf(request);
    const matching = sortRecords(
      systemGroupMembership(directory, group.id).filter(v2Filter(query)),
      parseSort(query['sort'], ','),
      'id',
    );
    return listAnswer(reply, matching, query);
  });

  app.get('/api/v2/systems/:system_id/memberof', (request, reply) => {
    const system = requireSystemId(directory, requireParam(request.params, 'system_id'));
    const query = queryOf(request);
    const matching = sortRecords(
      systemMemberOf(directory, system._id).filter(v2Filter(query, { object_id: 'id' })),
      parseSort(query['sort'], ','),
      'id',
    );
    return listAnswer(reply, matching, query);
  });
}
