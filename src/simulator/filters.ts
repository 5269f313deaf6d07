// The two filter dialects (API-NOTES §2), parsed once per request into a predicate.
//   v1: `field:$op:value`, ops $eq $ne $in $nin $lt $lte $gt $gte $sw; `|` separates $in/$nin terms, `\|` is
//       a literal pipe. `filter`/`filter[n]` are ANDed, `filter[or][n]` are ORed (and ANDed with the rest).
//       With `x-eventually-consistent: true`, $sw takes several terms and $ew $co $nco are allowed.
//   v2: `field:op:value`, ops eq ne gt ge lt le in search between, no `$`. Several filters arrive
//       comma-joined in one param (explode: false) or as repeated params; all are ANDed. The spec does not
//       say how `in` and `between` separate their terms; the simulator takes `a|b` for both (as v1 and
//       System Insights do) and `search` as a case-insensitive substring match.
// A malformed filter (no operator, an unknown or `$`-less v1 operator) is a 400: the spec calls v1 filters
// without `$` "undefined behavior", and refusing them surfaces the mistake. A field no record has simply
// matches nothing (or everything, for the negative operators), as MongoDB, the store behind the API, does.
import { badRequest } from './errors.js';
import { coerceTerm, compareValues, getPath, someElement } from './values.js';

export type Predicate = (record: unknown) => boolean;

/** What the filter builders return when nothing filters: list handlers then skip the pass over every record. */
export const MATCH_ALL: Predicate = () => true;

type Op =
  | 'eq'
  | 'ne'
  | 'in'
  | 'nin'
  | 'lt'
  | 'lte'
  | 'gt'
  | 'gte'
  | 'sw'
  | 'ew'
  | 'co'
  | 'nco'
  | 'search'
  | 'between';

interface Clause {
  field: string;
  op: Op;
  terms: string[];
}

const V1_OPS: Record<string, Op> = {
  $eq: 'eq',
  $ne: 'ne',
  $in: 'in',
  $nin: 'nin',
  $lt: 'lt',
  $lte: 'lte',
  $gt: 'gt',
  $gte: 'gte',
  $sw: 'sw',
};
const V1_EVENTUALLY_CONSISTENT_OPS: Record<string, Op> = { $ew: 'ew', $co: 'co', $nco: 'nco' };
const V2_OPS: Record<string, Op> = {
  eq: 'eq',
  ne: 'ne',
  gt: 'gt',
  ge: 'gte',
  lt: 'lt',
  le: 'lte',
  in: 'in',
  search: 'search',
  between: 'between',
};
const MULTI_TERM: ReadonlySet<Op> = new Set<Op>(['in', 'nin', 'between']);

/** Splits on `|` except where escaped as `\|`. */
export function splitTerms(value: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && value[i + 1] === '|') {
      current += '|';
      i++;
    } else if (ch === '|') {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms;
}

function unescapePipes(value: string): string {
  return value.replaceAll('\\|', '|');
}

function parseClause(raw: string, ops: Record<string, Op>, multiTermOps: ReadonlySet<Op>): Clause {
  const first = raw.indexOf(':');
  const second = first < 0 ? -1 : raw.indexOf(':', first + 1);
  if (first <= 0 || second < 0)
    throw badRequest(`Invalid filter "${raw}": expected <field>:<operator>:<value>`);
  const field = raw.slice(0, first);
  const opText = raw.slice(first + 1, second);
  const value = raw.slice(second + 1);
  const op = ops[opText];
  if (op === undefined) throw badRequest(`Invalid filter "${raw}": unsupported operator "${opText}"`);
  const terms = multiTermOps.has(op) ? splitTerms(value) : [unescapePipes(value)];
  if (op === 'between' && terms.length !== 2)
    throw badRequest(`Invalid filter "${raw}": between takes low|high`);
  return { field, op, terms };
}

function ordered(element: unknown, expected: unknown, test: (order: number) => boolean): boolean {
  if (expected === undefined || expected === null || element === undefined || element === null) return false;
  return test(compareValues(element, expected));
}

function matchesTerm(value: unknown, op: Op, term: string): boolean {
  return someElement(value, (element) => {
    const expected = coerceTerm(term, element);
    switch (op) {
      case 'eq':
      case 'in':
        if (expected === null) return element === null || element === undefined;
        return (
          expected !== undefined && typeof element !== 'object' && compareValues(element, expected) === 0
        );
      case 'lt':
        return ordered(element, expected, (order) => order < 0);
      case 'lte':
        return ordered(element, expected, (order) => order <= 0);
      case 'gt':
        return ordered(element, expected, (order) => order > 0);
      case 'gte':
        return ordered(element, expected, (order) => order >= 0);
      case 'sw':
        return typeof element === 'string' && element.startsWith(term);
      case 'ew':
        return typeof element === 'string' && element.endsWith(term);
      case 'co':
        return typeof element === 'string' && element.includes(term);
      case 'search':
        return typeof element === 'string' && element.toLowerCase().includes(term.toLowerCase());
      default:
        return false;
    }
  });
}

function matches(record: unknown, clause: Clause): boolean {
  const value = getPath(record, clause.field);
  switch (clause.op) {
    case 'ne':
      return !matchesTerm(value, 'eq', clause.terms[0] ?? '');
    case 'nin':
      return !clause.terms.some((term) => matchesTerm(value, 'eq', term));
    case 'nco':
      return !clause.terms.some((term) => matchesTerm(value, 'co', term));
    case 'between': {
      const [low = '', high = ''] = clause.terms;
      return matchesTerm(value, 'gte', low) && matchesTerm(value, 'lte', high);
    }
    default:
      return clause.terms.some((term) => matchesTerm(value, clause.op, term));
  }
}

/** A query parameter given once or repeated, as a list; the querystring parser only makes strings. */
function asList(value: unknown): string[] {
  const values: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((item): item is string => typeof item === 'string');
}

const INDEXED_AND = /^filter\[(\d+)\]$/;
const INDEXED_OR = /^filter\[or\]\[(\d+)\]$/;

/** Builds the v1 predicate from the raw query object (keys such as `filter[or][0]` arrive literally). */
export function v1Filter(query: Record<string, unknown>, eventuallyConsistent: boolean): Predicate {
  const ops = eventuallyConsistent ? { ...V1_OPS, ...V1_EVENTUALLY_CONSISTENT_OPS } : V1_OPS;
  // Several $sw terms only exist in the eventually-consistent dialect; otherwise a pipe is just a character.
  const multi = new Set<Op>(eventuallyConsistent ? [...MULTI_TERM, 'sw', 'ew', 'co', 'nco'] : MULTI_TERM);
  const and: [number, string][] = asList(query['filter']).map((raw) => [-1, raw]);
  const or: [number, string][] = [];
  for (const [key, value] of Object.entries(query)) {
    const andMatch = INDEXED_AND.exec(key);
    const orMatch = INDEXED_OR.exec(key);
    if (andMatch) for (const raw of asList(value)) and.push([Number(andMatch[1]), raw]);
    else if (orMatch) for (const raw of asList(value)) or.push([Number(orMatch[1]), raw]);
    else if (key.startsWith('filter[')) throw badRequest(`Invalid filter parameter "${key}"`);
  }
  const andClauses = and.sort((a, b) => a[0] - b[0]).map(([, raw]) => parseClause(raw, ops, multi));
  const orClauses = or.sort((a, b) => a[0] - b[0]).map(([, raw]) => parseClause(raw, ops, multi));
  if (andClauses.length === 0 && orClauses.length === 0) return MATCH_ALL;
  return (record) =>
    andClauses.every((clause) => matches(record, clause)) &&
    (orClauses.length === 0 || orClauses.some((clause) => matches(record, clause)));
}

const V2_CLAUSE_START = new RegExp(`^[\\w.]+:(${Object.keys(V2_OPS).join('|')}):`);

/**
 * Splits `a:eq:x,b:eq:y` into clauses. A comma only separates clauses when what follows it starts a new
 * `<field>:<op>:`, so values containing commas (`name:eq:Smith, Jones`) survive.
 */
function splitV2(raw: string): string[] {
  const parts = raw.split(',');
  const clauses: string[] = [];
  for (const part of parts) {
    const last = clauses.length - 1;
    if (last >= 0 && !V2_CLAUSE_START.test(part)) clauses[last] += `,${part}`;
    else clauses.push(part);
  }
  return clauses;
}

export function v2Filter(query: Record<string, unknown>, aliases: Record<string, string> = {}): Predicate {
  const clauses = asList(query['filter'])
    .flatMap(splitV2)
    .filter((raw) => raw !== '')
    .map((raw) => parseClause(raw, V2_OPS, MULTI_TERM))
    .map((clause) => ({ ...clause, field: aliases[clause.field] ?? clause.field }));
  if (clauses.length === 0) return MATCH_ALL;
  return (record) => clauses.every((clause) => matches(record, clause));
}

const SEARCH_DEFAULT_FIELDS = ['username', 'email', 'firstname', 'lastname', 'displayname'];

/**
 * v1 `search` ("a nested object containing a searchTerm string or array of strings and a list of fields"):
 * in a query string that is `search[searchTerm]=..&search[fields][0]=..`; a bare `search=..` searches the
 * name and email fields. Matching is a case-insensitive partial match, like the search endpoints'
 * `searchFilter`; any term in any field matches.
 */
export function v1Search(
  query: Record<string, unknown>,
  defaultFields: readonly string[] = SEARCH_DEFAULT_FIELDS,
): Predicate {
  const terms: string[] = asList(query['search']);
  const fields: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (/^search\[searchTerm\](\[\d*\])?$/.test(key)) terms.push(...asList(value));
    else if (/^search\[fields\](\[\d*\])?$/.test(key))
      fields.push(...asList(value).flatMap((f) => f.split(/[\s,]+/)));
    else if (key.startsWith('search[')) throw badRequest(`Invalid search parameter "${key}"`);
  }
  const needles = terms.filter((term) => term !== '').map((term) => term.toLowerCase());
  if (needles.length === 0) return MATCH_ALL;
  const where = fields.filter((field) => field !== '');
  const searched = where.length > 0 ? where : defaultFields;
  return (record) =>
    searched.some((field) =>
      someElement(
        getPath(record, field),
        (value) =>
          typeof value === 'string' && needles.some((needle) => value.toLowerCase().includes(needle)),
      ),
    );
}

/** Both predicates, without a pass when either matches everything. */
export function both(a: Predicate, b: Predicate): Predicate {
  if (a === MATCH_ALL) return b;
  if (b === MATCH_ALL) return a;
  return (record) => a(record) && b(record);
}

/** The records matching `predicate`: the array itself when nothing filters. */
export function applyFilter<T>(records: readonly T[], predicate: Predicate): readonly T[] {
  return predicate === MATCH_ALL ? records : records.filter(predicate);
}
