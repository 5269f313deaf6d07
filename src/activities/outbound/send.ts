// One outbound HTTP request to a URL outside JumpCloud (a chat webhook, an allow-listed API), shared by
// notify.message and http.request: undici with timeouts, the activity's cancellation, no redirects
// followed (a redirect could leave the allow-list), and a cap on the body read (outputs live in history).
// Transport failures are described by their code only: undici's messages can name the host and port,
// which for a webhook is part of the secret.
import { request, type Dispatcher } from 'undici';
import { errorCode, isTimeout } from '../jumpcloud/http/network.js';
import { parseRetryAfter } from '../jumpcloud/http/retryAfter.js';

export interface OutboundRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** Connect, headers and body timeouts, each. */
  timeoutMs: number;
  /** Bodies longer than this are not read to the end (`tooLarge`). */
  maxBytes: number;
  signal?: AbortSignal | undefined;
  /** For tests and proxies. @default undici's global dispatcher */
  dispatcher?: Dispatcher;
}

export interface OutboundResponse {
  status: number;
  contentType: string;
  text: string;
  tooLarge: boolean;
  /** From `Retry-After`, when the server sent one. */
  retryAfterMs?: number;
}

/** A request that got no HTTP answer. The message names the failure, never the URL. */
export class OutboundNetworkError extends Error {
  override readonly name = 'OutboundNetworkError';
  constructor(
    readonly code: string,
    readonly timeout: boolean,
  ) {
    super(timeout ? `no answer in time (${code})` : `could not connect (${code})`);
  }
}

const first = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

export async function send(req: OutboundRequest): Promise<OutboundResponse> {
  let res: Dispatcher.ResponseData;
  try {
    res = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body ?? null,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
      ...(req.signal ? { signal: req.signal } : {}),
      ...(req.dispatcher ? { dispatcher: req.dispatcher } : {}),
    });
  } catch (err) {
    // Cancellation is Temporal's business: let its reason through untouched.
    if (req.signal?.aborted) throw req.signal.reason;
    throw new OutboundNetworkError(errorCode(err) ?? 'UNKNOWN', isTimeout(err));
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  try {
    for await (const chunk of res.body) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      if (size > req.maxBytes) {
        tooLarge = true;
        res.body.destroy();
        break;
      }
      chunks.push(buffer);
    }
  } catch (err) {
    if (req.signal?.aborted) throw req.signal.reason;
    throw new OutboundNetworkError(errorCode(err) ?? 'UNKNOWN', isTimeout(err));
  }
  const retryAfterMs = parseRetryAfter(first(res.headers['retry-after']));
  return {
    status: res.statusCode,
    contentType: (first(res.headers['content-type']) ?? '').toLowerCase(),
    text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'),
    tooLarge,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}
