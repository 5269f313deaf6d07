// The JumpCloud client one action call uses. Every write goes through the guardrail gate first; in a dry
// run the write is then recorded instead of sent, answered the way JumpCloud would answer it, and later
// reads (in this call and, through the run's envelope, in later calls) see it. Reads are always real.
import { createHash } from 'node:crypto';
import type { DryRunEffect } from '../../workflows/runEnvelope.js';
import type { WriteGate } from '../guardrails/gate.js';
import type { TargetResolver } from '../guardrails/targets.js';
import type { ClassifiedWrite } from '../guardrails/writes.js';
import type { JumpCloudClient, JumpCloudRequest, V1PageOptions, V2PageOptions } from '../jumpcloud/client.js';
import { JumpCloudApiError } from '../jumpcloud/errors.js';
import { paginateV1, paginateV2 } from '../jumpcloud/paging.js';
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

/** A dry run's record of one call: the effects before it (from the envelope) and those it adds. */
export class DryRun {
  readonly recorded: DryRunEffect[] = [];
  /** Set by the call: names objects for the would-be texts (reads through the dry-run client). */
  targets?: TargetResolver;

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

  async record(write: ClassifiedWrite, request: string): Promise<DryRunEffect> {
    const effect: DryRunEffect = {
      action: this.action,
      op: write.op,
      text: '',
      request,
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
    effect.text = this.targets ? await describeWrite(write, this.targets) : `would ${write.op}`;
    return effect;
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

/**
 * The client for one action call: `base` for reads (overlaid in a dry run), `gate` for every write,
 * `dry` to record writes instead of sending them.
 */
export function callClient(base: JumpCloudClient, gate: WriteGate, dry: DryRun | undefined): JumpCloudClient {
  const readOne = async (req: JumpCloudRequest): Promise<unknown> => {
    if (!dry) return base.request(req);
    const path = req.path.split('?')[0] ?? '';
    const user = USER.exec(path);
    if (user) {
      const id = decodeURIComponent(user[1] ?? '');
      const real = isPlaceholder(id) ? undefined : await base.request<Json>(req);
      const record = overlayUser(real, id, dry.effects);
      if (!record) throw notFound(path);
      return record;
    }
    const group = GROUP.exec(path);
    if (group && isPlaceholder(decodeURIComponent(group[1] ?? ''))) {
      const found = createdGroups(dry.effects).find((g) => g.id === decodeURIComponent(group[1] ?? ''));
      if (!found) throw notFound(path);
      return found;
    }
    const list = PLACEHOLDER_LIST.exec(path);
    if (list && isPlaceholder(decodeURIComponent(list[2] ?? ''))) return overlayList(path, [], dry.effects);
    return base.request(req);
  };

  const client: JumpCloudClient = {
    async request<T>(req: JumpCloudRequest): Promise<T> {
      if (req.method === 'GET') return (await readOne(req)) as T;
      const write = await gate.admitWrite({ method: req.method, path: req.path, body: req.body });
      if (!dry) return base.request<T>(req);
      const effect = await dry.record(write, `${req.method} ${req.path.split('?')[0] ?? ''}`);
      // Answer as JumpCloud would: the created object, or the updated record; empty otherwise.
      if (write.op === 'user.create') return effect.body as T;
      if (write.op === 'userGroup.create')
        return { ...effect.body, id: effect.placeholderId, type: 'user_group' } as T;
      if (req.method === 'PUT' && USER.test(req.path.split('?')[0] ?? ''))
        return (await readOne({ method: 'GET', path: req.path })) as T;
      return undefined as T;
    },
    paginateV1<T>(path: string, options?: V1PageOptions): AsyncGenerator<T, void, undefined> {
      if (!dry || path !== '/api/systemusers') return paginateV1<T>(client, path, options);
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
      if (!dry) return paginateV2<T>(client, path, options);
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
    pagesV1: (path, options) => base.pagesV1(path, options),
    pagesV2: (path, options) => base.pagesV2(path, options),
    stats: () => base.stats(),
    close: () => Promise.resolve(),
  };
  return client;
}
