// Dry runs of the actions that change the world outside JumpCloud: a chat message is not posted and an
// HTTP call that could change something is not made; both are checked as a real run would check them (the
// secret must exist, the host must be allowed) and reported. A GET or HEAD is a read, so it is made.
import { ApplicationFailure } from '@temporalio/common';
import type { ActionInput } from '../../catalog/index.js';
import type { DryRunEffect } from '../../workflows/runEnvelope.js';
import { secretNotFound, type SecretResolver } from '../../secrets/resolver.js';
import { checkHost } from '../http/allowList.js';

export interface OutsideOptions {
  secrets: SecretResolver;
  allowHosts: readonly string[];
}

function clip(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The would-be message; throws as the real action would for a missing secret. */
export function dryRunMessage(
  input: ActionInput<'notify.message'>,
  o: OutsideOptions,
): { output: { delivered: true; status: number }; effect: DryRunEffect } {
  if (o.secrets.resolve(input.secret) === undefined)
    throw secretNotFound('notify.message', input.secret, o.secrets);
  const to = input.to ?? `the channel in ${input.secret}`;
  return {
    // Status 0: nothing answered, because nothing was sent.
    output: { delivered: true, status: 0 },
    effect: {
      action: 'notify.message',
      op: 'notify.message',
      text: `would send a message to ${to}: ${clip(input.title ?? input.text)}`,
    },
  };
}

/** True when the dry run should make the call: reads are real. */
export function isReadRequest(input: ActionInput<'http.request'>): boolean {
  const method = (input.method ?? 'GET').toUpperCase();
  return method === 'GET' || method === 'HEAD';
}

/** The would-be call; throws as the real action would for a host that is not allowed. */
export function dryRunHttp(
  input: ActionInput<'http.request'>,
  o: OutsideOptions,
): { output: { status: number; ok: boolean; json: null; text: null }; effect: DryRunEffect } {
  const url = new URL(input.url);
  const decision = checkHost(url, o.allowHosts);
  if (!decision.allowed)
    throw ApplicationFailure.create({
      message: `http.request: host ${url.host} is not allowed: ${decision.rule}`,
      type: 'HttpHostNotAllowed',
      nonRetryable: true,
      details: [{ host: url.host }],
    });
  return {
    output: { status: 0, ok: true, json: null, text: null },
    effect: {
      action: 'http.request',
      op: 'http.request',
      text: `would call ${(input.method ?? 'GET').toUpperCase()} ${url.protocol}//${url.host}${url.pathname}`,
    },
  };
}
