// The Slack Web API client the worker (approval DMs) and the server (who pressed a button) use: the few
// methods an approval flow needs, typed results, and one error type naming the method and Slack's error
// code. It sends each method the body Slack documents for it (users.* take form bodies only; Slack ignores
// a JSON body there), and retries nothing itself: a retryable failure carries Retry-After up to
// toSlackFailure, and Temporal's retry policy is the one layer that waits (STYLE rule 8).
//
// The bot token is resolved by the caller from a named secret and kept in a private field: it goes into the
// Authorization header and nowhere else — not into errors, their details, or anything a log would print.
// Errors carry no request arguments either (an e-mail is personal data, and errors end up in histories).
import { ApplicationFailure } from '@temporalio/common';
import type { Dispatcher } from 'undici';
import { OutboundNetworkError, send, type OutboundResponse } from '../outbound/send.js';

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api';

export interface SlackClientOptions {
  /** The bot token (`xoxb-…`), resolved by the caller from a named secret. */
  token: string;
  /** Where the Web API is: real Slack, or a stand-in's `apiUrl`. @default DEFAULT_SLACK_API_URL */
  baseUrl?: string;
  /** Connect, headers and body timeout, each. @default 10_000 */
  timeoutMs?: number;
  /** For tests and proxies. @default undici's global dispatcher */
  dispatcher?: Dispatcher;
}

export interface CallOptions {
  /** Aborts the call (an activity passes its cancellation signal). */
  signal?: AbortSignal | undefined;
}

export interface SlackUser {
  id: string;
  teamId: string;
  /** The handle. */
  name: string;
  realName: string;
  /** `profile.email`; undefined for bots, and without the `users:read.email` scope. */
  email: string | undefined;
  /** A deactivated account. */
  deleted: boolean;
  isBot: boolean;
}

export interface SlackIdentity {
  teamId: string;
  team: string;
  botUserId: string;
  botId: string | undefined;
}

/** Where a message is: post and update answer with the conversation id (a D… for a direct message). */
export interface SlackMessageRef {
  channel: string;
  ts: string;
}

export interface SlackMessage {
  /** A conversation id, or a person's user id for their direct message with the bot. */
  channel: string;
  /** The notification text, and what clients without Block Kit show. */
  text: string;
  /** Block Kit blocks (see slackBlocks.ts). */
  blocks?: readonly object[];
}

// ---- errors ----------------------------------------------------------------------------------------------

/**
 * Why a call failed; each maps to one Temporal failure type (`'Slack' + reason`, see SlackFailureType).
 * - `Unauthorized`: the token is missing, wrong, revoked or lacks a scope — configuration, not transient.
 * - `NotFound`: no such user, channel or message.
 * - `RateLimited`: HTTP 429 `ratelimited`; retry after Retry-After.
 * - `Unavailable`: Slack's side failed or did not answer (5xx, `internal_error`, a timeout, no connection).
 * - `Rejected`: Slack refused this request (`invalid_blocks`, `user_disabled`, …); the same request fails again.
 * - `InvalidResponse`: an answer that is not Slack's JSON (a proxy's page, a wrong base URL).
 */
export type SlackErrorReason =
  'Unauthorized' | 'NotFound' | 'RateLimited' | 'Unavailable' | 'Rejected' | 'InvalidResponse';

const UNAUTHORIZED = new Set([
  'not_authed',
  'invalid_auth',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'no_permission',
  'missing_scope',
  'not_allowed_token_type',
  'ekm_access_denied',
  'team_access_not_granted',
]);
const NOT_FOUND = new Set([
  'users_not_found',
  'user_not_found',
  'user_not_visible',
  'channel_not_found',
  'message_not_found',
]);
const UNAVAILABLE = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

function reasonFor(status: number, slackError: string | undefined): SlackErrorReason {
  if (status === 429 || slackError === 'ratelimited' || slackError === 'rate_limited') return 'RateLimited';
  if (status >= 500 || status === 0) return 'Unavailable';
  if (slackError === undefined) return status === 200 ? 'InvalidResponse' : 'Rejected';
  if (UNAUTHORIZED.has(slackError)) return 'Unauthorized';
  if (NOT_FOUND.has(slackError)) return 'NotFound';
  if (UNAVAILABLE.has(slackError)) return 'Unavailable';
  return 'Rejected';
}

export interface SlackApiErrorInit {
  /** The Web API method, e.g. `chat.postMessage`. */
  method: string;
  /** HTTP status, or 0 when no answer came. */
  status: number;
  /** Slack's error code (`users_not_found`), when Slack gave one. */
  slackError?: string | undefined;
  /** What went wrong when Slack gave no code (a transport failure, an unreadable body). */
  problem?: string;
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/** A failed Web API call: the method, Slack's error code and the HTTP status — never the token or arguments. */
export class SlackApiError extends Error {
  override readonly name = 'SlackApiError';
  readonly method: string;
  readonly status: number;
  readonly slackError: string | undefined;
  readonly reason: SlackErrorReason;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(init: SlackApiErrorInit) {
    const outcome = init.slackError ?? init.problem ?? `HTTP ${init.status}`;
    super(`Slack ${init.method} → ${outcome}`, { cause: init.cause });
    this.method = init.method;
    this.status = init.status;
    this.slackError = init.slackError;
    this.reason = reasonFor(init.status, init.slackError);
    this.retryable = this.reason === 'RateLimited' || this.reason === 'Unavailable';
    this.retryAfterMs = init.retryAfterMs;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      method: this.method,
      status: this.status,
      slackError: this.slackError,
      reason: this.reason,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

/** `ApplicationFailure.type` for each {@link SlackErrorReason}. */
export const SlackFailureType = {
  Unauthorized: 'SlackUnauthorized',
  NotFound: 'SlackNotFound',
  RateLimited: 'SlackRateLimited',
  Unavailable: 'SlackUnavailable',
  Rejected: 'SlackRejected',
  InvalidResponse: 'SlackInvalidResponse',
} as const satisfies { [R in SlackErrorReason]: `Slack${R}` };

/** What a Slack failure carries across to the workflow: enough to act on and trace, nothing secret or personal. */
export interface SlackFailureDetails {
  method: string;
  status: number;
  slackError?: string;
}

/**
 * The one place a Slack outcome becomes a Temporal activity failure (as jumpcloud/failures.ts is for
 * JumpCloud): retryable for rate limits and Slack's outages, with `nextRetryDelay` from Retry-After;
 * non-retryable otherwise. An ApplicationFailure passes unchanged; anything else (cancellation, bugs) is
 * rethrown as is.
 */
export function toSlackFailure(err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  if (!(err instanceof SlackApiError)) throw err;
  const details: SlackFailureDetails = { method: err.method, status: err.status };
  if (err.slackError !== undefined) details.slackError = err.slackError;
  return ApplicationFailure.create({
    message: err.message,
    type: SlackFailureType[err.reason],
    nonRetryable: !err.retryable,
    details: [details],
    cause: err,
    ...(err.retryable && err.retryAfterMs !== undefined ? { nextRetryDelay: err.retryAfterMs } : {}),
  });
}

// ---- reading answers -------------------------------------------------------------------------------------

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function invalid(method: string, what: string): SlackApiError {
  return new SlackApiError({ method, status: 200, problem: `unreadable answer (${what})` });
}

function readUser(method: string, body: JsonObject): SlackUser {
  const user = body['user'];
  const profile = isObject(user) ? user['profile'] : undefined;
  const id = isObject(user) ? text(user['id']) : undefined;
  const teamId = isObject(user) ? (text(user['team_id']) ?? text(user['team'])) : undefined;
  if (!isObject(user) || !isObject(profile) || id === undefined || teamId === undefined)
    throw invalid(method, 'no user');
  return {
    id,
    teamId,
    name: text(user['name']) ?? '',
    realName: text(user['real_name']) ?? text(profile['real_name']) ?? '',
    email: text(profile['email']),
    deleted: user['deleted'] === true,
    isBot: user['is_bot'] === true,
  };
}

function readMessageRef(method: string, body: JsonObject): SlackMessageRef {
  const channel = text(body['channel']);
  const ts = text(body['ts']);
  if (channel === undefined || ts === undefined) throw invalid(method, 'no channel or ts');
  return { channel, ts };
}

// ---- the client ------------------------------------------------------------------------------------------

/** 1 MiB: the answers these methods give are a few KiB. */
const MAX_ANSWER_BYTES = 1024 * 1024;

type Encoding = 'form' | 'json';

export interface SlackClient {
  /** The token's team and bot user (a start-up check that the token works). */
  authTest(options?: CallOptions): Promise<SlackIdentity>;
  /** The person with this e-mail (`users:read.email`); `NotFound` when there is none or it is deactivated. */
  lookupByEmail(email: string, options?: CallOptions): Promise<SlackUser>;
  /** A person by Slack id: maps a press's `user.id` to their e-mail (`users:read`, `users:read.email`). */
  usersInfo(userId: string, options?: CallOptions): Promise<SlackUser>;
  /** The bot's direct message with a person (`im:write`). */
  openConversation(userId: string, options?: CallOptions): Promise<{ channel: string }>;
  postMessage(message: SlackMessage, options?: CallOptions): Promise<SlackMessageRef>;
  /** Replaces a message's text, and its blocks when given (`chat:write`). */
  updateMessage(message: SlackMessage & { ts: string }, options?: CallOptions): Promise<SlackMessageRef>;
}

export function createSlackClient(options: SlackClientOptions): SlackClient {
  return new UndiciSlackClient(options);
}

class UndiciSlackClient implements SlackClient {
  // Private fields (not TS `private`) so the token stays out of util.inspect / console.log of the client.
  readonly #token: string;
  readonly #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #dispatcher: Dispatcher | undefined;

  constructor(options: SlackClientOptions) {
    if (typeof options.token !== 'string' || !/^\S+$/.test(options.token))
      throw new TypeError('Slack client: token is required (a bot token, xoxb-…)');
    const base = new URL(options.baseUrl ?? DEFAULT_SLACK_API_URL);
    if (base.protocol !== 'https:' && base.protocol !== 'http:')
      throw new TypeError(`Slack client: baseUrl must be http(s), got ${base.protocol}`);
    this.#token = options.token;
    this.#baseUrl = base.href.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#dispatcher = options.dispatcher;
  }

  async authTest(options?: CallOptions): Promise<SlackIdentity> {
    const body = await this.#call('auth.test', 'form', {}, options);
    const teamId = text(body['team_id']);
    const botUserId = text(body['user_id']);
    if (teamId === undefined || botUserId === undefined) throw invalid('auth.test', 'no team_id or user_id');
    return { teamId, team: text(body['team']) ?? '', botUserId, botId: text(body['bot_id']) };
  }

  async lookupByEmail(email: string, options?: CallOptions): Promise<SlackUser> {
    const user = readUser(
      'users.lookupByEmail',
      await this.#call('users.lookupByEmail', 'form', { email }, options),
    );
    // Slack does not find deactivated accounts by e-mail today; should one come back, it is still not a person
    // who can be asked anything.
    if (user.deleted)
      throw new SlackApiError({ method: 'users.lookupByEmail', status: 200, slackError: 'users_not_found' });
    return user;
  }

  async usersInfo(userId: string, options?: CallOptions): Promise<SlackUser> {
    return readUser('users.info', await this.#call('users.info', 'form', { user: userId }, options));
  }

  async openConversation(userId: string, options?: CallOptions): Promise<{ channel: string }> {
    const body = await this.#call('conversations.open', 'json', { users: userId }, options);
    const channel = isObject(body['channel']) ? text(body['channel']['id']) : undefined;
    if (channel === undefined) throw invalid('conversations.open', 'no channel id');
    return { channel };
  }

  async postMessage(message: SlackMessage, options?: CallOptions): Promise<SlackMessageRef> {
    return readMessageRef('chat.postMessage', await this.#call('chat.postMessage', 'json', message, options));
  }

  async updateMessage(
    message: SlackMessage & { ts: string },
    options?: CallOptions,
  ): Promise<SlackMessageRef> {
    return readMessageRef('chat.update', await this.#call('chat.update', 'json', message, options));
  }

  async #call(
    method: string,
    encoding: Encoding,
    args: object,
    options: CallOptions = {},
  ): Promise<JsonObject> {
    // A form body carries arrays and objects as JSON text, as Slack reads them (e.g. `blocks`).
    const form = (): string =>
      new URLSearchParams(
        Object.entries(args as Record<string, unknown>).map(([key, value]): [string, string] => [
          key,
          typeof value === 'string' ? value : JSON.stringify(value),
        ]),
      ).toString();
    const body = encoding === 'json' ? JSON.stringify(args) : form();
    let response: OutboundResponse;
    try {
      response = await send({
        method: 'POST',
        url: new URL(`${this.#baseUrl}/${method}`),
        headers: {
          authorization: `Bearer ${this.#token}`,
          // Slack asks for the charset on JSON bodies (it warns `missing_charset` without it).
          'content-type':
            encoding === 'json' ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded',
          accept: 'application/json',
          'user-agent': 'idflow',
        },
        body,
        timeoutMs: this.#timeoutMs,
        maxBytes: MAX_ANSWER_BYTES,
        signal: options.signal,
        ...(this.#dispatcher !== undefined ? { dispatcher: this.#dispatcher } : {}),
      });
    } catch (err) {
      if (!(err instanceof OutboundNetworkError)) throw err;
      throw new SlackApiError({ method, status: 0, problem: err.message, cause: err });
    }
    let parsed: unknown;
    try {
      parsed = response.tooLarge ? undefined : JSON.parse(response.text);
    } catch {
      parsed = undefined;
    }
    const ok = isObject(parsed) ? parsed['ok'] : undefined;
    if (response.status === 200 && ok === true && isObject(parsed)) return parsed;
    const slackError = isObject(parsed) && ok === false ? text(parsed['error']) : undefined;
    throw new SlackApiError({
      method,
      status: response.status,
      slackError,
      ...(slackError === undefined && response.status === 200
        ? { problem: 'unreadable answer (not Slack JSON)' }
        : {}),
      retryAfterMs: response.retryAfterMs,
    });
  }
}
