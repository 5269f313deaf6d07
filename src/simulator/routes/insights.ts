// Directory Insights, under its own base path as on api.jumpcloud.com: POST /insights/directory/v1/events.
// Answers a JSON array with the paging headers the spec lists (X-Result-Count, X-Limit, X-Sort,
// X-Search_after, X-Request-Id); errors are `{message}` (see errors.ts).
import type { FastifyInstance } from 'fastify';
import type { InsightsLog } from '../insights.js';
import { parseEventQuery, runEventQuery } from '../insightsQuery.js';

export const INSIGHTS_BASE = '/insights/directory/v1';

export function registerInsights(app: FastifyInstance, deps: { insights: InsightsLog }): void {
  let requests = 0;
  app.post(`${INSIGHTS_BASE}/events`, (request, reply) => {
    const query = parseEventQuery(request.body);
    const { page, searchAfter } = runEventQuery(deps.insights.list(), query);
    requests += 1;
    void reply
      .header('x-result-count', String(page.length))
      .header('x-limit', String(query.limit))
      .header('x-sort', query.sort)
      .header('x-request-id', `sim-di-${String(requests).padStart(8, '0')}`);
    if (searchAfter) void reply.header('x-search_after', JSON.stringify(searchAfter));
    return page;
  });
}
