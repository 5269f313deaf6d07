// v1 /api/systems: the device list (filter, search, sort, fields, paging) and one device. Devices are
// enrolled by the agent, not through this API, so the simulator serves no POST; tests plant devices with
// `directory.inventory.addSystem`.
import type { FastifyInstance } from 'fastify';
import { headerOf, queryOf, requireParam, type RouteContext } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { applyFilter, both, v1Filter, v1Search } from '../filters.js';
import type { SimSystem } from '../model.js';
import { isObjectId } from '../objectId.js';
import { pageOf, parseFields, parsePage, parseSort, project, sortRecords } from '../paging.js';

const ID_FIELDS = ['_id'] as const;
/** What a bare `search=` looks in on systems. */
const SEARCH_FIELDS = ['hostname', 'displayName', 'serialNumber'] as const;

export function registerV1Systems(app: FastifyInstance, ctx: RouteContext): void {
  const { inventory } = ctx.directory;

  const requireSystem = (params: unknown): SimSystem => {
    const id = requireParam(params, 'id');
    if (!isObjectId(id)) throw badRequest(`Invalid system ID "${id}": not an ObjectID`);
    const system = inventory.getSystem(id);
    if (!system) throw notFound(`System ${id} not found`);
    return system;
  };

  app.get('/api/systems', (request) => {
    const query = queryOf(request);
    const page = parsePage(query);
    const fields = parseFields(query['fields'], ' ');
    const filter = v1Filter(query, headerOf(request, 'x-eventually-consistent') === 'true');
    const search = v1Search(query, SEARCH_FIELDS);
    const matching = sortRecords(
      applyFilter(inventory.systems(), both(filter, search)),
      parseSort(query['sort'], ' '),
      '_id',
    );
    return {
      totalCount: matching.length,
      results: pageOf(matching, page).map((system) => project(system, fields, ID_FIELDS)),
    };
  });

  app.get('/api/systems/:id', (request) =>
    project(requireSystem(request.params), parseFields(queryOf(request)['fields'], ' '), ID_FIELDS),
  );
}
