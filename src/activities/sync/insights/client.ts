// Directory Insights lives on its own host (api.jumpcloud.com/insights/directory/v1) and pages with
// response headers (`X-Search_after`, `X-Limit`): its one POST, through the JumpCloud client pointed at that
// host. Failures are JumpCloudApiErrors, so the activity maps them like every other JumpCloud call
// (429/5xx retryable with Retry-After; 402 "not enabled" is not).
import { createJumpCloudClient, type ResponseHeaders } from '../../jumpcloud/client.js';
import { JumpCloudApiError } from '../../jumpcloud/errors.js';

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

function header(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function createInsightsClient(options: InsightsClientOptions): InsightsClient {
  // The JumpCloud client itself, on Insights' host: one HTTP client for the key, with its pause after a 429,
  // its error mapping and its redaction.
  const client = createJumpCloudClient({
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    ...(options.orgId ? { orgId: options.orgId } : {}),
    connections: 2,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  return {
    async events(query, signal) {
      const { body, headers } = await client.exchange<unknown>({
        method: 'POST',
        path: PATH,
        body: query,
        ...(signal ? { signal } : {}),
      });
      if (!Array.isArray(body)) {
        throw new JumpCloudApiError({
          method: 'POST',
          path: PATH,
          status: 200,
          reason: 'InvalidResponse',
          jumpcloudMessage: 'expected a JSON array of events',
          requestId: header(headers, 'x-request-id'),
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
        events: body as Record<string, unknown>[],
        searchAfter,
        limit: Number.isFinite(limit) ? limit : 1000,
      };
    },
    close: () => client.close(),
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
