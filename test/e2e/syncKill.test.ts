// Killing the worker during a large sync: `kill -9` the worker process while it pages the users, start
// another, and the retried activity continues from the stored cursor (no page stored twice, none skipped);
// the snapshot completes with exactly the directory's users, memberships and devices.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { readCursor } from '../../src/store/cursors.js';
import { openStore } from '../../src/store/open.js';
import type { SqlDatabase } from '../../src/store/types.js';
import type { DirectorySyncInput, DirectorySyncResult } from '../../src/sync/types.js';
import { connectClient, uniqueTaskQueue } from '../helpers/temporal.js';
import { waitFor } from '../helpers/waitFor.js';
import { spawnWorker, type WorkerProcess } from '../helpers/workerProcess.js';

const USERS = 4_000;

describe('a worker killed with SIGKILL in the middle of a sync', () => {
  let sim: Simulator;
  let client: Client;
  let closeClient: () => Promise<void>;
  let dir: string;
  let db: SqlDatabase;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    // Slow pages, so the kill lands in the middle of the users (40 pages of 100).
    sim = await startSimulator({ seed: 8, users: USERS, groups: 120, faults: { latencyMs: 60 } });
    ({ client, close: closeClient } = await connectClient());
    dir = await mkdtemp(join(tmpdir(), 'idflow-kill-'));
  });
  afterAll(async () => {
    for (const w of workers) await w.kill();
    await db?.close();
    await closeClient?.();
    await sim?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'resumes paging where the dead worker left off, and the snapshot is complete, without duplicates',
    { timeout: 120_000 },
    async () => {
      const taskQueue = uniqueTaskQueue('sync-kill');
      const store = `sqlite:${join(dir, 'snapshots.sqlite')}`;
      const env = {
        JUMPCLOUD_BASE_URL: sim.url,
        JUMPCLOUD_API_KEY: sim.apiKey,
        IDFLOW_TASK_QUEUE: taskQueue,
        IDFLOW_STORE: store,
      };
      workers.push(await spawnWorker(env));
      db = await openStore(store);
      const input: DirectorySyncInput = {
        source: 'test',
        scope: { resources: ['users', 'userGroups', 'userGroupMembers', 'systems'] },
        rules: [],
        playbooks: {},
        insights: { enabled: false },
        // A dead worker's activity is retried on the next one after 3 s without a heartbeat.
        tuning: { heartbeatTimeoutMs: 3_000 },
      };
      const handle = await client.workflow.start('directorySync', {
        args: [input],
        taskQueue,
        workflowId: `sync-kill-${taskQueue}`,
      });

      // Wait until the users are part-way stored, then kill.
      const { snapshotId, stored } = await waitFor(
        async () => {
          const snapshot = await db.get<{ id: string }>('SELECT id FROM snapshots LIMIT 1');
          if (!snapshot) return undefined;
          const at = (await readCursor<{ skip: number }>(db, snapshot.id, 'users')).position?.skip ?? 0;
          return at >= 1_000 ? { snapshotId: snapshot.id, stored: at } : undefined;
        },
        { what: 'a snapshot with 1,000 users stored', timeoutMs: 60_000, maxIntervalMs: 25 },
      ).catch((err: unknown) => {
        console.log(workers[0]!.lines.slice(-20).join('\n'));
        throw err;
      });
      expect(stored).toBeGreaterThanOrEqual(1_000);
      await workers[0]!.kill('SIGKILL');
      const killedAt = Date.now();
      const cursorAtKill = (await readCursor<{ skip: number }>(db, snapshotId, 'users')).position?.skip ?? 0;
      expect(cursorAtKill).toBeLessThan(USERS);

      workers.push(await spawnWorker(env));
      const result = (await handle.result()) as DirectorySyncResult;

      expect(result.snapshotId).toBe(snapshotId);
      expect(result.counts['users']).toBe(USERS);
      expect(result.counts['systems']).toBe(sim.directory.inventory.systems().length);
      const memberships = sim.directory
        .groups()
        .reduce((n, g) => n + sim.directory.membersOf(g.id).length, 0);
      expect(result.counts['userGroupMembers']).toBe(memberships);
      const distinct = await db.get<{ n: number; d: number }>(
        'SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM users WHERE snapshot_id = ?',
        [snapshotId],
      );
      expect(distinct).toEqual({ n: USERS, d: USERS });
      // The retry asked for no page before the stored cursor: it resumed, it did not start over.
      const after = sim
        .requests()
        .filter((r) => r.at > killedAt && r.path.startsWith('/api/systemusers?'))
        .map((r) => Number(new URLSearchParams(r.path.split('?')[1]).get('skip')));
      expect(after.length).toBeGreaterThan(0);
      expect(Math.min(...after)).toBe(cursorAtKill);
      expect(new Set(after).size).toBe(after.length);
    },
  );
});
