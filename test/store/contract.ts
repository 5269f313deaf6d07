// The snapshot store's contract, run against both implementations: SQLite (a temp file, sqlite.test.ts, unit
// tier) and PostgreSQL (a throwaway cluster on loopback, test/integration/storePostgres.test.ts).
// Migrations, idempotent upserts, transactions that roll back, the cursor written with its page, snapshot
// lifecycle and pruning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCursor, writeCursor } from '../../src/store/cursors.js';
import { migrate, schemaVersion, SchemaTooNewError } from '../../src/store/migrate.js';
import { SCHEMA_VERSION, TABLE_KEYS } from '../../src/store/schema.js';
import {
  beginSnapshot,
  completeSnapshot,
  getSnapshot,
  latestComplete,
  listSnapshots,
  pruneSnapshots,
} from '../../src/store/snapshots.js';
import type { SqlDatabase } from '../../src/store/types.js';
import { SYSTEM_COLUMNS } from '../../src/sync/records.js';

export function contract(
  name: string,
  open: () => Promise<{ db: SqlDatabase; close: () => Promise<void> }>,
): void {
  describe(name, () => {
    let db: SqlDatabase;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ db, close } = await open());
    });
    afterAll(() => close());

    it('is migrated to the newest schema, and migrating again changes nothing', async () => {
      expect(await schemaVersion(db)).toBe(SCHEMA_VERSION);
      expect(await migrate(db)).toEqual([]);
      for (const table of Object.keys(TABLE_KEYS)) {
        expect(await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`)).toEqual({ n: 0 });
      }
    });

    it('refuses a database newer than the code', async () => {
      await db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        999,
        'future',
        0,
      ]);
      await expect(migrate(db)).rejects.toBeInstanceOf(SchemaTooNewError);
      await db.run('DELETE FROM schema_migrations WHERE version = ?', [999]);
    });

    it('inserts idempotently: ignore keeps the first row, replace overwrites', async () => {
      const cols = ['snapshot_id', 'id', 'name', 'description', 'membership_method'];
      await db.insertMany(
        'user_groups',
        cols,
        [
          ['s', 'g1', 'One', '', 'STATIC'],
          ['s', 'g2', 'Two', '', 'STATIC'],
        ],
        'ignore',
      );
      await db.insertMany('user_groups', cols, [['s', 'g1', 'Changed', '', 'STATIC']], 'ignore');
      expect(
        (await db.get<{ name: string }>('SELECT name FROM user_groups WHERE id = ?', ['g1']))?.name,
      ).toBe('One');
      await db.insertMany('user_groups', cols, [['s', 'g1', 'Changed', '', 'STATIC']], 'replace');
      expect(
        (await db.get<{ name: string }>('SELECT name FROM user_groups WHERE id = ?', ['g1']))?.name,
      ).toBe('Changed');
      // Many rows in one call are split into statements under the parameter limits.
      const many = Array.from({ length: 15_000 }, (_, i) => ['big', `m${i}`, `Group ${i}`, '', 'STATIC']);
      await db.insertMany('user_groups', cols, many, 'ignore');
      expect(
        await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM user_groups WHERE snapshot_id = ?', ['big']),
      ).toEqual({ n: 15_000 });
    });

    it('commits a page and its cursor together, or neither', async () => {
      const cols = ['snapshot_id', 'id', 'name', 'description'];
      await expect(
        db.transaction(async (tx) => {
          await tx.insertMany('system_groups', cols, [['t', 'x', 'X', '']], 'ignore');
          await writeCursor(tx, 't', 'systemGroups', { position: { skip: 100 }, done: false, items: 1 });
          throw new Error('crash after the page');
        }),
      ).rejects.toThrow('crash after the page');
      expect(await readCursor(db, 't', 'systemGroups')).toEqual({
        position: undefined,
        done: false,
        items: 0,
      });
      expect(
        await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM system_groups WHERE snapshot_id = ?', ['t']),
      ).toEqual({ n: 0 });
      await db.transaction(async (tx) => {
        await tx.insertMany('system_groups', cols, [['t', 'x', 'X', '']], 'ignore');
        await writeCursor(tx, 't', 'systemGroups', { position: { skip: 100 }, done: true, items: 1 });
      });
      expect(await readCursor(db, 't', 'systemGroups')).toEqual({
        position: { skip: 100 },
        done: true,
        items: 1,
      });
    });

    it('keeps BIGINT times as numbers', async () => {
      const ms = Date.UTC(2030, 0, 1, 12, 30, 15, 123);
      await db.insertMany(
        'systems',
        SYSTEM_COLUMNS,
        [['t', 's1', 'h', 'h', 'Mac OS X', 'darwin', '14.5', '', 1, 1, ms, '', 1, '', null]],
        'ignore',
      );
      expect(await db.get('SELECT last_contact, created FROM systems WHERE id = ?', ['s1'])).toEqual({
        last_contact: ms,
        created: null,
      });
    });

    it('begins snapshots idempotently, links each to the previous complete one, and prunes old ones', async () => {
      const scope = { resources: ['users'] };
      const a = await beginSnapshot(db, { id: 'a', workflowId: 'w1', startedAt: 1_000, scope });
      expect(a).toMatchObject({ id: 'a', status: 'running', previousId: null, scope });
      expect(await beginSnapshot(db, { id: 'a', workflowId: 'w1', startedAt: 1_000, scope })).toEqual(a);
      expect(await latestComplete(db)).toBeUndefined();
      await completeSnapshot(db, 'a', { users: 3 }, 1_500);
      const b = await beginSnapshot(db, { id: 'b', workflowId: 'w2', startedAt: 2_000, scope });
      expect(b.previousId).toBe('a');
      await completeSnapshot(db, 'b', { users: 4 }, 2_500);
      for (const [id, at] of [
        ['c', 3_000],
        ['d', 4_000],
      ] as const) {
        await beginSnapshot(db, { id, workflowId: id, startedAt: at, scope });
        await completeSnapshot(db, id, {}, at + 100);
      }
      await db.insertMany(
        'user_groups',
        ['snapshot_id', 'id', 'name', 'description', 'membership_method'],
        [['a', 'g', 'G', '', '']],
        'ignore',
      );
      expect((await listSnapshots(db)).map((s) => s.id)).toEqual(['d', 'c', 'b', 'a']);
      expect(await pruneSnapshots(db, 2)).toEqual(['a', 'b']);
      expect(await getSnapshot(db, 'a')).toBeUndefined();
      expect(await db.get('SELECT COUNT(*) AS n FROM user_groups WHERE snapshot_id = ?', ['a'])).toEqual({
        n: 0,
      });
      expect((await latestComplete(db))?.id).toBe('d');
    });
  });
}
