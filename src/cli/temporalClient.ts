// The CLI's connection to Temporal, configured like every other idflow process (TEMPORAL_ADDRESS, …).
import { Client, Connection } from '@temporalio/client';
import { payloadEncryption, type PayloadEncryption } from '../codec/index.js';
import { CodecConfigError, loadKeyring } from '../codec/config.js';
import { connectionSettings, readTemporalConfig, type TemporalConfig } from '../client/connection.js';
import { ExitCode, UserError } from '../common/errors.js';

export interface CliTemporal {
  /** Decodes (and encodes) payloads with the keys of IDFLOW_CODEC_KEYS, when set. */
  client: Client;
  config: TemporalConfig;
  /** Payload encryption, when configured: runs started from here use its subject pseudonyms. */
  encryption?: PayloadEncryption;
  close(): Promise<void>;
}

export async function connectTemporal(env: NodeJS.ProcessEnv = process.env): Promise<CliTemporal> {
  const problems: string[] = [];
  const config = readTemporalConfig(env, problems);
  if (problems.length > 0) throw new UserError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  let encryption: PayloadEncryption | undefined;
  try {
    const keys = await loadKeyring(env);
    if (keys) encryption = payloadEncryption(keys);
  } catch (err) {
    if (err instanceof CodecConfigError) throw new UserError(err.message);
    throw err;
  }
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...(await connectionSettings(config)), connectTimeout: 10_000 });
  } catch (err) {
    throw new UserError(
      `cannot reach Temporal at ${config.address} (set TEMPORAL_ADDRESS): ${err instanceof Error ? err.message : String(err)}`,
      ExitCode.internal,
    );
  }
  return {
    client: new Client({
      connection,
      namespace: config.namespace,
      ...(encryption ? { dataConverter: encryption.dataConverter } : {}),
    }),
    config,
    ...(encryption ? { encryption } : {}),
    close: () => connection.close(),
  };
}

/** Runs `fn` with a connected client and always closes the connection. */
export async function withTemporal<T>(fn: (t: CliTemporal) => Promise<T>): Promise<T> {
  const t = await connectTemporal();
  try {
    return await fn(t);
  } finally {
    await t.close();
  }
}
