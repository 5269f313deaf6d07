// Request-side types shared by the client and the paging iterators. Kept apart from client.ts so paging.ts
// depends on an interface, not on the client implementation (no import cycle, and easy to drive in tests).

/** HTTP methods the JumpCloud v1/v2 APIs use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One query parameter value. Arrays become repeated parameters (`key=a&key=b`); `undefined` is left out.
 * JumpCloud-specific list encodings (v1 `filter[n]`, v2 comma-joined) are built by the paging helpers.
 */
export type QueryValue = string | number | boolean | readonly (string | number | boolean)[] | undefined;

export type Query = Readonly<Record<string, QueryValue>>;

export interface JumpCloudRequest {
  method: HttpMethod;
  /** API path including the `/api` or `/api/v2` prefix, e.g. `/api/systemusers/{id}`. */
  path: string;
  query?: Query;
  /** Serialised as JSON; `Content-Type: application/json` is sent only when a body is given. */
  body?: unknown;
  /** Aborts the request and any retry wait; the abort reason is thrown unchanged. */
  signal?: AbortSignal;
}

/** A read: what an action may send by itself. Writes go through the call's write port (src/activities/jumpcloud/writes.ts). */
export type JumpCloudRead = JumpCloudRequest & { method: 'GET'; body?: never };

/** The one capability the paging iterators need from a client. */
export interface JumpCloudRequester {
  request<T = unknown>(req: JumpCloudRead): Promise<T>;
}
