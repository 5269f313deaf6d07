// How every idflow process (worker, CLI, HTTP server) finds Temporal: one set of variables, read here.
import { readFile } from 'node:fs/promises';
import { envValue } from '../common/env.js';

export interface TemporalConfig {
  /** host:port of the Temporal frontend. */
  address: string;
  namespace: string;
  /** The task queue idflow's workers poll and clients start runs on. */
  taskQueue: string;
  /** mTLS client certificate and key (PEM file paths), and an optional CA, for self-hosted TLS. */
  tls?: { certPath: string; keyPath: string; caPath?: string; serverName?: string };
  /** Temporal Cloud API key (implies TLS). */
  apiKey?: string;
}

export const TEMPORAL_SETTINGS = [
  ['TEMPORAL_ADDRESS', '127.0.0.1:7233', 'Temporal frontend host:port'],
  ['TEMPORAL_NAMESPACE', 'default', 'Temporal namespace'],
  ['IDFLOW_TASK_QUEUE', 'idflow', 'task queue the worker polls and clients start runs on'],
  ['TEMPORAL_TLS_CERT / TEMPORAL_TLS_KEY', '—', 'mTLS client certificate and key (PEM paths)'],
  ['TEMPORAL_TLS_CA / TEMPORAL_TLS_SERVER_NAME', '—', 'CA bundle and server name override for mTLS'],
  ['TEMPORAL_API_KEY', '—', 'Temporal Cloud API key (turns TLS on)'],
] as const;

/** Reads the Temporal settings; pushes a message per problem onto `problems`. */
export function readTemporalConfig(env: NodeJS.ProcessEnv, problems: string[]): TemporalConfig {
  const config: TemporalConfig = {
    address: envValue(env, 'TEMPORAL_ADDRESS') ?? '127.0.0.1:7233',
    namespace: envValue(env, 'TEMPORAL_NAMESPACE') ?? 'default',
    taskQueue: envValue(env, 'IDFLOW_TASK_QUEUE') ?? 'idflow',
  };
  const cert = envValue(env, 'TEMPORAL_TLS_CERT');
  const key = envValue(env, 'TEMPORAL_TLS_KEY');
  if (Boolean(cert) !== Boolean(key))
    problems.push('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY: give both or neither');
  if (cert && key) {
    const ca = envValue(env, 'TEMPORAL_TLS_CA');
    const serverName = envValue(env, 'TEMPORAL_TLS_SERVER_NAME');
    config.tls = {
      certPath: cert,
      keyPath: key,
      ...(ca ? { caPath: ca } : {}),
      ...(serverName ? { serverName } : {}),
    };
  }
  const apiKey = envValue(env, 'TEMPORAL_API_KEY');
  if (apiKey) config.apiKey = apiKey;
  return config;
}

/** Connection options in the shape both `Connection.connect` and `NativeConnection.connect` accept. */
export interface ConnectionSettings {
  address: string;
  apiKey?: string;
  tls?:
    | boolean
    | {
        clientCertPair: { crt: Buffer; key: Buffer };
        serverRootCACertificate?: Buffer;
        serverNameOverride?: string;
      };
}

export async function connectionSettings(config: TemporalConfig): Promise<ConnectionSettings> {
  const out: ConnectionSettings = { address: config.address };
  if (config.tls) {
    const [crt, key, ca] = await Promise.all([
      readFile(config.tls.certPath),
      readFile(config.tls.keyPath),
      config.tls.caPath ? readFile(config.tls.caPath) : Promise.resolve(undefined),
    ]);
    out.tls = {
      clientCertPair: { crt, key },
      ...(ca ? { serverRootCACertificate: ca } : {}),
      ...(config.tls.serverName ? { serverNameOverride: config.tls.serverName } : {}),
    };
  }
  if (config.apiKey) {
    out.apiKey = config.apiKey;
    out.tls ??= true;
  }
  return out;
}

/** A pre-built workflow bundle for an embedded worker (`idflow demo`, `idflow dev`); tests pass theirs. */
export function workflowBundleFromEnv(env: NodeJS.ProcessEnv = process.env): { workflowBundlePath?: string } {
  const path = envValue(env, 'IDFLOW_WORKFLOW_BUNDLE');
  return path ? { workflowBundlePath: path } : {};
}
