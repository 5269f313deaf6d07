import { TestWorkflowEnvironment } from '@temporalio/testing';
import { idflowSearchAttributes } from '../../workflows/definitions.js';
import { resolveTemporalCli, type TemporalCliResolution } from './cliBinary.js';

export interface DevServerOptions {
  /** Interface to bind. @default '127.0.0.1' (loopback only) */
  ip?: string;
  /** gRPC port. @default a free port */
  port?: number;
  /** Serve the Temporal Web UI on this port. @default no UI */
  uiPort?: number;
  /** Persist to this SQLite file. @default in memory */
  dbFilename?: string;
  /** The codec endpoint the Web UI decodes payloads through (idflow's `/codec`). @default none */
  uiCodecEndpoint?: string;
  /** @default 'default' */
  namespace?: string;
  /** Where progress lines go. @default nowhere */
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface DevServer {
  /** host:port of the frontend gRPC service. */
  address: string;
  namespace: string;
  uiUrl?: string;
  cli: TemporalCliResolution;
  env: TestWorkflowEnvironment;
  stop(): Promise<void>;
}

/**
 * Starts a real Temporal dev server (the Temporal CLI's `server start-dev`, SQLite) with idflow's search
 * attributes registered. The SDK supervises the process; we only pick the binary.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const cli = await resolveTemporalCli({
    ...(options.env ? { env: options.env } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const namespace = options.namespace ?? 'default';
  const create = (): Promise<TestWorkflowEnvironment> =>
    TestWorkflowEnvironment.createLocal({
      server: {
        executable:
          cli.source === 'sdk-download'
            ? { type: 'cached-download' }
            : { type: 'existing-path', path: cli.path },
        ip: options.ip ?? '127.0.0.1',
        namespace,
        searchAttributes: Object.values(idflowSearchAttributes),
        log: { format: 'pretty', level: 'error' },
        ...(options.port !== undefined ? { port: options.port } : {}),
        ...(options.uiPort !== undefined ? { ui: true, uiPort: options.uiPort } : {}),
        ...(options.dbFilename !== undefined ? { dbFilename: options.dbFilename } : {}),
        ...(options.uiCodecEndpoint !== undefined
          ? { extraArgs: ['--ui-codec-endpoint', options.uiCodecEndpoint] }
          : {}),
      },
    });
  // The SDK gives the server 5 s to answer; a machine busy building or bundling can miss that once.
  let env: TestWorkflowEnvironment;
  try {
    env = await create();
  } catch (err) {
    options.log?.(
      `Temporal dev server did not start (${err instanceof Error ? err.message.split(':')[0] : String(err)}); trying once more`,
    );
    env = await create();
  }
  return {
    address: env.address,
    namespace,
    ...(options.uiPort !== undefined
      ? { uiUrl: `http://${options.ip ?? '127.0.0.1'}:${options.uiPort}` }
      : {}),
    cli,
    env,
    stop: () => env.teardown(),
  };
}
