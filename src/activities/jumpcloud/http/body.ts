/** First value of a header that undici may give as a string or an array. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Headers JumpCloud (or the load balancer in front of it) may use to identify a request for support. */
const REQUEST_ID_HEADERS = ['x-request-id', 'x-jumpcloud-request-id', 'x-amzn-requestid', 'x-correlation-id'];

export function requestIdFrom(headers: Record<string, string | string[] | undefined>): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headerValue(headers[name]);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false; problem: string };

/**
 * Turns a success body into a value: JSON when the server says JSON, `undefined` for 204 or an empty body,
 * and the raw string for `text/plain` (some v1 actions such as `resetmfa`, `expire`, `unlock` answer with
 * a bare string).
 */
export function parseSuccessBody(status: number, contentType: string | undefined, text: string): ParsedBody {
  if (status === 204 || text.length === 0) return { ok: true, value: undefined };
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, problem: `response declared ${type} but is not valid JSON` };
    }
  }
  return { ok: true, value: text };
}
