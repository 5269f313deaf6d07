// `idflow server`: connect to Temporal, build the server, listen, and stop cleanly on SIGTERM/SIGINT
// (in-flight requests finish; new ones get 503 while closing).
import { Client, Connection } from '@temporalio/client';
import { connectionSettings } from '../client/connection.js';
import { createLogger } from '../common/log.js';
import { payloadEncryption } from '../codec/index.js';
import { buildServer } from './app.js';
import type { ServerConfig } from './config.js';

export async function runServer(config: ServerConfig): Promise<void> {
  const log = createLogger({ level: config.logLevel, name: 'idflow-server' });
  const connection = await Connection.connect({
    ...(await connectionSettings(config.temporal)),
    connectTimeout: 10_000,
  });
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    // With the payload keys, runs are started encrypted and read decrypted (GET /runs/:id).
    ...(config.encryption ? { dataConverter: payloadEncryption(config.encryption).dataConverter } : {}),
  });
  const server = buildServer({ config, client, logger: log });
  const url = await server.listen();
  log.info(
    {
      // Not `url`: the shared logger redacts that key (chat webhook URLs are secrets).
      listening: url,
      publicUrl: server.context.publicUrl(),
      temporal: config.temporal.address,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      webhooks: config.webhooks.map((w) => `/hooks/${w.name} (${w.preset})`),
      playbooks: [...config.playbooks.keys()],
      tokens: config.tokens.map((t) => `${t.name} (${t.access})`),
      approvalLinks: config.approvals !== undefined,
      encryption: config.encryption ? config.encryption.active.id : 'off',
      codecEndpoint: config.codec ? `/codec (auth ${config.codec.auth})` : 'off',
    },
    'server started',
  );
  if (config.approvals && !config.publicUrl)
    log.warn('approval links point at the listen address: set publicUrl to the address approvers can reach');

  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      log.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await server.close();
  await connection.close();
  log.info('server stopped');
}
