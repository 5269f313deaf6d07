// Reading and comparing record fields for filters and sorts. Query strings only carry text, so a filter
// term is read in the type of the field it is compared with (booleans as "true"/"false", numbers as
// numbers). Ordering between types follows MongoDB's (missing/null < numbers < strings < objects <
// booleans), the store behind the real API, so mixed or missing fields sort the way a client would see.

/** `a.b.c` into nested objects; undefined when any step is missing. */
export function getPath(record: unknown, path: string): unknown {
  let current: unknown = record;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return 1;
  if (typeof value === 'string') return 2;
  if (typeof value === 'boolean') return 4;
  return 3;
}

export function compareValues(a: unknown, b: unknown): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return rankA - rankB;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (rankA === 3) {
    const textA = JSON.stringify(a);
    const textB = JSON.stringify(b);
    return textA < textB ? -1 : textA > textB ? 1 : 0;
  }
  return 0;
}

/**
 * The term as a value of the field's type, or undefined when it cannot be one (then it matches nothing).
 * `null` matches a field that is null or missing.
 */
export function coerceTerm(term: string, like: unknown): unknown {
  if (term === 'null' && (like === null || like === undefined)) return null;
  if (typeof like === 'boolean') return term === 'true' ? true : term === 'false' ? false : undefined;
  if (typeof like === 'number') {
    const n = Number(term);
    return term.trim() === '' || Number.isNaN(n) ? undefined : n;
  }
  if (like === null || like === undefined) return undefined;
  return term;
}

/**
 * Compares a field with a term. Arrays match when any element does (MongoDB semantics), which is what
 * makes e.g. `tags:$eq:x` useful.
 */
export function someElement(value: unknown, test: (element: unknown) => boolean): boolean {
  return Array.isArray(value) ? value.some(test) : test(value);
}
