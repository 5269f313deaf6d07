// Paging, sorting and field selection shared by the list endpoints.
//
// limit: default 10, at most 100 (the spec says "Limited to 100"). The notes leave open whether a larger
// limit is clamped or refused; the simulator refuses it with 400, because a client that silently gets 100
// rows while believing it asked for 500 would page wrongly, and a 400 makes that bug visible at once.
// limit=0 is allowed and returns no rows (v1 still reports totalCount). skip: a non-negative offset; past
// the end gives an empty page. Order is stable: after the requested sort keys, ties break on the id.
import { badRequest } from './errors.js';
import { compareValues, getPath } from './values.js';

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;

export interface Page {
  limit: number;
  skip: number;
}

function integerParam(query: Record<string, unknown>, name: string, fallback: number): number {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw.trim())) {
    throw badRequest(`Invalid ${name}: must be an integer`);
  }
  return Number(raw.trim());
}

/** `max` is 100 for most lists, 10000 for System Insights tables (API-NOTES §2). */
export function parsePage(query: Record<string, unknown>, max = MAX_LIMIT): Page {
  const limit = integerParam(query, 'limit', DEFAULT_LIMIT);
  const skip = integerParam(query, 'skip', 0);
  if (limit < 0 || limit > max) throw badRequest(`Invalid limit ${limit}: must be between 0 and ${max}`);
  if (skip < 0) throw badRequest(`Invalid skip ${skip}: must not be negative`);
  return { limit, skip };
}

export function pageOf<T>(records: readonly T[], page: Page): T[] {
  return records.slice(page.skip, page.skip + page.limit);
}

export interface SortKey {
  field: string;
  descending: boolean;
}

/** v1 separates sort keys with spaces, v2 with commas; a `-` prefix means descending. */
export function parseSort(raw: unknown, separator: ' ' | ','): SortKey[] {
  if (raw === undefined) return [];
  if (typeof raw !== 'string') throw badRequest('Invalid sort: give it once');
  return raw
    .split(separator === ' ' ? /\s+/ : ',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) =>
      part.startsWith('-')
        ? { field: part.slice(1), descending: true }
        : { field: part.replace(/^\+/, ''), descending: false },
    );
}

/**
 * Sorted copy of `records` (after `keys`, ties break on the id). When only the id order is asked for and the
 * records already come in it (the stores keep id-ordered views), they are returned as they are: a big
 * directory is paged hundreds of times, and re-sorting it per page would dominate.
 */
export function sortRecords<T>(
  records: readonly T[],
  keys: readonly SortKey[],
  idField: string,
): readonly T[] {
  const idOnly = keys.every((key) => key.field === idField && !key.descending);
  if (idOnly && isSortedBy(records, idField)) return records;
  const all = [...keys, { field: idField, descending: false }];
  return [...records].sort((a, b) => {
    for (const key of all) {
      const order = compareValues(getPath(a, key.field), getPath(b, key.field));
      if (order !== 0) return key.descending ? -order : order;
    }
    return 0;
  });
}

/** v1 `fields` is space-separated, v2 comma-separated; undefined means "the default fields", i.e. all. */
export function parseFields(raw: unknown, separator: ' ' | ','): string[] | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw badRequest('Invalid fields: give it once');
  const fields = raw
    .split(separator === ' ' ? /\s+/ : ',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return fields.length === 0 ? undefined : fields;
}

/** Keeps the named top-level fields plus the id fields, which identify the record and always come back. */
export function project<T extends object>(
  record: T,
  fields: readonly string[] | undefined,
  idFields: readonly string[],
): Partial<T> {
  if (fields === undefined) return record;
  const keep = new Set([...idFields, ...fields.map((field) => field.split('.')[0] ?? field)]);
  return Object.fromEntries(Object.entries(record).filter(([key]) => keep.has(key))) as Partial<T>;
}

function isSortedBy<T>(records: readonly T[], field: string): boolean {
  for (let i = 1; i < records.length; i++) {
    if (compareValues(getPath(records[i - 1], field), getPath(records[i], field)) > 0) return false;
  }
  return true;
}
