// The stand-in's HTTP side, on fastify like the JumpCloud simulator:
//   /api/<method>                   the Web API (GET or POST; JSON or form body; bearer token)
//   /actions/<team>/<n>/<token>     response URLs handed out with button presses
//   /_standin, /_standin/users/<id> the browser pages (page.ts), and their press form
//
// Order of checks for a Web API call, as Slack answers them: unknown method (404 `unknown_method`) → token
// (`not_authed` / `invalid_auth`) → an injected rate limit (429 `ratelimited` with Retry-After) → the body
// (`invalid_json`, `json_not_object`) → the method. Every answer but the first two kinds is HTTP 200, with
// `ok` saying whether it worked.
import { timingSafeEqual } from 'node:crypto';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { METHODS, type Params } from './api.js';
import type { Interactions } from './interactions.js';
import { indexPage, PAGE_HEADERS, userPage } from './page.js';
import { SlackMethodError, type Workspace } from './workspace.js';

export interface RateLimitRule {
  /** Only this Web API method. @default every method */
  method?: string;
  /** How many calls are refused. @default 1 */
  times?: number;
  /** The `Retry-After` header, in seconds. @default 1 */
  retryAfterSeconds?: number;
}

export interface StandInRequest {
  at: Date;
  /** The Web API method, e.g. `chat.postMessage`. */
  method: string;
  httpMethod: string;
  /** The body's media type, '' for none. */
  contentType: string;
  status: number;
  ok: boolean;
  /** Slack's error code when `ok` is false. */
  error?: string;
  /** Why, in words (e.g. which block is invalid); Slack's own answer carries only the code. */
  detail?: string;
}

/** Refusals injected by tests, consumed in order. */
export class RateLimits {
  readonly #rules: { method: string | undefined; left: number; retryAfterSeconds: number }[] = [];

  add(rule: RateLimitRule): void {
    const times = rule.times ?? 1;
    const retryAfterSeconds = rule.retryAfterSeconds ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new RangeError(`times must be a positive integer, got ${times}`);
    if (!Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 0)
      throw new RangeError(`retryAfterSeconds must be a whole number of seconds, got ${retryAfterSeconds}`);
    this.#rules.push({ method: rule.method, left: times, retryAfterSeconds });
  }

  /** The Retry-After to answer this call with, or undefined to let it through. */
  take(method: string): number | undefined {
    const rule = this.#rules.find((r) => r.left > 0 && (r.method === undefined || r.method === method));
    if (rule === undefined) return undefined;
    rule.left -= 1;
    return rule.retryAfterSeconds;
  }
}

export interface StandInServerDeps {
  workspace: Workspace;
  interactions: Interactions;
  botToken: string;
  rateLimits: RateLimits;
  requests: StandInRequest[];
  /** The token the press form must carry. */
  csrf: string;
}

/** A body Slack could not parse; the handler answers it with the method's error shape. */
const INVALID_JSON = Symbol('invalid JSON');

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function mediaType(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function tokenOf(request: FastifyRequest, form: Params | undefined): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) return /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? '';
  // A form body may carry the token instead; a JSON body may not (Slack requires the header with JSON).
  const token = form?.['token'];
  return typeof token === 'string' ? token : undefined;
}

const sendJson = (reply: FastifyReply, status: number, body: unknown): FastifyReply =>
  reply.code(status).type('application/json; charset=utf-8').send(body);

export function buildStandInServer(deps: StandInServerDeps): FastifyInstance {
  const { workspace, interactions } = deps;
  // forceCloseConnections: stop() must not wait for clients' idle keep-alive sockets.
  const app = Fastify({ logger: false, forceCloseConnections: true });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      done(null, INVALID_JSON);
    }
  });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      done(null, Object.fromEntries(new URLSearchParams(text)));
    },
  );

  // Fastify's own refusals (a body type it has no parser for, a body over its limit) in Slack's shape:
  // HTTP 200 with the generic errors every method lists.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      console.error('[slack stand-in] unhandled error', error);
      return sendJson(reply, 500, { ok: false, error: 'internal_error' });
    }
    if (!request.url.startsWith('/api/')) return reply.code(status).type('text/plain').send(error.message);
    return sendJson(reply, 200, {
      ok: false,
      error: status === 415 ? 'invalid_post_type' : 'invalid_form_data',
    });
  });

  app.route({
    method: ['GET', 'POST'],
    url: '/api/:method',
    handler: async (request, reply) => {
      const name = (request.params as { method: string }).method;
      const contentType = request.body === undefined ? '' : mediaType(request);
      const log = (status: number, body: { ok: boolean; error?: string }, detail?: string): void => {
        deps.requests.push({
          at: workspace.messageClock.now(),
          method: name,
          httpMethod: request.method,
          contentType,
          status,
          ok: body.ok,
          ...(body.error !== undefined ? { error: body.error } : {}),
          ...(detail !== undefined ? { detail } : {}),
        });
      };
      const fail = (status: number, error: string, detail?: string): FastifyReply => {
        const body = { ok: false, error };
        log(status, body, detail);
        return sendJson(reply, status, body);
      };

      const spec = Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
      if (spec === undefined) return fail(404, 'unknown_method', `the stand-in has no method ${name}`);
      const form = contentType === 'application/x-www-form-urlencoded' ? (request.body as Params) : undefined;
      const token = tokenOf(request, form);
      if (token === undefined) return fail(200, 'not_authed');
      if (!sameSecret(token, deps.botToken)) return fail(200, 'invalid_auth');

      const retryAfter = deps.rateLimits.take(name);
      if (retryAfter !== undefined) {
        void reply.header('retry-after', String(retryAfter));
        return fail(429, 'ratelimited', `injected, retry after ${retryAfter} s`);
      }

      let body: Params = {};
      if (contentType === 'application/json') {
        if (request.body === INVALID_JSON) return fail(200, 'invalid_json');
        if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body))
          return fail(200, 'json_not_object');
        if (spec.acceptsJson) body = request.body as Params;
      } else if (form !== undefined) {
        body = form;
      } else if (contentType !== '') {
        return fail(200, 'invalid_post_type', `a ${contentType} body`);
      }
      const params: Params = { ...(request.query as Params), ...body };
      try {
        const result = { ok: true, ...spec.run(workspace, params) };
        log(200, result);
        return sendJson(reply, 200, result);
      } catch (error) {
        if (!(error instanceof SlackMethodError)) throw error;
        return fail(200, error.error, error.detail);
      }
    },
  });

  app.post('/actions/:team/:sequence/:token', async (request, reply) => {
    const { team, token } = request.params as { team: string; token: string };
    const answer =
      team === workspace.teamId && mediaType(request) === 'application/json' && request.body !== INVALID_JSON
        ? interactions.respond(token, request.body)
        : { status: 400, body: { ok: false, error: 'invalid_payload' } };
    return sendJson(reply, answer.status, answer.body);
  });

  const pageContext = { workspace, csrf: deps.csrf };
  app.get('/_standin', async (_request, reply) => reply.headers(PAGE_HEADERS).send(indexPage(pageContext)));

  app.get('/_standin/users/:id', async (request, reply) => {
    const user = workspace.user((request.params as { id: string }).id);
    if (user === undefined || user.isBot) return reply.code(404).type('text/plain').send('No such person.');
    const pressed = (request.query as { pressed?: string }).pressed;
    const notice =
      pressed !== undefined && /^\d{3}$/.test(pressed)
        ? `Sent to the app; it answered ${pressed}.`
        : undefined;
    return reply.headers(PAGE_HEADERS).send(userPage(pageContext, user, notice));
  });

  app.post('/_standin/users/:id/press', async (request, reply) => {
    const user = workspace.user((request.params as { id: string }).id);
    if (user === undefined || user.isBot) return reply.code(404).type('text/plain').send('No such person.');
    const form = (mediaType(request) === 'application/x-www-form-urlencoded' ? request.body : {}) as Params;
    const field = (name: string): string => (typeof form[name] === 'string' ? form[name] : '');
    if (!sameSecret(field('csrf'), deps.csrf))
      return reply.code(403).type('text/plain').send('Stale or foreign form.');
    try {
      const result = await interactions.press({
        as: user.id,
        channel: field('channel'),
        ts: field('ts'),
        actionId: field('action_id'),
      });
      return reply.redirect(`/_standin/users/${user.id}?pressed=${result.status}#m${field('ts')}`, 303);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return reply
        .code(409)
        .headers(PAGE_HEADERS)
        .send(userPage(pageContext, user, `Not sent: ${message}`));
    }
  });

  return app;
}
