// The sync's activities run in-process (no worker) against each store implementation: the same planted
// directory gives the same exact findings and changes in SQLite (pipelineSqlite.test.ts, unit tier) and
// PostgreSQL (test/integration/syncPostgres.test.ts) — the SQL is shared; a resource interrupted half-way
// resumes from its cursor; `directory.lookup` answers from the snapshot.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../src/activities/index.js';
import {
  createJumpCloudClient,
  type JumpCloudClient,
  type JumpCloudRead,
} from '../../src/activities/jumpcloud/client.js';
import { FIXTURE_USERS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { listFindings } from '../../src/store/findings.js';
import type { SqlDatabase } from '../../src/store/types.js';
import { createSyncActivities } from '../../src/activities/sync/activities.js';
import type { SyncActivities } from '../../src/workflows/directorySync.js';
import { loadRules } from '../../src/sync/config/load.js';
import { createInsightsClient, type InsightsClient } from '../../src/activities/sync/insights/client.js';
import { limitedRequester, RateLimiter } from '../../src/activities/sync/rateLimit.js';
import { RESOURCES, type ListResource } from '../../src/activities/sync/resources.js';
import { resourcesOf } from '../../src/sync/scope.js';
import { syncList } from '../../src/activities/sync/syncResource.js';
import { RESOURCE_PARENTS, type SyncResource } from '../../src/sync/types.js';
import { plantChanges, plantViolations } from './planted.js';

const RULES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'rules.yaml');
const { rules } = loadRules([RULES]);

async function runSync(acts: SyncActivities, id: string, startedAt: number) {
  const begun = await acts['idflow.sync.begin']({ snapshotId: id, startedAt, workflowId: 'test', scope: {} });
  const wanted = resourcesOf({});
  const one = async (r: SyncResource): Promise<void> => {
    await acts['idflow.sync.resource']({ snapshotId: id, resource: r, scope: {} });
    await Promise.all(wanted.filter((c) => RESOURCE_PARENTS[c] === r).map(one));
  };
  await Promise.all(wanted.filter((r) => !RESOURCE_PARENTS[r]).map(one));
  const completed = await acts['idflow.sync.complete']({
    snapshotId: id,
    finishedAt: startedAt + 1,
    retain: 10,
  });
  const changes = await acts['idflow.sync.diff']({
    snapshotId: id,
    previousSnapshotId: begun.previousSnapshotId,
  });
  await acts['idflow.sync.insights']({
    snapshotId: id,
    from: begun.previousStartedAt ?? startedAt - 86_400_000,
    to: Date.now(),
  });
  const findings = await acts['idflow.sync.evaluate']({ snapshotId: id, rules });
  return { counts: completed.counts, changes, findings };
}

export function suite(
  name: string,
  openDb: () => Promise<{ db: SqlDatabase; close: () => Promise<void> }>,
): void {
  describe(name, () => {
    let sim: Simulator;
    let jc: JumpCloudClient;
    let insights: InsightsClient;
    let db: SqlDatabase;
    let close: () => Promise<void>;
    let acts: SyncActivities;

    beforeAll(async () => {
      sim = await startSimulator({ seed: 5, users: 60 });
      jc = createJumpCloudClient({ baseUrl: sim.url, apiKey: sim.apiKey });
      insights = createInsightsClient({ baseUrl: `${sim.url}/insights/directory/v1`, apiKey: sim.apiKey });
      ({ db, close } = await openDb());
      acts = createSyncActivities({ jumpcloud: jc, store: db, insights, warn: () => undefined });
    });
    afterAll(async () => {
      await close();
      await insights.close();
      await jc.close();
      await sim.close();
    });

    it('finds exactly the planted violations, then exactly the planted changes', async () => {
      const planted = plantViolations(sim);
      const first = await runSync(acts, 'one', Date.now());
      const sets: Record<string, string[]> = {};
      for (const f of await listFindings(db, 'one')) (sets[f.ruleId] ??= []).push(f.subjectName);
      for (const list of Object.values(sets)) list.sort();
      expect(sets).toEqual(planted.expected);
      expect(first.changes).toEqual({});
      const changes = await plantChanges(sim, jc);
      const second = await runSync(acts, 'two', Date.now() + 1);
      expect(second.changes).toEqual(
        Object.fromEntries(Object.entries(changes.expected).map(([k, v]) => [k, v.length])),
      );
    });

    it('answers directory.lookup from the latest snapshot', async () => {
      const lookup = createActivities({ jumpcloud: jc, store: db })['directory.lookup'];
      const engineer = await lookup({ email: FIXTURE_USERS.engineer.email.toUpperCase() });
      expect(engineer).toMatchObject({
        found: true,
        snapshotId: 'two',
        user: { email: FIXTURE_USERS.engineer.email, state: 'ACTIVATED' },
      });
      expect(engineer.user?.groups).toEqual(expect.arrayContaining(['All Staff', 'Engineering']));
      expect(engineer.user?.devices.map((d) => d.hostname)).toContain('jordan-mbp');
      expect(engineer.user?.apps).toEqual(expect.arrayContaining(['Slack', 'Jira']));
      expect(await lookup({ username: 'nobody.here' })).toMatchObject({ found: false, user: null });
    });

    it('resumes a resource from its cursor after an interrupted attempt', async () => {
      const spec = RESOURCES.users as ListResource;
      await acts['idflow.sync.begin']({
        snapshotId: 'three',
        startedAt: Date.now() + 2,
        workflowId: 'test',
        scope: {},
      });
      let calls = 0;
      const dying = {
        request: async <T>(req: JumpCloudRead): Promise<T> => {
          if (++calls > 3) throw new Error('worker died');
          return jc.request<T>(req);
        },
      };
      const smallPages: ListResource = { ...spec, page: { ...spec.page, pageSize: 10 } };
      const ctx = { db, snapshotId: 'three', resource: 'users' as const, scope: {}, concurrency: 2 };
      await expect(syncList({ ...ctx, requester: dying }, smallPages)).rejects.toThrow('worker died');
      const counted = limitedRequester(jc, new RateLimiter(0));
      const skips: number[] = [];
      const watching = {
        request: <T>(req: JumpCloudRead): Promise<T> => {
          skips.push(Number((req.query as { skip: number }).skip));
          return counted.request<T>(req);
        },
      };
      const total = sim.directory.users().length;
      expect(await syncList({ ...ctx, requester: watching }, smallPages)).toBe(total);
      // The first attempt stored three pages (its fourth request, fetching ahead, died): the retry starts
      // at the fourth, and asks for no page twice.
      expect(skips[0]).toBe(30);
      expect(new Set(skips).size).toBe(skips.length);
      expect(await db.get('SELECT COUNT(*) AS n FROM users WHERE snapshot_id = ?', ['three'])).toEqual({
        n: total,
      });
    });
  });
}
