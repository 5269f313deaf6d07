// v2 System Insights software tables: /systeminsights/apps (macOS) and /systeminsights/programs (Windows).
// limit up to 10000 (API-NOTES §2); filters only `eq` and `in` (`system_id:in:a|b`), on `system_id` and
// `bundle_name` (apps) or `name` (programs), as documented; `sort` on any column (`-` for descending).
// Rows come in device id order, then by name, which is also what `sort=system_id,name` asks for.
import type { FastifyInstance } from 'fastify';
import { queryOf, type RouteContext } from '../context.js';
import { badRequest } from '../errors.js';
import { splitTerms } from '../filters.js';
import { parsePage, parseSort, sortRecords, type SortKey } from '../paging.js';
import type { SoftwareRow, SoftwareTable } from '../software.js';

export const SYSTEM_INSIGHTS_MAX_LIMIT = 10_000;

interface Clause {
  field: string;
  values: Set<string>;
}

function parseFilter(query: Record<string, unknown>, allowed: readonly string[]): Clause[] {
  const raw = query['filter'];
  const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (v): v is string => typeof v === 'string',
  );
  return list
    .flatMap((v) => v.split(/,(?=[\w.]+:(?:eq|in):)/))
    .filter((v) => v !== '')
    .map((clause) => {
      const m = /^([\w.]+):(eq|in):(.*)$/.exec(clause);
      if (!m)
        throw badRequest(
          `Invalid filter "${clause}": System Insights supports field:eq:value and field:in:a|b`,
        );
      const [, field = '', op, value = ''] = m;
      if (!allowed.includes(field))
        throw badRequest(`Invalid filter field "${field}": one of ${allowed.join(', ')}`);
      return { field, values: new Set(op === 'in' ? splitTerms(value) : [value]) };
    });
}

/** One row as the table's schema has it (every declared column present; unknowns null). */
function appRow(row: SoftwareRow, collected: string): Record<string, unknown> {
  const bundle = row.item.name.replace(/\.app$/, '');
  return {
    system_id: row.system._id,
    name: row.item.name,
    path: `/Applications/${row.item.name}`,
    bundle_name: bundle,
    bundle_identifier: `com.${row.item.publisher.toLowerCase().replace(/[^a-z]+/g, '')}.${bundle.toLowerCase().replace(/[^a-z0-9]+/g, '')}`,
    bundle_short_version: row.item.version,
    bundle_version: row.item.version,
    bundle_executable: bundle,
    bundle_package_type: 'APPL',
    display_name: bundle,
    copyright: `© ${row.item.publisher}`,
    category: 'public.app-category.productivity',
    minimum_system_version: '12.0',
    last_opened_time: null,
    collection_time: collected,
  };
}

function programRow(row: SoftwareRow, collected: string): Record<string, unknown> {
  return {
    system_id: row.system._id,
    name: row.item.name,
    version: row.item.version,
    publisher: row.item.publisher,
    install_date: '20240115',
    install_location: `C:\\Program Files\\${row.item.name}`,
    install_source: null,
    identifying_number: null,
    language: null,
    uninstall_string: null,
    collection_time: collected,
  };
}

/** System Insights' own time format ("2019-06-03 19:41:30"): when the agent last reported. */
function collectionTime(row: SoftwareRow): string {
  const at = row.system.lastContact ?? row.system.created;
  return new Date(at).toISOString().slice(0, 19).replace('T', ' ');
}

/** The order rows are kept in: asking for it (or a prefix of it) needs no sorting. */
const NATURAL = ['system_id', 'name'];
const natural = (keys: readonly SortKey[]): boolean =>
  keys.every((k, i) => !k.descending && k.field === NATURAL[i]);

export function registerV2SystemInsights(app: FastifyInstance, ctx: RouteContext): void {
  const { software } = ctx.directory;

  const table = (path: string, which: SoftwareTable, nameField: string, toRow: typeof appRow): void => {
    app.get(path, (request, reply) => {
      const query = queryOf(request);
      const page = parsePage(query, SYSTEM_INSIGHTS_MAX_LIMIT);
      const clauses = parseFilter(query, ['system_id', nameField]);
      const bySystem = clauses.find((c) => c.field === 'system_id')?.values;
      const byName = clauses.find((c) => c.field === nameField)?.values;
      const sort = parseSort(query['sort'], ',');
      if (!byName && natural(sort)) {
        const { total, rows } = software.page(which, page.skip, page.limit, bySystem);
        void reply.header('x-total-count', String(total));
        return rows.map((row) => toRow(row, collectionTime(row)));
      }
      const all = software
        .page(which, 0, Number.MAX_SAFE_INTEGER, bySystem)
        .rows.map((row) => toRow(row, collectionTime(row)))
        .filter((row) => !byName || byName.has(String(row[nameField])));
      const unknown = sort.find((k) => all[0] !== undefined && !(k.field in all[0]));
      if (unknown) throw badRequest(`Invalid sort field "${unknown.field}": not a column of this table`);
      const sorted = natural(sort)
        ? all
        : sortRecords(all, [...sort, { field: 'name', descending: false }], 'system_id');
      void reply.header('x-total-count', String(sorted.length));
      return sorted.slice(page.skip, page.skip + page.limit);
    });
  };
  table('/api/v2/systeminsights/apps', 'apps', 'bundle_name', appRow);
  table('/api/v2/systeminsights/programs', 'programs', 'name', programRow);
}
