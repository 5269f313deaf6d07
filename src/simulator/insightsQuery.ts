// POST /insights/directory/v1/events: the query body (API-NOTES §6) checked and applied to the event log.
// Paging is `search_after`: the sort values of the last event returned ([timestamp ms, id]), sent back in
// the `X-Search_after` header; a page shorter than `X-Limit` is the last.
import { badRequest } from './errors.js';
import type { InsightsEvent } from './insights.js';
import { getPath } from './values.js';

export const DI_DEFAULT_LIMIT = 1000;
export const DI_MAX_LIMIT = 10_000;

const SERVICES = new Set([
  'all',
  'access_management',
  'alerts',
  'alert',
  'directory',
  'ldap',
  'mdm',
  'notifications',
  'password_manager',
  'password_vault',
  'object_storage',
  'radius',
  'reports',
  'software',
  'sso',
  'systems',
  'asset_management',
  'saas_app_management',
]);

export interface EventQuery {
  services: Set<string>;
  start: number;
  end: number | undefined;
  limit: number;
  sort: 'ASC' | 'DESC';
  searchAfter: [number, string] | undefined;
  terms: ((event: InsightsEvent) => boolean)[];
  fields: string[] | undefined;
}

function time(name: string, value: unknown): number {
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.test(value)
  )
    throw badRequest(`${name} must be an RFC3339 date, got ${JSON.stringify(value)}`);
  const ms = Date.parse(value.endsWith('Z') || /[+-]\d{2}:\d{2}$/.test(value) ? value : `${value}Z`);
  if (Number.isNaN(ms)) throw badRequest(`${name} is not a valid date: ${value}`);
  return ms;
}

/** `{"field": value | [values]}` or `{"field", "operator", "value"}`; a dotted field reads nested keys. */
function termPredicate(term: unknown): (event: InsightsEvent) => boolean {
  if (typeof term !== 'object' || term === null || Array.isArray(term))
    throw badRequest('search_term entries must be objects');
  const t = term as Record<string, unknown>;
  if (typeof t['field'] === 'string' && 'value' in t) {
    const field = t['field'];
    const operator = t['operator'] ?? 'eq';
    const value = t['value'];
    return (event) => {
      const actual = getPath(event, field);
      switch (operator) {
        case 'eq':
          return actual === value;
        case 'ne':
          return actual !== value;
        case 'contains':
          return typeof actual === 'string' && actual.includes(String(value));
        case 'startsWith':
          return typeof actual === 'string' && actual.startsWith(String(value));
        case 'endsWith':
          return typeof actual === 'string' && actual.endsWith(String(value));
        default:
          throw badRequest(`unsupported operator ${JSON.stringify(operator)}`);
      }
    };
  }
  const entries = Object.entries(t);
  return (event) =>
    entries.every(([field, expected]) => {
      const actual = getPath(event, field);
      return Array.isArray(expected) ? expected.includes(actual) : actual === expected;
    });
}

export function parseEventQuery(body: unknown): EventQuery {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('the body must be a JSON object');
  const b = body as Record<string, unknown>;
  const service = b['service'];
  if (!Array.isArray(service) || service.length === 0) throw badRequest('service is required (e.g. ["all"])');
  for (const s of service) {
    if (typeof s !== 'string' || !SERVICES.has(s))
      throw badRequest(`invalid service ${JSON.stringify(s)}: one of ${[...SERVICES].join(', ')}`);
  }
  if (b['start_time'] === undefined) throw badRequest('start_time is required');
  const start = time('start_time', b['start_time']);
  const end = b['end_time'] === undefined ? undefined : time('end_time', b['end_time']);
  if (end !== undefined && end < start) throw badRequest('end_time is before start_time');
  // "any nonsensical values for the limit field will cause the system to return the default row count"
  const rawLimit = b['limit'];
  const limit =
    typeof rawLimit === 'number' && Number.isInteger(rawLimit) && rawLimit > 0 && rawLimit <= DI_MAX_LIMIT
      ? rawLimit
      : DI_DEFAULT_LIMIT;
  // "A bad sort silently falls back to ASC"
  const sort = b['sort'] === 'DESC' ? 'DESC' : 'ASC';
  let searchAfter: [number, string] | undefined;
  const after = b['search_after'];
  if (after !== undefined) {
    if (
      !Array.isArray(after) ||
      after.length !== 2 ||
      typeof after[0] !== 'number' ||
      typeof after[1] !== 'string'
    )
      throw badRequest('search_after must be the X-Search_after value of the previous page');
    searchAfter = [after[0], after[1]];
  }
  const terms: ((event: InsightsEvent) => boolean)[] = [];
  const searchTerm = b['search_term'];
  if (searchTerm !== undefined) {
    if (typeof searchTerm !== 'object' || searchTerm === null)
      throw badRequest('search_term must be an object');
    const st = searchTerm as Record<string, unknown>;
    const list = (key: string): ((e: InsightsEvent) => boolean)[] => {
      const v = st[key];
      if (v === undefined) return [];
      return (Array.isArray(v) ? v : [v]).map(termPredicate);
    };
    const and = list('and');
    const or = list('or');
    const not = list('not');
    if (and.length) terms.push((e) => and.every((p) => p(e)));
    if (or.length) terms.push((e) => or.some((p) => p(e)));
    if (not.length) terms.push((e) => !not.some((p) => p(e)));
  }
  const fields = b['fields'];
  if (
    fields !== undefined &&
    (!Array.isArray(fields) || fields.length === 0 || fields.some((f) => typeof f !== 'string'))
  )
    throw badRequest('fields must be a non-empty list of field names');
  return {
    services: new Set(service as string[]),
    start,
    end,
    limit,
    sort,
    searchAfter,
    terms,
    fields: fields as string[] | undefined,
  };
}

const sortKey = (e: InsightsEvent): [number, string] => [Date.parse(e.timestamp), e.id];

function compareKeys(a: [number, string], b: [number, string]): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
}

/** The page of events answering a query, and the `search_after` value for the next one. */
export function runEventQuery(
  events: readonly InsightsEvent[],
  query: EventQuery,
): { page: Record<string, unknown>[]; searchAfter: [number, string] | undefined } {
  const matching = events.filter((e) => {
    const at = Date.parse(e.timestamp);
    if (at < query.start || (query.end !== undefined && at > query.end)) return false;
    if (!query.services.has('all') && !query.services.has(e.service)) return false;
    if (query.searchAfter) {
      const order = compareKeys(sortKey(e), query.searchAfter);
      if (query.sort === 'ASC' ? order <= 0 : order >= 0) return false;
    }
    return query.terms.every((p) => p(e));
  });
  matching.sort((a, b) => (query.sort === 'ASC' ? 1 : -1) * compareKeys(sortKey(a), sortKey(b)));
  const page = matching.slice(0, query.limit);
  const last = page[page.length - 1];
  const projected = page.map((e) =>
    query.fields
      ? Object.fromEntries(Object.entries(e).filter(([k]) => k === 'timestamp' || query.fields?.includes(k)))
      : { ...e },
  );
  return { page: projected, searchAfter: last ? sortKey(last) : undefined };
}
