// notify.message: POSTs a message to the chat webhook whose URL is the named secret. The URL (and so the
// secret) stays inside this function: failures name the secret, the status and a short reason, never
// the URL, its host, or a body that might echo it.
import { ApplicationFailure } from '@temporalio/common';
import type { ActionHandlers } from '../actionCall.js';
import { cancellationSignal } from '../activityContext.js';
import { OutboundNetworkError, send, type OutboundResponse } from '../outbound/send.js';
import { redactSecrets, secretNotFound, type SecretResolver } from '../../secrets/resolver.js';
import { genericPayload, slackPayload } from './payload.js';

export interface NotifyOptions {
  /** Resolves `with.secret` to the webhook URL. */
  secrets: SecretResolver;
  /** Per request (connect, headers, body). @default 15000 */
  timeoutMs?: number;
}

const ACTION = 'notify.message';
/** Webhooks answer "ok" or a short error code; nothing longer is worth keeping. */
const MAX_RESPONSE_BYTES = 16 * 1024;
const MAX_REASON = 200;

function clip(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function reasonOf(res: OutboundResponse, url: string): string {
  const text = redactSecrets(res.text.replace(/\s+/g, ' ').trim(), [url]);
  return text === '' ? '' : `: ${text.slice(0, MAX_REASON)}`;
}

/** 429 and 5xx may pass (retried, honouring Retry-After); other statuses will not. */
function failureFor(res: OutboundResponse, secret: string, url: string): ApplicationFailure {
  const retryable = res.status === 429 || res.status >= 500;
  return ApplicationFailure.create({
    message: `${ACTION}: the webhook in secret ${secret} answered ${res.status}${reasonOf(res, url)}`,
    type: retryable ? 'NotifyUnavailable' : 'NotifyRejected',
    nonRetryable: !retryable,
    details: [{ secret, status: res.status }],
    ...(retryable && res.retryAfterMs !== undefined ? { nextRetryDelay: res.retryAfterMs } : {}),
  });
}

export function createNotifyActions(options: NotifyOptions): ActionHandlers<'notify.message'> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    'notify.message': async (input, io) => {
      const raw = options.secrets.resolve(input.secret);
      if (raw === undefined) throw secretNotFound(ACTION, input.secret, options.secrets);
      let url: URL;
      try {
        url = new URL(raw);
        if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('not http(s)');
      } catch {
        throw ApplicationFailure.create({
          message: `${ACTION}: secret ${input.secret} does not hold an http(s) URL`,
          type: 'IdflowInvalidSecret',
          nonRetryable: true,
          details: [{ secret: input.secret }],
        });
      }
      const payload = input.format === 'json' ? genericPayload(input) : slackPayload(input);
      const to = input.to ?? `the channel in ${input.secret}`;
      return io.write({
        kind: 'outside',
        op: ACTION,
        text: `would send a message to ${to}: ${clip(input.title ?? input.text)}`,
        // Status 0: nothing answered, because nothing was sent.
        dryRunOutput: { delivered: true as const, status: 0 },
        perform: async () => {
          let res: OutboundResponse;
          try {
            res = await send({
              method: 'POST',
              url,
              headers: { 'content-type': 'application/json', 'user-agent': 'idflow' },
              body: JSON.stringify(payload),
              timeoutMs,
              maxBytes: MAX_RESPONSE_BYTES,
              signal: cancellationSignal(),
            });
          } catch (err) {
            if (!(err instanceof OutboundNetworkError)) throw err;
            throw ApplicationFailure.create({
              message: `${ACTION}: the webhook in secret ${input.secret}: ${err.message}`,
              type: 'NotifyUnavailable',
              details: [{ secret: input.secret, code: err.code }],
            });
          }
          if (res.status < 200 || res.status >= 300) throw failureFor(res, input.secret, raw);
          return { delivered: true as const, status: res.status };
        },
      });
    },
  };
}
