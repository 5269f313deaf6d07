// v2 user groups, their direct members and a user's groups. v2 lists are bare JSON arrays (see
// v2Common.listAnswer for the total-count header).
import type { FastifyInstance } from 'fastify';
import type { GraphObjectWithPaths } from '../../jumpcloud/types.js';
import { readCreateUserGroup, readUserGroupMemberChange } from '../bodies.js';
import { queryOf, record, requireParam, type RouteContext } from '../context.js';
import { ApiError, badRequest, conflict, notFound } from '../errors.js';
import { applyFilter, v2Filter } from '../filters.js';
import type { SimGroup, SimUser } from '../model.js';
import { isObjectId } from '../objectId.js';
import { parseFields, parseSort, project, sortRecords } from '../paging.js';
import { edgeTo, listAnswer, objectIdParam } from './v2Common.js';

export function registerV2Groups(app: FastifyInstance, ctx: RouteContext): void {
  const { directory } = ctx;

  const requireGroup = (params: unknown, name: string): SimGroup => {
    const id = objectIdParam(params, name, 'Group');
    const group = directory.getGroup(id);
    if (!group) throw notFound(`User group ${id} not found`);
    return group;
  };
  const requireUser = (id: string): SimUser => {
    if (!isObjectId(id))
      throw badRequest(`Invalid user ID "${id}": not an ObjectID`, { reason: 'invalidId' });
    const user = directory.getUser(id);
    if (!user) throw notFound(`User ${id} not found`);
    return user;
  };

  app.get('/api/v2/usergroups', (request, reply) => {
    const query = queryOf(request);
    const fields = parseFields(query['fields'], ',');
    const matching = sortRecords(
      applyFilter(directory.groups(), v2Filter(query)),
      parseSort(query['sort'], ','),
      'id',
    );
    return listAnswer(reply, matching, query).map((group) => project(group, fields, ['id']));
  });

  app.get('/api/v2/usergroups/:id', (request) => requireGroup(request.params, 'id'));

  app.post('/api/v2/usergroups', (request, reply) => {
    const body = readCreateUserGroup(request.body);
    if (body.name.trim() === '') {
      throw badRequest('Invalid request body: name must not be empty', {
        reason: 'invalidName',
        fieldViolations: [{ field: 'name', description: 'must not be empty' }],
      });
    }
    if (directory.groupByName(body.name)) throw conflict(`A user group named "${body.name}" already exists`);
    const group = directory.addGroup(
      {
        name: body.name,
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.email !== undefined ? { email: body.email } : {}),
        ...(body.attributes !== undefined ? { attributes: body.attributes } : {}),
        ...(body.membershipMethod !== undefined ? { membershipMethod: body.membershipMethod } : {}),
        ...(body.memberQuery !== undefined ? { memberQuery: body.memberQuery } : {}),
        ...(body.memberQueryExemptions !== undefined
          ? { memberQueryExemptions: body.memberQueryExemptions }
          : {}),
        ...(body.memberSuggestionsNotify !== undefined
          ? { memberSuggestionsNotify: body.memberSuggestionsNotify }
          : {}),
      },
      { at: ctx.now() },
    );
    record(ctx, request, { operation: 'usergroup.create', targetId: group.id, detail: { name: group.name } });
    return reply.code(201).send(group);
  });

  app.post('/api/v2/usergroups/:group_id/members', (request, reply) => {
    const group = requireGroup(request.params, 'group_id');
    const change = readUserGroupMemberChange(request.body);
    const user = requireUser(change.id);
    const member = directory.isMember(group.id, user._id);
    switch (change.op) {
      case 'add':
        if (member) throw conflict(`User ${user._id} is already a member of user group ${group.id}`);
        directory.addMember(group.id, user._id);
        record(ctx, request, {
          operation: 'usergroup.member.add',
          targetId: group.id,
          detail: { userId: user._id },
        });
        break;
      case 'remove':
        if (!member) throw notFound(`User ${user._id} is not a member of user group ${group.id}`);
        directory.removeMember(group.id, user._id);
        record(ctx, request, {
          operation: 'usergroup.member.remove',
          targetId: group.id,
          detail: { userId: user._id },
        });
        break;
      case 'update':
        // Member edges of user groups carry no attributes the simulator models: nothing to change.
        if (!member) throw notFound(`User ${user._id} is not a member of user group ${group.id}`);
        break;
      default:
        throw new ApiError(400, 'Invalid op');
    }
    return reply.code(204).send();
  });

  app.get('/api/v2/usergroups/:group_id/members', (request, reply) => {
    const group = requireGroup(request.params, 'group_id');
    // Edges are built for the page only: "All Staff" of a big directory is tens of thousands of members.
    return listAnswer(reply, directory.sortedMembersOf(group.id), queryOf(request)).map((userId) =>
      edgeTo(userId, 'user'),
    );
  });

  app.get('/api/v2/users/:user_id/memberof', (request, reply) => {
    const user = requireUser(requireParam(request.params, 'user_id'));
    const query = queryOf(request);
    const memberOf: GraphObjectWithPaths[] = directory.groupsOf(user._id).map((groupId) => {
      const group = directory.getGroup(groupId);
      const attributes = group?.attributes;
      return {
        id: groupId,
        type: 'user_group',
        // Direct membership: one hop, user → group ("from" is left out as clear from context).
        paths: [[edgeTo(groupId, 'user_group')]],
        ...(attributes && Object.keys(attributes).length > 0 ? { compiledAttributes: attributes } : {}),
      };
    });
    // The documented filter fields here are `object_id` and `type`.
    const matching = sortRecords(
      memberOf.filter(v2Filter(query, { object_id: 'id' })),
      parseSort(query['sort'], ','),
      'id',
    );
    return listAnswer(reply, matching, query);
  });
}
