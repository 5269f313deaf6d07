import { Pool } from 'undici';
import { JumpCloudApiError, parseErrorBody, truncate } from './errors.js';
import { abortReason, sleep } from './http/sleep.js';
import { headerValue, parseSuccessBody, requestIdFrom } from './http/body.js';
import { describeNetworkError, isTimeout } from './http/network.js';
import {
  resolveClientOptions,
  type JumpCloudClientOptions,
  type ResolvedClientOptions,
} from './http/options.js';
import { encodeQuery, splitPath } from './http/query.js';
import { parseRetryAfter } from './http/retryAfter.js';
import { Slots } from './http/slots.js';
import type { HttpMethod, JumpCloudRequest, JumpCloudRequester } from './http/types.js';
import {
  pagesV1,
  pagesV2,
  paginateV1,
  paginateV2,
  type V1PageOptions,
  type V2PageOptions,
} from './paging.js';

export type { JumpCloudClientOptions, RateLimitPauseOptions } from './http/options.js';
export type { HttpMethod, JumpCloudRead, JumpCloudRequest, Query, QueryValue } from './http/types.js';
export type { PageInfo, V1PageOptions, V2PageOptions } from './paging.js';

/** Connection and request counters, for tests and metrics. */
export interface JumpCloudClientStats {
  /** TCP/TLS connections opened since the client was created; stays low when keep-alive works. */
  connectionsOpened: number;
  /** HTTP requests sent, retries included. */
  requestsSent: number;
  /** Connections open right now. */
  connected: number;
  /** Open connections with no request in flight. */
  free: number;
  /** Requests in flight or queued. */
  inFlight: number;
}

/**
 * What an action reads JumpCloud through: GETs and lists, nothing else. Its writes go through the call's
 * write port (src/activities/jumpcloud/writes.ts), so no action can send a change the gates did not see.
 */
export interface JumpCloudReader extends JumpCloudRequester {
  /** Items of a v1 list (`{totalCount, results}` pages, `skip` paging, `sort=_id` unless given). */
  paginateV1<T>(path: string, options?: V1PageOptions): AsyncGenerator<T, void, undefined>;
  /** Items of a v2 list (bare-array pages, `skip` paging, `sort=id` unless given or `sort: false`). */
  paginateV2<T>(path: string, options?: V2PageOptions): AsyncGenerator<T, void, undefined>;
}

export interface JumpCloudClient extends JumpCloudReader {
  /**
   * Sends one request, once, and returns the parsed JSON, `undefined` for 204/empty, or a string for a
   * `text/plain` body. Throws {@link JumpCloudApiError} on failure (its `retryable` says whether trying again
   * can help), or the signal's reason on abort. The client never retries: Temporal's retry policy retries
   * the whole activity, which reads before it writes, so there is one retry layer and one budget (STYLE 8).
   *
   * `T` is not checked at runtime; it states what the caller expects JumpCloud to return.
   */
  request<T = unknown>(req: JumpCloudRequest): Promise<T>;
  /**
   * `request`, with the response's headers too: for the few answers that page or report through headers
   * (Directory Insights' `X-Search_after`). Header names are lower-case.
   */
  exchange<T = unknown>(req: JumpCloudRequest): Promise<{ body: T; headers: ResponseHeaders }>;
  /** Whole v1 pages, for callers that store or heartbeat per page. */
  pagesV1<T>(path: string, options?: V1PageOptions): AsyncGenerator<T[], void, undefined>;
  /** Whole v2 pages. */
  pagesV2<T>(path: string, options?: V2PageOptions): AsyncGenerator<T[], void, undefined>;
  stats(): JumpCloudClientStats;
  /** Waits for in-flight requests, then closes every connection. Idempotent. */
  close(): Promise<void>;
}

/** Builds a client with its own keep-alive connection pool. Build one per worker and share it. */
export function createJumpCloudClient(options: JumpCloudClientOptions): JumpCloudClient {
  return new UndiciJumpCloudClient(resolveClientOptions(options));
}

/** Routes that reject `x-org-id` with 403 "ID included on unsupported route" (API-NOTES §1). */
const NO_ORG_ID_PREFIXES = ['/api/organizations', '/api/search/organizations'];

/** A response's headers as undici gives them: lower-case names. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

type AttemptResult =
  { ok: true; value: unknown; headers: ResponseHeaders } | { ok: false; error: JumpCloudApiError };

class UndiciJumpCloudClient implements JumpCloudClient {
  // Private fields (not TS `private`) so the key stays out of util.inspect / console.log of the client.
  readonly #options: ResolvedClientOptions;
  readonly #pool: Pool;
  #connectionsOpened = 0;
  #requestsSent = 0;
  #closed: Promise<void> | undefined;
  /**
   * JumpCloud rate-limits per API key, not per request: after a 429 with Retry-After, no request of this
   * client (every activity of the worker shares it) goes out before that time.
   */
  #pausedUntil = 0;
  readonly #slots: Slots;

  constructor(options: ResolvedClientOptions) {
    this.#options = options;
    this.#slots = new Slots(options.connections);
    this.#pool = new Pool(options.origin, {
      connections: options.connections,
      keepAliveTimeout: options.keepAliveTimeoutMs,
      connectTimeout: options.timeoutMs,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    this.#pool.on('connect', () => {
      this.#connectionsOpened += 1;
    });
  }

  async request<T = unknown>(req: JumpCloudRequest): Promise<T> {
    return (await this.exchange<T>(req)).body;
  }

  async exchange<T = unknown>(req: JumpCloudRequest): Promise<{ body: T; headers: ResponseHeaders }> {
    const method = req.method.toUpperCase() as HttpMethod;
    const { pathname, search } = splitPath(req.path);
    if (!pathname.startsWith('/'))
      throw new TypeError(`JumpCloud client: path must start with '/', got ${pathname}`);
    const query = encodeQuery(req.query);
    const fullPath = `${this.#options.pathPrefix}${pathname}${joinSearch(search, query)}`;
    const headers = this.#headers(pathname, req.body !== undefined);
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);

    await this.#sendSlot(method, pathname, req.signal);
    let result: AttemptResult;
    try {
      result = await this.#attempt(method, pathname, fullPath, headers, body, req.signal);
    } finally {
      this.#slots.release();
    }
    if (result.ok) return { body: result.value as T, headers: result.headers };
    if (result.error.reason === 'RateLimited' && result.error.retryAfterMs !== undefined) {
      this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + result.error.retryAfterMs);
    }
    throw result.error;
  }

  paginateV1<T>(path: string, options?: V1PageOptions): AsyncGenerator<T, void, undefined> {
    return paginateV1<T>(this, path, options);
  }

  paginateV2<T>(path: string, options?: V2PageOptions): AsyncGenerator<T, void, undefined> {
    return paginateV2<T>(this, path, options);
  }

  pagesV1<T>(path: string, options?: V1PageOptions): AsyncGenerator<T[], void, undefined> {
    return pagesV1<T>(this, path, options);
  }

  pagesV2<T>(path: string, options?: V2PageOptions): AsyncGenerator<T[], void, undefined> {
    return pagesV2<T>(this, path, options);
  }

  stats(): JumpCloudClientStats {
    const s = this.#pool.stats;
    return {
      connectionsOpened: this.#connectionsOpened,
      requestsSent: this.#requestsSent,
      connected: s.connected,
      free: s.free,
      inFlight: s.size,
    };
  }

  close(): Promise<void> {
    this.#closed ??= this.#pool.close();
    return this.#closed;
  }

  /**
   * Takes a connection slot once no rate-limit pause is in force. This is a pause, not a retry: a short one is
   * waited out, so every activity of the worker respects the key's Retry-After; a longer one is a RateLimited
   * failure at once, without sending (Temporal then waits via nextRetryDelay).
   */
  async #sendSlot(method: HttpMethod, pathname: string, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      await this.#slots.acquire(signal);
      const waitMs = this.#pausedUntil - Date.now();
      if (waitMs <= 0) return;
      this.#slots.release();
      if (waitMs > this.#options.rateLimitPause.maxWaitMs) {
        throw new JumpCloudApiError({
          method,
          path: pathname,
          status: 429,
          reason: 'RateLimited',
          jumpcloudMessage: 'not sent: the API key is rate-limited (an earlier response asked to wait)',
          retryAfterMs: waitMs,
        });
      }
      await sleep(waitMs, signal);
    }
  }

  #headers(pathname: string, hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      'x-api-key': this.#options.apiKey,
      accept: 'application/json',
      'user-agent': this.#options.userAgent,
    };
    const orgId = this.#options.orgId;
    if (
      orgId !== undefined &&
      !NO_ORG_ID_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`))
    ) {
      headers['x-org-id'] = orgId;
    }
    if (hasBody) headers['content-type'] = 'application/json';
    return headers;
  }

  async #attempt(
    method: HttpMethod,
    pathname: string,
    fullPath: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<AttemptResult> {
    let status: number;
    let responseHeaders: ResponseHeaders;
    let text: string;
    try {
      this.#requestsSent += 1;
      const res = await this.#pool.request({
        method,
        path: fullPath,
        headers,
        body: body ?? null,
        ...(signal === undefined ? {} : { signal }),
      });
      status = res.statusCode;
      responseHeaders = res.headers;
      text = await res.body.text();
    } catch (err) {
      // Cancellation is not a JumpCloud failure: let the caller (Temporal) see its own reason.
      if (signal?.aborted) throw abortReason(signal);
      return {
        ok: false,
        error: new JumpCloudApiError({
          method,
          path: pathname,
          status: 0,
          reason: isTimeout(err) ? 'Timeout' : 'Network',
          jumpcloudMessage: this.#redact(truncate(describeNetworkError(err))),
          cause: err,
        }),
      };
    }

    const requestId = requestIdFrom(responseHeaders);
    if (status >= 200 && status < 300) {
      const parsed = parseSuccessBody(status, headerValue(responseHeaders['content-type']), text);
      if (parsed.ok) return { ...parsed, headers: responseHeaders };
      return {
        ok: false,
        error: new JumpCloudApiError({
          method,
          path: pathname,
          status,
          reason: 'InvalidResponse',
          jumpcloudMessage: parsed.problem,
          requestId,
        }),
      };
    }

    const { message, code } = parseErrorBody(text, status);
    return {
      ok: false,
      error: new JumpCloudApiError({
        method,
        path: pathname,
        status,
        jumpcloudMessage: this.#redact(message),
        code,
        requestId,
        retryAfterMs: parseRetryAfter(responseHeaders['retry-after']),
      }),
    };
  }

  /** Defence in depth: a server or proxy echoing the key back must not carry it into our errors. */
  #redact(text: string): string {
    const key = this.#options.apiKey;
    // A very short key (tests) would shred ordinary words; real keys are 40 characters.
    return key.length < 8 ? text : text.split(key).join('[redacted]');
  }
}

function joinSearch(search: string, query: string): string {
  if (search === '') return query;
  if (query === '') return search;
  return `${search}&${query.slice(1)}`;
}
