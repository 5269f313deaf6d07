// v1 /api/organizations: the list (entries carry only what the list schema declares: _id, displayName,
// logoUrl) and the full record. Clients also call the list to check that an API key works.
import type { FastifyInstance } from 'fastify';
import type { OrganizationListEntry } from '../../jumpcloud/types.js';
import { badRequest, notFound } from '../errors.js';
import { v1Filter } from '../filters.js';
import { isObjectId } from '../objectId.js';
import { pageOf, parseFields, parsePage, parseSort, project, sortRecords } from '../paging.js';
import { headerOf, queryOf, requireParam, type RouteContext } from '../context.js';

export function registerV1Organizations(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/organizations', (request) => {
    const query = queryOf(request);
    const page = parsePage(query);
    const fields = parseFields(query['fields'], ' ');
    const predicate = v1Filter(query, headerOf(request, 'x-eventually-consistent') === 'true');
    const org = ctx.directory.organization;
    const entries: OrganizationListEntry[] = [
      { _id: org._id, displayName: org.displayName, logoUrl: org.logoUrl },
    ];
    const matching = sortRecords(entries.filter(predicate), parseSort(query['sort'], ' '), '_id');
    return {
      totalCount: matching.length,
      results: pageOf(matching, page).map((entry) => project(entry, fields, ['_id'])),
    };
  });

  app.get('/api/organizations/:id', (request) => {
    const id = requireParam(request.params, 'id');
    if (!isObjectId(id)) throw badRequest(`Invalid organization ID "${id}"`);
    if (id !== ctx.directory.organization._id) throw notFound('Organization not found');
    return project(ctx.directory.organization, parseFields(queryOf(request)['fields'], ' '), ['_id']);
  });
}
