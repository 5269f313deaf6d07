// `idflow worker`: connects to Temporal, builds the JumpCloud client and the activities, runs until
// SIGTERM/SIGINT, then lets in-flight activities finish within the grace period.
import { NativeConnection, Runtime } from '@temporalio/worker';
import { createJumpCloudClient } from '../activities/jumpcloud/client.js';
import { connectionSettings } from '../config/temporal.js';
import { createLogger, TemporalPinoLogger } from '../log/logger.js';
import type { WorkerConfig } from './config.js';
import { createIdflowWorker } from './createWorker.js';

export async function runWorker(config: WorkerConfig): Promise<void> {
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
    deps: { jumpcloud },
    readOnly: config.readOnly,
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
