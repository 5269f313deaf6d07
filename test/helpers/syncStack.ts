// A sync stack for a test file: a simulator, a snapshot store (SQLite in a temp folder), a Temporal client
// and an idflow worker with the sync activities wired (Directory Insights on the simulator, playbooks
// started through the client), on a task queue of its own.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { inject } from 'vitest';
import { createJumpCloudClient, type JumpCloudClient } from '../../src/activities/jumpcloud/client.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { openStore } from '../../src/store/open.js';
import type { SqlDatabase } from '../../src/store/types.js';
import { createInsightsClient, type InsightsClient } from '../../src/activities/sync/insights/client.js';
import { createIdflowWorker } from '../../src/worker/createWorker.js';
import { connectClient, uniqueTaskQueue } from '../helpers/temporal.js';

export interface SyncStack {
  sim: Simulator;
  jc: JumpCloudClient;
  db: SqlDatabase;
  storePath: string;
  client: Client;
  taskQueue: string;
  close(): Promise<void>;
}

export async function startSyncStack(label: string, simOptions: SimulatorOptions = {}): Promise<SyncStack> {
  const sim = await startSimulator({ seed: 5, users: 60, ...simOptions });
  const jc = createJumpCloudClient({ baseUrl: sim.url, apiKey: sim.apiKey });
  const dir = await mkdtemp(join(tmpdir(), 'idflow-sync-'));
  const storePath = join(dir, 'snapshots.sqlite');
  const db = await openStore(`sqlite:${storePath}`);
  const insights: InsightsClient = createInsightsClient({
    baseUrl: `${sim.url}/insights/directory/v1`,
    apiKey: sim.apiKey,
  });
  const { client, close } = await connectClient();
  const taskQueue = uniqueTaskQueue(label);
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const worker = await createIdflowWorker({
    connection,
    namespace: inject('temporalNamespace'),
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    deps: { jumpcloud: jc, store: db },
    sync: { insights, temporal: client, warn: () => undefined },
    shutdownGraceMs: 5_000,
  });
  const running = worker.run();
  return {
    sim,
    jc,
    db,
    storePath,
    client,
    taskQueue,
    async close() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
      await close();
      await insights.close();
      await db.close();
      await jc.close();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
