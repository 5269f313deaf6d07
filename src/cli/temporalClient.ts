// The CLI's connection to Temporal, configured like every other idflow process (TEMPORAL_ADDRESS, …).
import { Client, Connection } from '@temporalio/client';
import { connectionSettings, readTemporalConfig, type TemporalConfig } from '../config/temporal.js';
import { ExitCode, UserError } from './exitCodes.js';

export interface CliTemporal {
  client: Client;
  config: TemporalConfig;
  close(): Promise<void>;
}

export async function connectTemporal(env: NodeJS.ProcessEnv = process.env): Promise<CliTemporal> {
  const problems: string[] = [];
  const config = readTemporalConfig(env, problems);
  if (problems.length > 0) throw new UserError(`invalid configuration:\n  ${problems.join('\n  ')}`);
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
    client: new Client({ connection, namespace: config.namespace }),
    config,
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
