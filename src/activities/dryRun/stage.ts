// The dry-run stage: in a dry run, every write of the call is recorded instead of made, answered the way
// JumpCloud (or the outside service) would answer it, and the call's reads — in this call and, through the
// effects the workflow hands to later calls, in the rest of the run — see the directory as it would be.
// Reads are always real. The guardrails stage sits inside this one, so a dry run's writes are checked and
// counted (in counts of their own) exactly as a real run's would be.
import { createHash } from 'node:crypto';
import type { DryRunEffect, DryRunResult } from '../../workflows/actionContext.js';
import type { ActionCall, Stage, Write } from '../actionCall.js';
import { TargetResolver } from '../guardrails/targets.js';
import type { JumpCloudRead, JumpCloudReader, V1PageOptions, V2PageOptions } from '../jumpcloud/client.js';
import { JumpCloudApiError } from '../jumpcloud/errors.js';
import { paginateV1 } from '../jumpcloud/paging.js';
import { requestLine, type JumpCloudWrite } from '../jumpcloud/writes.js';
import { describeWrite } from './describe.js';
import {
  createdGroups,
  createdUsers,
  isPlaceholder,
  matchesV1Filter,
  matchesV2Filter,
  overlayList,
  overlayUser,
} from './overlay.js';

type Json = { [key: string]: unknown };

/** A dry run's record of one call: the effects before it (from the run's context) and those it adds. */
class DryRun {
  readonly recorded: DryRunEffect[] = [];

  constructor(
    private readonly prior: readonly DryRunEffect[],
    /** `<workflowId>#<activityId>`: stand-in ids derive from it, so a retry gets the same ones. */
    private readonly seed: string,
    private readonly action: string,
  ) {}

  get effects(): DryRunEffect[] {
    return [...this.prior, ...this.recorded];
  }

  private placeholder(): string {
    const n = this.recorded.length;
    return `00000000${createHash('sha256').update(`${this.seed}#${n}`).digest('hex').slice(0, 16)}`;
  }

  /** Records a JumpCloud write; the text names its targets through `targets` (which sees stand-ins too). */
  async record(write: JumpCloudWrite, targets: TargetResolver): Promise<DryRunEffect> {
    const effect: DryRunEffect = {
      action: this.action,
      op: write.op,
      text: '',
      request: requestLine(write),
      ...(write.users.length ? { users: write.users } : {}),
      ...(write.userGroups.length ? { userGroups: write.userGroups } : {}),
      ...(write.systems.length ? { systems: write.systems } : {}),
    };
    if (write.op === 'user.create') {
      const id = this.placeholder();
      const state = typeof write.body?.state === 'string' ? write.body.state : 'ACTIVATED';
      effect.placeholderId = id;
      effect.body = {
        ...(write.body as NonNullable<DryRunEffect['body']>),
        _id: id,
        id,
        state,
        suspended: state === 'SUSPENDED',
        activated: state === 'ACTIVATED',
        account_locked: false,
        password_expired: false,
        totp_enabled: false,
        mfa: { configured: false, exclusion: false },
        created: new Date().toISOString(),
      };
    } else if (write.op === 'userGroup.create') {
      effect.placeholderId = this.placeholder();
      const { name, description } = write.body ?? {};
      effect.body = {
        name: typeof name === 'string' ? name : '',
        description: typeof description === 'string' ? description : '',
      };
    } else if (write.body && Object.keys(write.body).length > 0) {
      effect.body = write.body as NonNullable<DryRunEffect['body']>;
    }
    this.recorded.push(effect);
    effect.text = await describeWrite(write, targets);
    return effect;
  }

  recordOutside(op: DryRunEffect['op'], text: string): void {
    this.recorded.push({ action: this.action, op, text });
  }
}

function notFound(path: string): JumpCloudApiError {
  return new JumpCloudApiError({ method: 'GET', path, status: 404, jumpcloudMessage: 'Not Found (dry run)' });
}

const USER = /^\/api\/systemusers\/([^/?]+)$/;
const GROUP = /^\/api\/v2\/usergroups\/([^/?]+)$/;
/** v2 lists below a stand-in object: empty until the overlay adds what the run would have done. */
const PLACEHOLDER_LIST = /^\/api\/v2\/(users|usergroups)\/([^/?]+)\/(memberof|members|associations|systems)$/;

function filtersOf(options: V1PageOptions | undefined): string[] {
  const f = options?.filter;
  return f === undefined ? [] : typeof f === 'string' ? [f] : [...f];
}

/** Reads through `base`, overlaid with the dry run's effects so far. */
function overlaidReader(base: JumpCloudReader, dry: DryRun): JumpCloudReader {
  const reader: JumpCloudReader = {
    async request<T>(req: JumpCloudRead): Promise<T> {
      const path = req.path.split('?')[0] ?? '';
      const user = USER.exec(path);
      if (user) {
        const id = decodeURIComponent(user[1] ?? '');
        const real = isPlaceholder(id) ? undefined : await base.request<Json>(req);
        const record = overlayUser(real, id, dry.effects);
        if (!record) throw notFound(path);
        return record as T;
      }
      const group = GROUP.exec(path);
      if (group && isPlaceholder(decodeURIComponent(group[1] ?? ''))) {
        const found = createdGroups(dry.effects).find((g) => g.id === decodeURIComponent(group[1] ?? ''));
        if (!found) throw notFound(path);
        return found as T;
      }
      const list = PLACEHOLDER_LIST.exec(path);
      if (list && isPlaceholder(decodeURIComponent(list[2] ?? '')))
        return overlayList(path, [], dry.effects) as T;
      return base.request<T>(req);
    },
    paginateV1<T>(path: string, options?: V1PageOptions): AsyncGenerator<T, void, undefined> {
      if (path !== '/api/systemusers') return paginateV1<T>(reader, path, options);
      return (async function* () {
        const effects = dry.effects;
        for await (const u of base.paginateV1<Json>(path, options)) {
          const record = overlayUser(u, typeof u._id === 'string' ? u._id : '', effects);
          if (record) yield record as T;
        }
        for (const u of createdUsers(effects)) if (matchesV1Filter(u, filtersOf(options))) yield u as T;
      })();
    },
    paginateV2<T>(path: string, options?: V2PageOptions): AsyncGenerator<T, void, undefined> {
      return (async function* () {
        const effects = dry.effects;
        const list = PLACEHOLDER_LIST.exec(path);
        // Overlays change a list's length, so the whole list is read first and paged out after.
        const items: unknown[] = [];
        if (!(list && isPlaceholder(decodeURIComponent(list[2] ?? ''))))
          for await (const item of base.paginateV2<unknown>(path, options)) items.push(item);
        for (const item of overlayList(path, items, effects)) yield item as T;
        if (path === '/api/v2/usergroups') {
          const filter = typeof options?.filter === 'string' ? options.filter : options?.filter?.join(',');
          for (const g of createdGroups(effects)) if (matchesV2Filter(g, filter)) yield g as T;
        }
      })();
    },
  };
  return reader;
}

/** What JumpCloud would have answered a write that was recorded, not sent. */
async function answerFor(
  write: JumpCloudWrite,
  effect: DryRunEffect,
  read: JumpCloudReader,
): Promise<unknown> {
  if (write.op === 'user.create') return effect.body;
  if (write.op === 'userGroup.create')
    return { ...effect.body, id: effect.placeholderId, type: 'user_group' };
  // A PUT of a user answers with the record as it now is.
  if (write.method === 'PUT' && USER.test(write.path))
    return read.request({ method: 'GET', path: write.path });
  return undefined;
}

/** A dry-run output: the note says what would have happened. */
function withNote(output: unknown, effects: readonly DryRunEffect[]): unknown {
  if (typeof output !== 'object' || output === null || Array.isArray(output)) return output;
  return effects.length > 0 && 'note' in output
    ? { ...output, note: effects.map((e) => e.text).join('; ') }
    : output;
}

export const dryRunStage: Stage = (next) => async (call: ActionCall) => {
  if (call.context?.dryRun !== true) return next(call);
  const dry = new DryRun(call.context.effects ?? [], `${call.workflowId}#${call.activityId}`, call.action);
  call.read = overlaidReader(call.read, dry);
  // Names come through the overlaid reads, so the run's stand-ins have names too.
  call.targets = new TargetResolver(call.read);
  const send = call.send;
  call.send = async (w: Write): Promise<unknown> => {
    if (w.kind === 'outside') {
      if (w.isRead) return send(w);
      dry.recordOutside(w.op, w.text);
      return w.dryRunOutput;
    }
    return answerFor(w, await dry.record(w, call.targets), call.read);
  };
  const output = await next(call);
  const result: DryRunResult = {
    output: withNote(output, dry.recorded) as DryRunResult['output'],
    effects: dry.recorded,
  };
  return result;
};
