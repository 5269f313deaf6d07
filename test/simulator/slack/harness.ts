// Test-side HTTP for the Slack stand-in: calls a Web API method the way a client would (JSON body, form body
// or query string; bearer token, token field or none) and returns Slack's answer. Every answer is checked
// against Slack's published spec (test/helpers/slackSpec.ts) unless a test opts out, so each test that
// exercises behaviour also holds the stand-in to the documented shapes, ok and error answers alike.
import {
  startSlackStandIn,
  type SlackStandIn,
  type SlackStandInOptions,
} from '../../../src/simulator/slack/index.js';
import { assertSlackConformsToSpec } from '../../helpers/slackSpec.js';

export const BOT_TOKEN = 'xoxb-1111-2222-standintesttoken';
export const SIGNING_SECRET = 'standin-signing-secret-0123456789abcdef';

/** A stand-in with the test token and signing secret. */
export function startTestStandIn(
  options: Omit<SlackStandInOptions, 'botToken' | 'signingSecret'>,
): Promise<SlackStandIn> {
  return startSlackStandIn({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, ...options });
}

export interface SlackCall {
  /** How the arguments travel. @default 'json' */
  as?: 'json' | 'form' | 'query';
  /** The bearer token; `null` sends none. @default the bot token */
  token?: string | null;
  /** Put the bot token in the form body's `token` field instead of a header. @default false */
  tokenField?: boolean;
  /** @default POST, or GET for `as: 'query'` */
  httpMethod?: 'GET' | 'POST';
  /** Sent as is with the JSON content type (malformed-body tests). */
  rawJson?: string;
  /** Skip the spec check (only for methods the spec does not document, e.g. an unknown one). */
  skipSpecCheck?: boolean;
}

export interface SlackAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  contentType: string | null;
  body: T & { ok: boolean; error?: string };
}

export function slackApi(standIn: SlackStandIn) {
  return async function call<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown> = {},
    options: SlackCall = {},
  ): Promise<SlackAnswer<T>> {
    const as = options.as ?? 'json';
    const headers: Record<string, string> = {};
    const token = options.tokenField ? null : options.token === undefined ? BOT_TOKEN : options.token;
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(params))
      form.set(key, typeof value === 'string' ? value : JSON.stringify(value));
    if (options.tokenField) form.set('token', BOT_TOKEN);

    let url = `${standIn.apiUrl}/${method}`;
    let body: string | undefined;
    if (options.rawJson !== undefined) {
      headers['content-type'] = 'application/json; charset=utf-8';
      body = options.rawJson;
    } else if (as === 'json') {
      headers['content-type'] = 'application/json; charset=utf-8';
      body = JSON.stringify(params);
    } else if (as === 'form') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = form.toString();
    } else {
      url += `?${form.toString()}`;
    }
    const httpMethod = options.httpMethod ?? (as === 'query' ? 'GET' : 'POST');
    const response = await fetch(url, {
      method: httpMethod,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const contentType = response.headers.get('content-type');
    const parsed = (await response.json()) as SlackAnswer<T>['body'];
    if (!options.skipSpecCheck)
      assertSlackConformsToSpec({ method, status: response.status, contentType, body: parsed });
    return { status: response.status, headers: response.headers, contentType, body: parsed };
  };
}

export type SlackApi = ReturnType<typeof slackApi>;
