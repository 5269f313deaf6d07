// v2 policies and policy results (API-NOTES §5): the org's policies, and every result of applying one on a
// device, as bare arrays with the usual v2 paging, filter and sort.
import type { FastifyInstance } from 'fastify';
import type { PolicyResult } from '../../jumpcloud/types.js';
import { queryOf, type RouteContext } from '../context.js';
import { MATCH_ALL, applyFilter, v2Filter } from '../filters.js';
import { parseFields, parsePage, parseSort, project, sortRecords } from '../paging.js';
import { listAnswer } from './v2Common.js';

export function registerV2Policies(app: FastifyInstance, ctx: RouteContext): void {
  const { policies } = ctx.directory;

  app.get('/api/v2/policies', (request, reply) => {
    const query = queryOf(request);
    const fields = parseFields(query['fields'], ',');
    const matching = sortRecords(
      applyFilter(policies.list(), v2Filter(query)),
      parseSort(query['sort'], ','),
      'id',
    );
    return listAnswer(reply, matching, query).map((policy) => project(policy, fields, ['id']));
  });

  app.get('/api/v2/policyresults', (request, reply) => {
    const query = queryOf(request);
    const page = parsePage(query);
    const fields = parseFields(query['fields'], ',');
    const filter = v2Filter(query);
    const sort = parseSort(query['sort'], ',');
    // Results are materialised per page unless a filter or a sort needs to see them all.
    if (sort.length === 0 || sort.every((k) => k.field === 'id' && !k.descending)) {
      const { total, page: rows } = policies.resultsPage(page.skip, page.limit, filter, filter !== MATCH_ALL);
      void reply.header('x-total-count', String(total));
      return rows.map((r) => project(r, fields, ['id']));
    }
    const all: PolicyResult[] = policies.resultsPage(0, Number.MAX_SAFE_INTEGER, filter, true).page;
    return listAnswer(reply, sortRecords(all, sort, 'id'), query).map((r) => project(r, fields, ['id']));
  });
}
