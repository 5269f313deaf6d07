// Test-side HTTP for the simulator: every response to an /api URL is checked against the OpenAPI specs
// (test/helpers/openapi.ts) unless a test opts out, so each test that exercises behaviour also holds the
// simulator to the documented shapes, success and error bodies alike.
import { assertConformsToSpec } from '../helpers/openapi.js';
import type { Simulator } from '../../src/simulator/index.js';

export interface CallOptions {
  body?: unknown;
  /** Sent as is, with Content-Type: application/json (for malformed-JSON tests). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Leave the x-api-key header out. */
  noKey?: boolean;
  /** Skip the spec check (only for URLs the spec has no operation for, e.g. unknown routes). */
  skipSpecCheck?: boolean;
}

export interface CallResult<T = unknown> {
  status: number;
  headers: Headers;
  contentType: string | null;
  text: string;
  /** Parsed JSON when the response is JSON, else the text ('' when empty). */
  body: T;
}

export function client(sim: Simulator) {
  async function call<T = unknown>(
    method: string,
    url: string,
    options: CallOptions = {},
  ): Promise<CallResult<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (!options.noKey) headers['x-api-key'] = sim.apiKey;
    let payload: string | undefined;
    if (options.rawBody !== undefined) payload = options.rawBody;
    else if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(sim.url + url, {
      method,
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
    });
    const text = await response.text();
    const contentType = response.headers.get('content-type');
    const body: unknown =
      contentType?.startsWith('application/json') && text !== '' ? JSON.parse(text) : text;
    if (!options.skipSpecCheck && (url.startsWith('/api/') || url.startsWith('/insights/'))) {
      assertConformsToSpec({ method, url, status: response.status, body, contentType });
    }
    return { status: response.status, headers: response.headers, contentType, text, body: body as T };
  }
  return {
    call,
    get: <T = unknown>(url: string, options?: CallOptions) => call<T>('GET', url, options),
    post: <T = unknown>(url: string, body?: unknown, options?: CallOptions) =>
      call<T>('POST', url, { ...options, ...(body !== undefined ? { body } : {}) }),
    put: <T = unknown>(url: string, body?: unknown, options?: CallOptions) =>
      call<T>('PUT', url, { ...options, ...(body !== undefined ? { body } : {}) }),
  };
}

export type Client = ReturnType<typeof client>;

/** The v1 list envelope. */
export interface V1List<T> {
  totalCount: number;
  results: T[];
}
