// `idflow worker`: connects to Temporal, builds the JumpCloud client and the activities, runs until
// SIGTERM/SIGINT, then lets in-flight activities finish within the grace period.
import { readFile } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { createJumpCloudClient } from '../activities/jumpcloud/client.js';
import { createSecretResolver, SecretsFileError, type SecretResolver } from '../secrets/resolver.js';
import { connectionSettings } from '../client/connection.js';
import { createLogger, TemporalPinoLogger } from '../common/log.js';
import { ConfigError, type WorkerConfig } from './config.js';
import { createIdflowWorker } from './createWorker.js';
import { openStore } from '../store/open.js';
import { payloadEncryption, type PayloadEncryption } from '../codec/index.js';
import { codecKeySecretName, resolveKeyring } from '../codec/config.js';
import { GuardrailsFileError, parseGuardrailsFile } from '../guardrails/configFile.js';
import { DEFAULT_GLOBAL_GUARDRAILS, type GlobalGuardrails } from '../guardrails/policy.js';
import { createInsightsClient } from '../activities/sync/insights/client.js';

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

/** The operator's guardrails; a missing or invalid file stops the worker, naming the problem. */
async function loadGuardrails(config: WorkerConfig): Promise<GlobalGuardrails> {
  if (!config.guardrailsFile) return DEFAULT_GLOBAL_GUARDRAILS;
  let text: string;
  try {
    text = await readFile(config.guardrailsFile, 'utf8');
  } catch (err) {
    throw new ConfigError([
      `IDFLOW_GUARDRAILS_FILE: cannot read ${config.guardrailsFile} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    ]);
  }
  try {
    return parseGuardrailsFile(text, `IDFLOW_GUARDRAILS_FILE ${config.guardrailsFile}`);
  } catch (err) {
    if (err instanceof GuardrailsFileError) throw new ConfigError(err.problems);
    throw err;
  }
}

/** The payload keys, looked up like any secret but by the worker itself (playbooks never see them). */
async function loadEncryption(
  config: WorkerConfig,
  env: NodeJS.ProcessEnv,
): Promise<PayloadEncryption | undefined> {
  if (!config.codecKeyIds) return undefined;
  const fileContent = config.secretsFile ? await readFile(config.secretsFile, 'utf8') : undefined;
  const own = createSecretResolver({
    env,
    ...(fileContent !== undefined ? { fileContent } : {}),
    reservedEnvPrefixes: [],
  });
  const problems: string[] = [];
  const keys = resolveKeyring(config.codecKeyIds, (name) => own.resolve(name), problems);
  if (!keys || problems.length > 0) throw new ConfigError(problems);
  return payloadEncryption(keys);
}

/** Playbooks name secrets; the payload keys are never among those they may name, wherever they are kept. */
function withoutCodecKeys(secrets: SecretResolver, ids: readonly string[]): SecretResolver {
  const hidden = new Set(ids.map(codecKeySecretName));
  return {
    resolve: (name) =>
      hidden.has(name) || name.startsWith('IDFLOW_CODEC_KEY_') ? undefined : secrets.resolve(name),
    describeSources: secrets.describeSources,
  };
}

export async function runWorker(config: WorkerConfig, env: NodeJS.ProcessEnv): Promise<void> {
  // The secrets file is read once at start; a missing or malformed file stops the worker, naming its path.
  const secrets = withoutCodecKeys(await loadSecrets(config, env), config.codecKeyIds ?? []);
  const guardrails = await loadGuardrails(config);
  const encryption = await loadEncryption(config, env);
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
  // The snapshot store is opened (and migrated) at start: a wrong IDFLOW_STORE stops the worker now, not
  // at the first scheduled sync.
  const store = await openStore(config.store);
  const insights = createInsightsClient({
    baseUrl: config.sync.insightsUrl,
    apiKey: config.jumpcloud.apiKey,
    ...(config.jumpcloud.orgId ? { orgId: config.jumpcloud.orgId } : {}),
  });
  // Findings start playbooks through the ordinary client (the worker's own connection is native).
  const clientConnection = await Connection.connect(await connectionSettings(config.temporal));
  const temporal = new Client({
    connection: clientConnection,
    namespace: config.temporal.namespace,
    ...(encryption ? { dataConverter: encryption.dataConverter } : {}),
  });
  const worker = await createIdflowWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: {
      jumpcloud,
      secrets,
      http: { allowHosts: config.httpAllowHosts },
      store,
      guardrails: { policy: guardrails },
    },
    ...(encryption ? { encryption } : {}),
    sync: {
      insights,
      temporal,
      concurrency: config.sync.concurrency,
      requestsPerSecond: config.sync.requestsPerSecond,
      warn: (message) => log.warn(message),
    },
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
      store: store.description,
      guardrails: config.guardrailsFile ?? 'default policy',
      // The key id only: the key itself never reaches a log.
      encryption: encryption ? encryption.keyring.active.id : 'off',
    },
    'worker started',
  );
  try {
    await worker.run();
  } finally {
    await jumpcloud.close();
    await insights.close();
    await store.close();
    await clientConnection.close();
    await connection.close();
    log.info('worker stopped');
  }
}
