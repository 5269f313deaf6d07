import { JumpCloudApiError } from './errors.js';
import type { JumpCloudRequester, Query, QueryValue } from './http/types.js';

/** Told after each page arrives, before its items are handed out. */
export interface PageInfo {
  /** 1-based page number. */
  page: number;
  /** The `skip` this page was fetched with. */
  skip: number;
  /** Items on this page. */
  count: number;
}

interface CommonPageOptions {
  /** `limit` per request. JumpCloud caps most lists at 100 (System Insights at 10000). @default 100 */
  pageSize?: number;
  /**
   * Sort fields. Paging with `skip` is only stable on a unique sort, so the default is `_id` (v1) or `id`
   * (v2). Pass `false` for endpoints that take no `sort` (e.g. v2 `/usergroups/{id}/members`).
   * @default '_id' (v1), 'id' (v2)
   */
  sort?: string | readonly string[] | false;
  /** Fields to return; joined with spaces (v1) or commas (v2). @default all fields */
  fields?: string | readonly string[];
  /** Filters, ANDed. v1 `field:$op:value`, sent as `filter[0]=…&filter[1]=…`; v2 `field:op:value`, comma-joined. */
  filter?: string | readonly string[];
  /** Extra query parameters (e.g. v2 `targets`, v1 `search`). */
  query?: Query;
  signal?: AbortSignal;
  /** Runs after each page arrives: the place to heartbeat a long listing. Awaited. */
  onPage?: (info: PageInfo) => void | Promise<void>;
}

export type V1PageOptions = CommonPageOptions;
export type V2PageOptions = CommonPageOptions;

export const DEFAULT_PAGE_SIZE = 100;

interface Dialect {
  defaultSort: string;
  /** How list-valued `sort` / `fields` are joined. */
  separator: string;
  filterParams(filter: string | readonly string[]): Record<string, QueryValue>;
  /** Pulls the items out of one page body, or returns undefined when the shape is wrong. */
  items(body: unknown): unknown[] | undefined;
  shape: string;
}

const V1: Dialect = {
  defaultSort: '_id',
  separator: ' ',
  filterParams: (filter) =>
    typeof filter === 'string'
      ? { filter }
      : Object.fromEntries(filter.map((f, i) => [`filter[${i}]`, f] as const)),
  items: (body) => {
    const results = (body as { results?: unknown } | null | undefined)?.results;
    return Array.isArray(results) ? results : undefined;
  },
  shape: '{totalCount, results: [...]}',
};

const V2: Dialect = {
  defaultSort: 'id',
  separator: ',',
  // The v2 spec declares `filter` as an array with explode: false, i.e. one comma-joined parameter.
  filterParams: (filter) => ({ filter: typeof filter === 'string' ? filter : filter.join(',') }),
  items: (body) => (Array.isArray(body) ? body : undefined),
  shape: 'a JSON array',
};

/** Whole pages of a v1 list (`{totalCount, results}`), until a page comes back shorter than the limit. */
export function pagesV1<T>(
  client: JumpCloudRequester,
  path: string,
  options: V1PageOptions = {},
): AsyncGenerator<T[], void, undefined> {
  return pages<T>(client, path, options, V1);
}

/** Whole pages of a v2 list (bare arrays), until a page comes back shorter than the limit. */
export function pagesV2<T>(
  client: JumpCloudRequester,
  path: string,
  options: V2PageOptions = {},
): AsyncGenerator<T[], void, undefined> {
  return pages<T>(client, path, options, V2);
}

/** Items of a v1 list, one at a time. */
export async function* paginateV1<T>(
  client: JumpCloudRequester,
  path: string,
  options: V1PageOptions = {},
): AsyncGenerator<T, void, undefined> {
  for await (const page of pages<T>(client, path, options, V1)) yield* page;
}

/** Items of a v2 list, one at a time. */
export async function* paginateV2<T>(
  client: JumpCloudRequester,
  path: string,
  options: V2PageOptions = {},
): AsyncGenerator<T, void, undefined> {
  for await (const page of pages<T>(client, path, options, V2)) yield* page;
}

async function* pages<T>(
  client: JumpCloudRequester,
  path: string,
  options: CommonPageOptions,
  dialect: Dialect,
): AsyncGenerator<T[], void, undefined> {
  const limit = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1)
    throw new TypeError(`JumpCloud paging: pageSize must be an integer ≥ 1`);
  const fixed: Record<string, QueryValue> = { ...options.query };
  const sort = options.sort ?? dialect.defaultSort;
  if (sort !== false) fixed.sort = joinList(sort, dialect.separator);
  if (options.fields !== undefined) fixed.fields = joinList(options.fields, dialect.separator);
  if (options.filter !== undefined && options.filter.length > 0)
    Object.assign(fixed, dialect.filterParams(options.filter));

  let skip = 0;
  for (let page = 1; ; page++) {
    const body = await client.request<unknown>({
      method: 'GET',
      path,
      query: { ...fixed, limit, skip },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const items = dialect.items(body);
    if (items === undefined) {
      throw new JumpCloudApiError({
        method: 'GET',
        path,
        status: 200,
        reason: 'InvalidResponse',
        jumpcloudMessage: `expected a list page shaped as ${dialect.shape}`,
      });
    }
    await options.onPage?.({ page, skip, count: items.length });
    if (items.length > 0) yield items as T[];
    // Counts (totalCount, x-total-count) shift while others write; a short page is the only reliable end.
    if (items.length < limit) return;
    skip += items.length;
  }
}

function joinList(value: string | readonly string[], separator: string): string {
  return typeof value === 'string' ? value : value.join(separator);
}
