// http.request: one call to an allow-listed host. Header values may name secrets; those values are sent
// but never returned (a response echoing them is redacted) nor put in a failure.
import { ApplicationFailure } from '@temporalio/common';
import type { ActionInput, ActionOutput } from '../../catalog/index.js';
import { HTTP_MAX_RESPONSE_BYTES } from '../../catalog/http.js';
import type { ActionHandlers } from '../actionCall.js';
import { cancellationSignal } from '../activityContext.js';
import { OutboundNetworkError, send, type OutboundResponse } from '../outbound/send.js';
import { redactSecrets, secretNotFound, type SecretResolver } from '../../secrets/resolver.js';
import { checkHost } from './allowList.js';

export interface HttpRequestOptions {
  /** Hosts the action may call (see allowList.ts for the forms). @default [] (none) */
  allowHosts?: readonly string[];
  /** Resolves `{secret: NAME}` header values. */
  secrets: SecretResolver;
  /** Per request (headers, body). @default 30000 */
  timeoutMs?: number;
}

const ACTION = 'http.request';
type Input = ActionInput<'http.request'>;
type Output = ActionOutput<'http.request'>;

/** The URL as failures show it: no credentials, no query (which may carry tokens). */
function shown(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function headersOf(
  input: Input,
  secrets: SecretResolver,
): { headers: Record<string, string>; values: string[] } {
  const headers: Record<string, string> = {
    'user-agent': 'idflow',
    accept: 'application/json, text/plain;q=0.9, */*;q=0.5',
  };
  const values: string[] = [];
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    // Host decides which site the allow-listed address serves; it must follow the URL.
    if (name.toLowerCase() === 'host')
      throw ApplicationFailure.nonRetryable(
        `${ACTION}: the Host header cannot be set`,
        'IdflowInvalidArguments',
      );
    if (typeof value === 'string') {
      headers[name.toLowerCase()] = value;
      continue;
    }
    const secret = secrets.resolve(value.secret);
    if (secret === undefined) throw secretNotFound(ACTION, value.secret, secrets);
    values.push(secret);
    headers[name.toLowerCase()] = `${value.prefix ?? ''}${secret}`;
  }
  if (input.json !== undefined) headers['content-type'] = 'application/json';
  return { headers, values };
}

function outputOf(res: OutboundResponse, secretValues: string[]): Output {
  const text = redactSecrets(res.text, secretValues);
  const ok = res.status >= 200 && res.status < 300;
  if (/[/+]json\b/.test(res.contentType) && text.trim() !== '') {
    try {
      return { status: res.status, ok, json: JSON.parse(text) as unknown, text: null };
    } catch {
      // Says JSON, is not: hand the text over rather than fail.
    }
  }
  return { status: res.status, ok, json: null, text };
}

export function createHttpActions(options: HttpRequestOptions): ActionHandlers<'http.request'> {
  const allowHosts = options.allowHosts ?? [];
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    'http.request': async (input, io) => {
      const url = new URL(input.url);
      const decision = checkHost(url, allowHosts);
      if (!decision.allowed) {
        throw ApplicationFailure.create({
          message: `${ACTION}: host ${url.host} is not allowed: ${decision.rule}`,
          type: 'HttpHostNotAllowed',
          nonRetryable: true,
          details: [{ host: url.host }],
        });
      }
      const { headers, values } = headersOf(input, options.secrets);
      const method = input.method ?? 'GET';
      return io.write({
        kind: 'outside',
        op: ACTION,
        text: `would call ${method.toUpperCase()} ${shown(url)}`,
        // A GET or HEAD is a read: a dry run makes it, as it makes every read.
        isRead: method.toUpperCase() === 'GET' || method.toUpperCase() === 'HEAD',
        // Status 0: nothing answered, because nothing was sent.
        dryRunOutput: { status: 0, ok: true, json: null, text: null },
        perform: async (): Promise<Output> => {
          let res: OutboundResponse;
          try {
            res = await send({
              method,
              url,
              headers,
              ...(input.json !== undefined ? { body: JSON.stringify(input.json) } : {}),
              timeoutMs,
              maxBytes: HTTP_MAX_RESPONSE_BYTES,
              signal: cancellationSignal(),
            });
          } catch (err) {
            if (!(err instanceof OutboundNetworkError)) throw err;
            throw ApplicationFailure.create({
              message: `${ACTION}: ${method} ${shown(url)}: ${err.message}`,
              type: 'HttpNetworkError',
              details: [{ method, host: url.host, code: err.code }],
            });
          }
          if (res.tooLarge) {
            throw ApplicationFailure.create({
              message: `${ACTION}: ${method} ${shown(url)}: the response is larger than ${HTTP_MAX_RESPONSE_BYTES} bytes`,
              type: 'HttpResponseTooLarge',
              nonRetryable: true,
              details: [{ method, host: url.host, status: res.status }],
            });
          }
          const output = outputOf(res, values);
          if (output.ok || input.failOnError === false) return output;
          const retryable = res.status === 429 || res.status >= 500;
          throw ApplicationFailure.create({
            message: `${ACTION}: ${method} ${shown(url)} answered ${res.status}`,
            type: retryable ? 'HttpUnavailable' : 'HttpRejected',
            nonRetryable: !retryable,
            details: [{ method, host: url.host, status: res.status }],
            ...(retryable && res.retryAfterMs !== undefined ? { nextRetryDelay: res.retryAfterMs } : {}),
          });
        },
      });
    },
  };
}
