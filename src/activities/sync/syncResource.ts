// Pages one resource into a snapshot, resumably. Each page's rows and the cursor after it are committed in
// one transaction, so a killed worker's retry starts at the first page not stored: nothing is fetched
// twice that was stored, nothing is stored twice (rows are keyed by snapshot and id; a replayed page is a
// no-op), and memory holds one page per request in flight, whatever the directory's size.
import { heartbeat } from '../activityContext.js';
import type { JumpCloudRequester } from '../jumpcloud/http/types.js';
import { readCursor, writeCursor } from '../../store/cursors.js';
import type { SqlDatabase, SqlValue } from '../../store/types.js';
import { fetchPage } from './paging.js';
import type { FanOutResource, ListResource } from './resources.js';
import type { SyncResource, SyncScope } from '../../sync/types.js';

export interface PagingContext {
  db: SqlDatabase;
  requester: JumpCloudRequester;
  snapshotId: string;
  resource: SyncResource;
  scope: SyncScope;
  /** Parents paged at once by a fan-out resource. */
  concurrency: number;
  signal?: AbortSignal | undefined;
}

type Rec = Record<string, unknown>;

async function store(
  ctx: PagingContext,
  table: string,
  columns: readonly string[],
  rows: SqlValue[][],
  cursor: { position: unknown; done: boolean; items: number },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.insertMany(table, columns, rows, 'ignore');
    await writeCursor(tx, ctx.snapshotId, ctx.resource, cursor);
  });
}

/** A list resource: pages by `skip`; the cursor is the skip of the next page. */
export async function syncList(ctx: PagingContext, spec: ListResource): Promise<number> {
  const cursor = await readCursor<{ skip: number }>(ctx.db, ctx.snapshotId, ctx.resource);
  if (cursor.done) return cursor.items;
  let skip = cursor.position?.skip ?? 0;
  let items = cursor.items;
  // The next page is requested while this one is written: the two overlap instead of adding up.
  let next = fetchPage(ctx.requester, spec.page, skip, ctx.signal);
  for (;;) {
    const page = (await next) as Rec[];
    const done = page.length < spec.page.pageSize;
    const after = skip + page.length;
    if (!done) {
      next = fetchPage(ctx.requester, spec.page, after, ctx.signal);
      // Failing while we write is reported when awaited; until then it must not be "unhandled".
      next.catch(() => undefined);
    }
    const rows = page.flatMap((item) => spec.rows(ctx.snapshotId, item, ctx.scope));
    items += rows.length;
    await store(ctx, spec.table, spec.columns, rows, { position: { skip: after }, done, items });
    heartbeat({ resource: ctx.resource, skip: after, items });
    if (done) return items;
    skip = after;
  }
}

/** Every page of one parent's list, each stored as it arrives. */
async function syncParent(ctx: PagingContext, spec: FanOutResource, parentId: string): Promise<number> {
  const page = spec.page(parentId);
  let stored = 0;
  for (let skip = 0; ;) {
    const items = (await fetchPage(ctx.requester, page, skip, ctx.signal)) as Rec[];
    const rows = items.flatMap((item) => spec.rows(ctx.snapshotId, parentId, item));
    if (rows.length > 0) await ctx.db.insertMany(spec.table, spec.columns, rows, 'ignore');
    stored += rows.length;
    if (items.length < page.pageSize) return stored;
    skip += items.length;
  }
}

/** Runs `fn` over `items` with at most `limit` at once; the first failure stops new starts and is thrown. */
async function bounded<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let index = 0;
  const failures: unknown[] = [];
  const lane = async (): Promise<void> => {
    while (failures.length === 0 && index < items.length) {
      const item = items[index++] as T;
      try {
        await fn(item);
      } catch (err) {
        failures.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  const [first] = failures;
  if (first !== undefined)
    throw first instanceof Error ? first : new Error('a parent failed', { cause: first });
}

/**
 * A fan-out resource: parents are taken from the snapshot in id order, a batch at a time, and paged
 * `concurrency` at once; the cursor is the last parent of the last finished batch. A retry re-reads at most
 * one batch, whose rows are already keyed against duplicates.
 */
export async function syncFanOut(ctx: PagingContext, spec: FanOutResource): Promise<number> {
  const cursor = await readCursor<{ after: string }>(ctx.db, ctx.snapshotId, ctx.resource);
  if (cursor.done) return cursor.items;
  let after = cursor.position?.after ?? '';
  let items = cursor.items;
  const batchSize = Math.max(ctx.concurrency * 4, 16);
  for (;;) {
    const parents = await ctx.db.all<{ id: string }>(
      `SELECT id FROM ${spec.parentTable} WHERE snapshot_id = ? AND id > ? ORDER BY id LIMIT ?`,
      [ctx.snapshotId, after, batchSize],
    );
    const done = parents.length < batchSize;
    await bounded(parents, ctx.concurrency, async ({ id }) => {
      const stored = await syncParent(ctx, spec, id);
      items += stored;
      heartbeat({ resource: ctx.resource, after, items });
    });
    after = parents[parents.length - 1]?.id ?? after;
    await store(ctx, spec.table, spec.columns, [], { position: { after }, done, items });
    heartbeat({ resource: ctx.resource, after, items });
    if (done) return items;
  }
}
