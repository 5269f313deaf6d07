// `idflow worker`: connects to Temporal, builds the JumpCloud client and the activities, runs until
// SIGTERM/SIGINT, then lets in-flight activities finish within the grace period.
import { readFile } from 'node:fs/promises';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { createJumpCloudClient } from '../activities/jumpcloud/client.js';
import { createSecretResolver, SecretsFileError, type SecretResolver } from '../secrets/resolver.js';
import { connectionSettings } from '../config/temporal.js';
import { createLogger, TemporalPinoLogger } from '../log/logger.js';
import { ConfigError, type WorkerConfig } from './config.js';
import { createIdflowWorker } from './createWorker.js';

async function loadSecrets(config: WorkerConfig, env: NodeJS.ProcessEnv): Promise<SecretResolver> {
  if (!config.secretsFile) return createSecretResolver({ env });
  let fileContent: string;
  try {
    fileContent = await readFile(config.secretsFile, 'utf8');
  } catch (err) {
    throw new ConfigError([
      `IDFLOW_SECRETS_FILE: cannot read ${config.secretsFile} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    ]);
  }
  try {
    return createSecretResolver({ env, fileContent });
  } catch (err) {
    if (err instanceof SecretsFileError)
      throw new ConfigError(err.problems.map((p) => `IDFLOW_SECRETS_FILE ${config.secretsFile}: ${p}`));
    throw err;
  }
}

export async function runWorker(config: WorkerConfig, env: NodeJS.ProcessEnv): Promise<void> {
  // The secrets file is read once at start; a missing or malformed file stops the worker, naming its path.
  const secrets = await loadSecrets(config, env);
  const log = createLogger({ level: config.logLevel, name: 'idflow-worker' });
  Runtime.install({
    logger: new TemporalPinoLogger(log),
    ...(config.metricsAddress
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: config.metricsAddress } } } }
      : {}),
  });

  const connection = await NativeConnection.connect(await connectionSettings(config.temporal));
  const jumpcloud = createJumpCloudClient({
    baseUrl: config.jumpcloud.baseUrl,
    apiKey: config.jumpcloud.apiKey,
    ...(config.jumpcloud.orgId ? { orgId: config.jumpcloud.orgId } : {}),
  });
  const worker = await createIdflowWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: { jumpcloud, secrets, http: { allowHosts: config.httpAllowHosts } },
    readOnly: config.readOnly,
    announcements: config.approvals,
    shutdownGraceMs: config.shutdownGraceMs,
    ...(config.workflowBundlePath ? { workflowBundle: { codePath: config.workflowBundlePath } } : {}),
  });

  const stop = (signal: string): void => {
    log.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down: finishing in-flight activities');
    worker.shutdown();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));

  log.info(
    {
      temporal: config.temporal.address,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      jumpcloud: config.jumpcloud.baseUrl,
      readOnly: config.readOnly,
      approvalChannel: config.approvals.channelSecret ?? null,
      approvalLinks: config.approvals.links ? config.approvals.links.publicUrl : null,
      metrics: config.metricsAddress ?? null,
    },
    'worker started',
  );
  try {
    await worker.run();
  } finally {
    await jumpcloud.close();
    await connection.close();
    log.info('worker stopped');
  }
}
