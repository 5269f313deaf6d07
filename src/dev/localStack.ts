// The embedded default: a real Temporal dev server, the JumpCloud simulator, a chat inbox, a worker and
// the HTTP server (webhooks, approval links) in one process. `idflow demo` and `idflow dev` both start it;
// production replaces each part (a Temporal cluster, JumpCloud itself, chat, workers and servers of
// their own) without changing any of the code they run.
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createJumpCloudClient, type JumpCloudClient } from '../activities/jumpcloud/client.js';
import { createLogger } from '../common/log.js';
import { createSecretResolver } from '../secrets/resolver.js';
import { buildServer, type IdflowServer } from '../server/app.js';
import { loadServerConfig } from '../server/config.js';
import { startSimulator, type Simulator } from '../simulator/index.js';
import { startDevServer, type DevServer } from './temporal/devServer.js';
import { openStore } from '../store/open.js';
import type { SqlDatabase } from '../store/types.js';
import { createIdflowWorker } from '../worker/createWorker.js';
import { payloadEncryption, type PayloadEncryption } from '../codec/index.js';
import { loadKeyring } from '../codec/config.js';
import { DEV_CODEC_KEY_ID, ensureDevConfig, type DevConfig } from './devConfig.js';
import { inboxSecrets, startInbox, type Inbox } from './inbox.js';

export interface LocalStackOptions {
  taskQueue: string;
  /** Where the dev config (server.yaml, secrets.json) and, with `persist`, Temporal's state live. */
  dataDir: string;
  /** Keep Temporal's state in `<dataDir>/temporal.db`; @default in memory */
  persist?: boolean;
  /** Temporal gRPC port; @default a free port */
  temporalPort?: number;
  /** Temporal Web UI port; @default no UI */
  uiPort?: number;
  /** The HTTP server's port; @default a free port */
  httpPort?: number;
  simulator: { port?: number; seed: number; users: number };
  log?: (line: string) => void;
  /**
   * Encrypt payloads with the dev key (key id `dev` in `<dataDir>/secrets.json`); the Web UI reads them
   * through the HTTP server's codec endpoint. @default true
   */
  encrypt?: boolean;
  /** A pre-built workflow bundle (IDFLOW_WORKFLOW_BUNDLE); by default the worker bundles at start. */
  workflowBundlePath?: string;
}

export interface LocalStack {
  temporal: DevServer;
  /** A client for the dev server, for scripted steps (the demo). */
  client: Client;
  sim: Simulator;
  /** Where the playbooks' chat messages land (CHAT_WEBHOOK_URL, IT_REQUESTS_WEBHOOK_URL, APPROVALS_WEBHOOK_URL). */
  inbox: Inbox;
  jumpcloud: JumpCloudClient;
  worker: Worker;
  http: IdflowServer;
  httpUrl: string;
  config: DevConfig;
  /** Payload encryption, when on: start runs with `subjects: encryption` so ids hold no email. */
  encryption?: PayloadEncryption;
  /** The directory snapshot store (`<dataDir>/snapshots.sqlite`): syncs write it, `directory.lookup` reads it. */
  store: SqlDatabase;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  // What has started, to stop in reverse order: on stop(), or at once when a later part fails to start
  // (a port in use), so that nothing is left running behind an error.
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    return await assemble(options, stops, stopAll);
  } catch (err) {
    await stopAll().catch(() => undefined);
    throw err;
  }
}

async function assemble(
  options: LocalStackOptions,
  stops: (() => Promise<unknown>)[],
  stopAll: () => Promise<void>,
): Promise<LocalStack> {
  const config = await ensureDevConfig(options.dataDir);
  const dbFilename = options.persist ? `${options.dataDir}/temporal.db` : undefined;
  if (dbFilename) await mkdir(dirname(dbFilename), { recursive: true });
  const encrypt = options.encrypt ?? true;
  // The UI is told where to decode before it starts, so the HTTP server's port is fixed first.
  const httpPort =
    options.httpPort !== undefined && options.httpPort !== 0
      ? options.httpPort
      : encrypt && options.uiPort !== undefined
        ? await freePort()
        : 0;
  const codecUrl = encrypt && options.uiPort !== undefined ? `http://127.0.0.1:${httpPort}/codec` : undefined;
  const temporal = await startDevServer({
    ...(options.temporalPort !== undefined ? { port: options.temporalPort } : {}),
    ...(options.uiPort !== undefined ? { uiPort: options.uiPort } : {}),
    ...(codecUrl ? { uiCodecEndpoint: codecUrl } : {}),
    ...(dbFilename ? { dbFilename } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  stops.push(() => temporal.stop());
  const sim = await startSimulator({
    port: options.simulator.port ?? 0,
    seed: options.simulator.seed,
    users: options.simulator.users,
  });
  stops.push(() => sim.close());
  const jumpcloud = createJumpCloudClient({ baseUrl: sim.url, apiKey: sim.apiKey });
  stops.push(() => jumpcloud.close());
  const inbox = await startInbox();
  stops.push(() => inbox.close());
  // The HTTP server, from the dev config file like `idflow server --config` would load it.
  const env = {
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    IDFLOW_TASK_QUEUE: options.taskQueue,
    IDFLOW_SECRETS_FILE: config.secretsPath,
    ...(encrypt ? { IDFLOW_CODEC_KEYS: DEV_CODEC_KEY_ID } : {}),
  };
  const keys = encrypt ? await loadKeyring(env) : undefined;
  const encryption = keys ? payloadEncryption(keys) : undefined;
  const connection = await Connection.connect({ address: temporal.address });
  stops.push(() => connection.close());
  const client = new Client({
    connection,
    namespace: temporal.namespace,
    ...(encryption ? { dataConverter: encryption.dataConverter } : {}),
  });

  const serverConfig = await loadServerConfig({
    env,
    configPath: config.serverConfigPath,
    host: '127.0.0.1',
    port: httpPort,
  });
  // The codec endpoint for the Web UI: on loopback, without a token (the UI of the dev server sends none).
  // The UI may be opened as 127.0.0.1 or localhost: both origins may call.
  if (encryption && !serverConfig.codec)
    serverConfig.codec = {
      cors: temporal.uiUrl ? [temporal.uiUrl, temporal.uiUrl.replace('//127.0.0.1:', '//localhost:')] : [],
      auth: 'none',
    };
  const http = buildServer({
    config: serverConfig,
    client,
    logger: createLogger({ level: 'warn', name: 'idflow-server' }),
  });
  const httpUrl = await http.listen();
  stops.push(() => http.close());

  const store = await openStore({ kind: 'sqlite', path: `${options.dataDir}/snapshots.sqlite` });
  stops.push(() => store.close());
  const nativeConnection = await NativeConnection.connect({ address: temporal.address });
  stops.push(() => nativeConnection.close());
  const worker = await createIdflowWorker({
    connection: nativeConnection,
    taskQueue: options.taskQueue,
    deps: {
      jumpcloud,
      secrets: createSecretResolver({
        fileContent: JSON.stringify({
          ...inboxSecrets(inbox),
          APPROVALS_WEBHOOK_URL: inbox.urlFor('approvals'),
        }),
      }),
      store,
    },
    sync: { temporal: client },
    ...(options.workflowBundlePath ? { workflowBundle: { codePath: options.workflowBundlePath } } : {}),
    announcements: {
      channelSecret: 'APPROVALS_WEBHOOK_URL',
      links: { publicUrl: httpUrl, key: config.secrets.APPROVAL_LINK_KEY },
    },
    ...(encryption ? { encryption } : {}),
  });
  const running = worker.run();
  stops.push(async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  });
  return {
    temporal,
    client,
    sim,
    inbox,
    jumpcloud,
    worker,
    http,
    httpUrl,
    config,
    store,
    ...(encryption ? { encryption } : {}),
    stop: stopAll,
  };
}

/** A port nobody listens on now (the UI must know the codec's address before the server starts). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
