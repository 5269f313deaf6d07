import type { Query } from './types.js';

/**
 * Builds a query string (with the leading `?`, or `''` when empty). Keys keep their literal brackets
 * (`filter[0]`) so request logs stay readable; values are percent-encoded.
 */
export function encodeQuery(query: Query | undefined): string {
  if (query === undefined) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? (value as readonly (string | number | boolean)[]) : [value];
    for (const v of values) parts.push(`${encodeKey(key)}=${encodeURIComponent(String(v))}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function encodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']');
}

/** Splits `path?query` so errors can report the path alone (query strings may hold filter values such as emails). */
export function splitPath(path: string): { pathname: string; search: string } {
  const i = path.indexOf('?');
  return i === -1 ? { pathname: path, search: '' } : { pathname: path.slice(0, i), search: path.slice(i) };
}
