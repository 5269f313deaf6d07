// v1 /api/systemusers: list, get, create, update and the lifecycle actions. Response bodies follow the
// spec's declared content types: records as JSON; `state/activate` a JSON string; `state/suspend` 200
// with no body; `resetmfa`, `expire` and `unlock` a text/plain string (the spec allows JSON or text, and
// answering text keeps clients honest about not parsing it as an object).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readCreateSystemUser, readObjectBody, readResetMfa, readUpdateSystemUser } from '../bodies.js';
import { headerOf, queryOf, record, requireParam, type RouteContext } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { applyFilter, both, v1Filter, v1Search } from '../filters.js';
import type { SimUser, UserState } from '../model.js';
import { isObjectId } from '../objectId.js';
import { pageOf, parseFields, parsePage, parseSort, project, sortRecords } from '../paging.js';
import { applyProfile, checkProfile } from '../userProfile.js';
import {
  activate,
  expirePassword,
  passwordSet,
  resetMfa,
  setLocked,
  setState,
  suspend,
  unlock,
} from '../userState.js';

const ID_FIELDS = ['_id', 'id'] as const;

function requireUser(ctx: RouteContext, params: unknown): SimUser {
  const id = requireParam(params, 'id');
  if (!isObjectId(id)) throw badRequest(`Invalid user ID "${id}": not an ObjectID`);
  const user = ctx.directory.getUser(id);
  if (!user) throw notFound(`User ${id} not found`);
  return user;
}

/** PUT may say `state`, `suspended`, or both; both must agree. */
function targetState(
  user: SimUser,
  state: 'ACTIVATED' | 'SUSPENDED' | undefined,
  suspended: boolean | undefined,
): UserState | undefined {
  if (state !== undefined && suspended !== undefined && (state === 'SUSPENDED') !== suspended) {
    throw badRequest(`Invalid request body: state ${state} contradicts suspended ${String(suspended)}`);
  }
  if (state !== undefined) return state;
  if (suspended === true) return 'SUSPENDED';
  if (suspended === false && user.state === 'SUSPENDED') return 'ACTIVATED';
  return undefined;
}

function sendText(reply: FastifyReply, text: string): FastifyReply {
  return reply.code(200).type('text/plain; charset=utf-8').send(text);
}

export function registerV1Users(app: FastifyInstance, ctx: RouteContext): void {
  const { directory } = ctx;

  app.get('/api/systemusers', (request) => {
    const query = queryOf(request);
    const page = parsePage(query);
    const fields = parseFields(query['fields'], ' ');
    const filter = v1Filter(query, headerOf(request, 'x-eventually-consistent') === 'true');
    const search = v1Search(query);
    const matching = sortRecords(
      applyFilter(directory.users(), both(filter, search)),
      parseSort(query['sort'], ' '),
      '_id',
    );
    return {
      totalCount: matching.length,
      results: pageOf(matching, page).map((user) => project(user, fields, ID_FIELDS)),
    };
  });

  app.get('/api/systemusers/:id', (request) => {
    return project(requireUser(ctx, request.params), parseFields(queryOf(request)['fields'], ' '), ID_FIELDS);
  });

  app.post('/api/systemusers', (request) => {
    const body = readCreateSystemUser(request.body);
    checkProfile(directory, body);
    const now = ctx.now();
    if (
      body.state !== undefined &&
      body.suspended !== undefined &&
      (body.state === 'SUSPENDED') !== body.suspended
    ) {
      throw badRequest(
        `Invalid request body: state ${body.state} contradicts suspended ${String(body.suspended)}`,
      );
    }
    const state = body.state ?? (body.suspended === true ? 'SUSPENDED' : undefined);
    const user = directory.addUser(
      { username: body.username, email: body.email, ...(state ? { state } : {}) },
      { at: now },
    );
    applyProfile(directory, user, body);
    if (body.firstname !== undefined || body.lastname !== undefined) {
      user.displayname =
        body.displayname ?? [user.firstname, user.lastname].filter((part) => part !== '').join(' ');
    }
    if (body.password !== undefined) passwordSet(user, now);
    if (body.account_locked !== undefined) setLocked(user, body.account_locked, now);
    record(ctx, request, {
      operation: 'systemuser.create',
      targetId: user._id,
      detail: { username: user.username, state: user.state },
    });
    return user;
  });

  app.put('/api/systemusers/:id', (request) => {
    const user = requireUser(ctx, request.params);
    const body = readUpdateSystemUser(request.body);
    checkProfile(directory, body, user._id);
    const target = targetState(user, body.state, body.suspended);
    const now = ctx.now();
    const fields = applyProfile(directory, user, body);
    if (target !== undefined) fields.push(...setState(user, target));
    if (body.account_locked !== undefined) fields.push(...setLocked(user, body.account_locked, now));
    if (body.password !== undefined) fields.push(...passwordSet(user, now), 'password');
    record(ctx, request, {
      operation: 'systemuser.update',
      targetId: user._id,
      detail: { fields: [...new Set(fields)], state: user.state },
    });
    return user;
  });

  /** The lifecycle actions share their shape: find, change, audit what changed, answer. */
  const action = (
    path: string,
    operation: string,
    apply: (user: SimUser, request: FastifyRequest) => string[],
    answer: (reply: FastifyReply) => FastifyReply,
  ): void => {
    app.post(path, (request, reply) => {
      const user = requireUser(ctx, request.params);
      const before = user.state;
      const changed = apply(user, request);
      record(ctx, request, {
        operation,
        targetId: user._id,
        detail: { changed, ...(before !== user.state ? { from: before, to: user.state } : {}) },
      });
      return answer(reply);
    });
  };

  action(
    '/api/systemusers/:id/state/activate',
    'systemuser.activate',
    (user, request) => {
      readObjectBody(request.body);
      return activate(user);
    },
    (reply) => reply.code(200).type('application/json; charset=utf-8').send(JSON.stringify('')),
  );
  action(
    '/api/systemusers/:id/state/suspend',
    'systemuser.suspend',
    (user) => suspend(user),
    (reply) => reply.code(200).send(),
  );
  action(
    '/api/systemusers/:id/resetmfa',
    'systemuser.resetmfa',
    (user, request) => resetMfa(user, readResetMfa(request.body), ctx.now()),
    (reply) => sendText(reply, ''),
  );
  action(
    '/api/systemusers/:id/expire',
    'systemuser.expire',
    (user) => expirePassword(user, ctx.now()),
    (reply) => sendText(reply, ''),
  );
  action(
    '/api/systemusers/:id/unlock',
    'systemuser.unlock',
    (user) => unlock(user, ctx.now()),
    (reply) => sendText(reply, ''),
  );
}
