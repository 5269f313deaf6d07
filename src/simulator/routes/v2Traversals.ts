// v2 graph traversals (GOWP lists with `paths`): a user's systems and applications, a system's users, an
// application's users and user groups. Each takes limit, skip and filter; results are in id order.
import type { FastifyInstance } from 'fastify';
import type { GraphObjectWithPaths } from '../../jumpcloud/types.js';
import { queryOf, requireParam, type RouteContext } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { v2Filter } from '../filters.js';
import { isObjectId } from '../objectId.js';
import {
  applicationUserGroups,
  applicationUsers,
  systemUsers,
  userApplications,
  userSystems,
} from '../traversal.js';
import { listAnswer, requireSystemId, requireUserId } from './v2Common.js';

export function registerV2Traversals(app: FastifyInstance, ctx: RouteContext): void {
  const { directory } = ctx;

  const requireApplicationId = (id: string): string => {
    if (!isObjectId(id))
      throw badRequest(`Invalid application ID "${id}": not an ObjectID`, { reason: 'invalidApplicationId' });
    if (!directory.applications.get(id)) throw notFound(`Application ${id} not found`);
    return id;
  };

  const traversal = (
    path: string,
    param: string,
    resolve: (id: string) => string,
    walk: (id: string) => GraphObjectWithPaths[],
  ): void => {
    app.get(path, (request, reply) => {
      const id = resolve(requireParam(request.params, param));
      const query = queryOf(request);
      return listAnswer(reply, walk(id).filter(v2Filter(query)), query);
    });
  };

  const userId = (id: string): string => requireUserId(directory, id)._id;
  const systemId = (id: string): string => requireSystemId(directory, id)._id;

  traversal('/api/v2/users/:user_id/systems', 'user_id', userId, (id) => userSystems(directory, id));
  traversal('/api/v2/users/:user_id/applications', 'user_id', userId, (id) =>
    userApplications(directory, id),
  );
  traversal('/api/v2/systems/:system_id/users', 'system_id', systemId, (id) => systemUsers(directory, id));
  traversal('/api/v2/applications/:application_id/users', 'application_id', requireApplicationId, (id) =>
    applicationUsers(directory, id),
  );
  traversal('/api/v2/applications/:application_id/usergroups', 'application_id', requireApplicationId, (id) =>
    applicationUserGroups(directory, id),
  );
}
