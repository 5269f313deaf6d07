// Directory Insights events of a time window into the snapshot (resumable like every resource: the cursor
// is the `search_after` of the last page stored). One row per object an event concerns, so "who last
// touched this user" is an indexed look-up (see src/store/changes.ts, findings.ts).
import { heartbeat } from '../../activityContext.js';
import { readCursor, writeCursor } from '../../../store/cursors.js';
import type { SqlDatabase, SqlValue } from '../../../store/types.js';
import type { InsightsClient } from './client.js';

export const EVENTS_RESOURCE = 'insightsEvents';
const PAGE = 1000;

export const EVENT_COLUMNS = [
  'snapshot_id',
  'id',
  'subject_id',
  'subject_type',
  'at',
  'event_type',
  'service',
  'actor_email',
  'actor_type',
  'success',
] as const;

type Rec = Record<string, unknown>;
const obj = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The objects an event is about: its resource, and both ends of an association it changed. */
export function eventRows(snapshotId: string, event: Rec): SqlValue[][] {
  const id = str(event['id']);
  const at = Date.parse(str(event['timestamp']));
  if (id === '' || Number.isNaN(at)) return [];
  const actor = obj(event['initiated_by']);
  const subjects = new Map<string, string>();
  const add = (node: unknown): void => {
    const n = obj(node);
    if (str(n['id']) !== '') subjects.set(str(n['id']), str(n['type']));
  };
  add(event['resource']);
  const connection = obj(obj(event['association'])['connection']);
  add(connection['from']);
  add(connection['to']);
  return [...subjects].map(([subjectId, type]) => [
    snapshotId,
    id,
    subjectId,
    type,
    at,
    str(event['event_type']),
    str(event['service']),
    str(actor['email']).toLowerCase(),
    str(actor['type']),
    event['success'] === false ? 0 : 1,
  ]);
}

export async function syncEvents(ctx: {
  db: SqlDatabase;
  client: InsightsClient;
  snapshotId: string;
  from: number;
  to: number;
  signal?: AbortSignal | undefined;
}): Promise<number> {
  const cursor = await readCursor<{ searchAfter: unknown[] }>(ctx.db, ctx.snapshotId, EVENTS_RESOURCE);
  if (cursor.done) return cursor.items;
  let searchAfter = cursor.position?.searchAfter;
  let items = cursor.items;
  for (;;) {
    const page = await ctx.client.events(
      {
        service: ['directory'],
        start_time: new Date(ctx.from).toISOString(),
        end_time: new Date(ctx.to).toISOString(),
        sort: 'ASC',
        limit: PAGE,
        ...(searchAfter ? { search_after: searchAfter } : {}),
      },
      ctx.signal,
    );
    const done = page.events.length < page.limit || page.searchAfter === undefined;
    searchAfter = page.searchAfter ?? searchAfter;
    items += page.events.length;
    const rows = page.events.flatMap((e) => eventRows(ctx.snapshotId, e));
    await ctx.db.transaction(async (tx) => {
      await tx.insertMany('events', EVENT_COLUMNS, rows, 'ignore');
      await writeCursor(tx, ctx.snapshotId, EVENTS_RESOURCE, {
        position: searchAfter ? { searchAfter } : undefined,
        done,
        items,
      });
    });
    heartbeat({ resource: EVENTS_RESOURCE, items });
    if (done) return items;
  }
}
