// The embedded default: a real Temporal dev server, the JumpCloud simulator and a worker in one process.
// `idflow demo` and `idflow dev` both start it; production replaces each part (a Temporal cluster,
// JumpCloud itself, workers of their own).
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createJumpCloudClient, type JumpCloudClient } from '../activities/jumpcloud/client.js';
import { createSecretResolver } from '../secrets/resolver.js';
import { startSimulator, type Simulator } from '../simulator/index.js';
import { startDevServer, type DevServer } from '../temporal/devServer.js';
import { createIdflowWorker } from '../worker/createWorker.js';
import { inboxSecrets, startInbox, type Inbox } from './inbox.js';

export interface LocalStackOptions {
  taskQueue: string;
  /** Temporal gRPC port; @default a free port */
  temporalPort?: number;
  /** Temporal Web UI port; @default no UI */
  uiPort?: number;
  /** Keep Temporal's state in this SQLite file; @default in memory */
  dbFilename?: string;
  simulator: { port?: number; seed: number; users: number };
  log?: (line: string) => void;
}

export interface LocalStack {
  server: DevServer;
  sim: Simulator;
  /** Where the playbooks' chat messages land (CHAT_WEBHOOK_URL, IT_REQUESTS_WEBHOOK_URL point here). */
  inbox: Inbox;
  jumpcloud: JumpCloudClient;
  worker: Worker;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  if (options.dbFilename) await mkdir(dirname(options.dbFilename), { recursive: true });
  const server = await startDevServer({
    ...(options.temporalPort !== undefined ? { port: options.temporalPort } : {}),
    ...(options.uiPort !== undefined ? { uiPort: options.uiPort } : {}),
    ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const sim = await startSimulator({
    port: options.simulator.port ?? 0,
    seed: options.simulator.seed,
    users: options.simulator.users,
  });
  const jumpcloud = createJumpCloudClient({ baseUrl: sim.url, apiKey: sim.apiKey });
  const inbox = await startInbox();
  const connection = await NativeConnection.connect({ address: server.address });
  const worker = await createIdflowWorker({
    connection,
    taskQueue: options.taskQueue,
    deps: { jumpcloud, secrets: createSecretResolver({ fileContent: JSON.stringify(inboxSecrets(inbox)) }) },
  });
  const running = worker.run();
  return {
    server,
    sim,
    inbox,
    jumpcloud,
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
      await jumpcloud.close();
      await inbox.close();
      await sim.close();
      await server.stop();
    },
  };
}
