// Directory Insights lives on its own host (api.jumpcloud.com/insights/directory/v1) and pages with
// response headers (`X-Search_after`, `X-Limit`), which the JumpCloud client does not hand back: this is
// the small client for its one POST. Failures are JumpCloudApiErrors, so the activity maps them like every
// other JumpCloud call (429/5xx retryable with Retry-After; 402 "not enabled" is not).
import { Pool } from 'undici';
import { JumpCloudApiError, parseErrorBody, truncate } from '../../jumpcloud/errors.js';
import { parseRetryAfter } from '../../jumpcloud/http/retryAfter.js';

export interface InsightsClientOptions {
  /** e.g. https://api.jumpcloud.com/insights/directory/v1, or the simulator's URL + /insights/directory/v1. */
  baseUrl: string;
  apiKey: string;
  orgId?: string;
  /** @default 60000 */
  timeoutMs?: number;
}

export interface EventsPage {
  events: Record<string, unknown>[];
  /** `X-Search_after`: what the next request sends as `search_after`; undefined when the page was empty. */
  searchAfter: unknown[] | undefined;
  /** `X-Limit`: a page shorter than this is the last. */
  limit: number;
}

export interface InsightsClient {
  events(query: Record<string, unknown>, signal?: AbortSignal): Promise<EventsPage>;
  close(): Promise<void>;
}

const PATH = '/events';

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function createInsightsClient(options: InsightsClientOptions): InsightsClient {
  const url = new URL(options.baseUrl);
  const prefix = url.pathname.replace(/\/+$/, '');
  const timeout = options.timeoutMs ?? 60_000;
  const pool = new Pool(url.origin, { connections: 2, headersTimeout: timeout, bodyTimeout: timeout });
  const apiKey = options.apiKey;
  const redact = (text: string): string => (apiKey.length < 8 ? text : text.split(apiKey).join('[redacted]'));

  return {
    async events(query, signal) {
      let status: number;
      let headers: Record<string, string | string[] | undefined>;
      let text: string;
      try {
        const res = await pool.request({
          method: 'POST',
          path: `${prefix}${PATH}`,
          headers: {
            'x-api-key': apiKey,
            'content-type': 'application/json',
            accept: 'application/json',
            ...(options.orgId ? { 'x-org-id': options.orgId } : {}),
          },
          body: JSON.stringify(query),
          ...(signal ? { signal } : {}),
        });
        status = res.statusCode;
        headers = res.headers;
        text = await res.body.text();
      } catch (err) {
        if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : err;
        throw new JumpCloudApiError({
          method: 'POST',
          path: PATH,
          status: 0,
          reason: 'Network',
          jumpcloudMessage: redact(truncate(err instanceof Error ? err.message : String(err))),
          cause: err,
        });
      }
      const requestId = header(headers, 'x-request-id');
      if (status < 200 || status >= 300) {
        throw new JumpCloudApiError({
          method: 'POST',
          path: PATH,
          status,
          jumpcloudMessage: redact(parseErrorBody(text, status).message),
          requestId,
          retryAfterMs: parseRetryAfter(headers['retry-after']),
        });
      }
      let events: unknown;
      try {
        events = JSON.parse(text);
      } catch {
        events = undefined;
      }
      if (!Array.isArray(events)) {
        throw new JumpCloudApiError({
          method: 'POST',
          path: PATH,
          status,
          reason: 'InvalidResponse',
          jumpcloudMessage: 'expected a JSON array of events',
          requestId,
        });
      }
      const after = header(headers, 'x-search_after');
      let searchAfter: unknown[] | undefined;
      try {
        const parsed: unknown = after ? JSON.parse(after) : undefined;
        searchAfter = Array.isArray(parsed) ? parsed : undefined;
      } catch {
        searchAfter = undefined;
      }
      const limit = Number(header(headers, 'x-limit') ?? query['limit'] ?? 1000);
      return {
        events: events as Record<string, unknown>[],
        searchAfter,
        limit: Number.isFinite(limit) ? limit : 1000,
      };
    },
    close: () => pool.close(),
  };
}

/**
 * Directory Insights' base URL for a console URL: the regional `api.` host for JumpCloud's consoles
 * (console.eu.jumpcloud.com → api.eu.jumpcloud.com), the same root for anything else (the simulator).
 */
export function insightsUrlFor(consoleUrl: string): string {
  const url = new URL(consoleUrl);
  const regional = /^console((?:\.[a-z]{2})?)\.jumpcloud\.com$/.exec(url.hostname);
  if (regional) return `https://api${regional[1] ?? ''}.jumpcloud.com/insights/directory/v1`;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/insights/directory/v1`;
}
