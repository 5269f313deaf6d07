// v1 /api/applications: SSO applications (list with filter, sort — `name` by default, as documented —
// fields and paging; and one application). Who may use them is served by the v2 graph routes.
import type { FastifyInstance } from 'fastify';
import { queryOf, requireParam, type RouteContext } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { v1Filter } from '../filters.js';
import { isObjectId } from '../objectId.js';
import { pageOf, parseFields, parsePage, parseSort, project, sortRecords } from '../paging.js';

/** Always returned, whatever `fields` asks: the id, and what the spec's schema marks as required. */
const ALWAYS = ['_id', 'name', 'ssoUrl', 'config'] as const;

export function registerV1Applications(app: FastifyInstance, ctx: RouteContext): void {
  const { applications } = ctx.directory;

  app.get('/api/applications', (request) => {
    const query = queryOf(request);
    const page = parsePage(query);
    const fields = parseFields(query['fields'], ' ');
    const filter = v1Filter(query, false);
    const sort =
      query['sort'] === undefined ? [{ field: 'name', descending: false }] : parseSort(query['sort'], ' ');
    const matching = sortRecords(applications.list().filter(filter), sort, '_id');
    return {
      totalCount: matching.length,
      // The list envelope names the collection (API-NOTES §2: "`/applications` also has `name`").
      name: 'applications',
      results: pageOf(matching, page).map((application) => project(application, fields, ALWAYS)),
    };
  });

  app.get('/api/applications/:id', (request) => {
    const id = requireParam(request.params, 'id');
    if (!isObjectId(id)) throw badRequest(`Invalid application ID "${id}": not an ObjectID`);
    const application = applications.get(id);
    if (!application) throw notFound(`Application ${id} not found`);
    return application;
  });
}
