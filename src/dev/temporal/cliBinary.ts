import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * The Temporal CLI release we build from source when no binary is available. Later tags carry a `replace`
 * directive in go.mod, which makes `go install pkg@version` refuse them.
 */
export const TEMPORAL_CLI_VERSION = '1.5.1';
const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

/** Where the Temporal CLI came from, so callers can print it and pick the SDK executable config. */
export type TemporalCliResolution =
  | { source: 'env' | 'path' | 'cache' | 'built'; path: string; buildMs?: number }
  | { source: 'sdk-download'; reason: string };

export interface ResolveTemporalCliOptions {
  /** Environment to read TEMPORAL_CLI_PATH, PATH and cache locations from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Build with `go install` when nothing else is found. @default true */
  build?: boolean;
  /** Progress lines (what was found or built); @default no output */
  log?: (line: string) => void;
}

/** idflow's folder for tools it builds, outside the repository, shared by every checkout on the machine. */
export function idflowCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.IDFLOW_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'idflow');
}

/** Folder where the built CLI is cached. */
export function temporalCliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(idflowCacheDir(env), `temporal-cli-v${TEMPORAL_CLI_VERSION}`);
}

// The helpers below also find and build the tests' time-skipping server (test/setup/timeSkippingServer.ts).

export async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function findOnPath(name: string, pathVar: string | undefined): Promise<string | undefined> {
  for (const dir of (pathVar ?? '').split(delimiter)) {
    if (dir && (await isExecutable(join(dir, name)))) return join(dir, name);
  }
  return undefined;
}

/** Runs a command to its end with stdout and stderr collected together. */
export function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * Finds a `temporal` CLI: TEMPORAL_CLI_PATH, then PATH, then our cache, then builds it from the Go module
 * proxy into the cache. When none of that works (no Go toolchain), the SDK's own download is the fallback.
 */
export async function resolveTemporalCli(
  options: ResolveTemporalCliOptions = {},
): Promise<TemporalCliResolution> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);

  const fromEnv = env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!(await isExecutable(fromEnv))) {
      throw new Error(`TEMPORAL_CLI_PATH is set to ${fromEnv}, but no executable file is there.`);
    }
    log(`temporal CLI: ${fromEnv} (from TEMPORAL_CLI_PATH)`);
    return { source: 'env', path: fromEnv };
  }

  const onPath = await findOnPath('temporal', env.PATH);
  if (onPath) {
    log(`temporal CLI: ${onPath} (found on PATH)`);
    return { source: 'path', path: onPath };
  }

  const cacheDir = temporalCliCacheDir(env);
  const cached = join(cacheDir, 'temporal');
  if (await isExecutable(cached)) {
    log(`temporal CLI: ${cached} (cached build of v${TEMPORAL_CLI_VERSION})`);
    return { source: 'cache', path: cached };
  }

  if (options.build === false) {
    return { source: 'sdk-download', reason: 'no temporal binary found and building was not requested' };
  }
  const go = await findOnPath('go', env.PATH);
  if (!go) {
    const reason =
      'no temporal binary on PATH, in TEMPORAL_CLI_PATH or in the cache, and no Go toolchain to build one';
    log(`temporal CLI: ${reason}; the Temporal SDK will download its own dev server`);
    return { source: 'sdk-download', reason };
  }

  log(`temporal CLI: building v${TEMPORAL_CLI_VERSION} with ${go} (go install; takes a few minutes once)…`);
  await mkdir(cacheDir, { recursive: true });
  // Build into a private folder and rename, so concurrent setups never see a half-written binary.
  const staging = await mkdtemp(join(cacheDir, '.build-'));
  const started = Date.now();
  const result = await run(
    go,
    [
      'install',
      `-ldflags=-X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION}`,
      `${TEMPORAL_CLI_MODULE}@v${TEMPORAL_CLI_VERSION}`,
    ],
    { ...env, GOBIN: staging, CGO_ENABLED: env.CGO_ENABLED ?? '0' },
  );
  if (result.code !== 0) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(
      `Building the Temporal CLI failed (go install ${TEMPORAL_CLI_MODULE}@v${TEMPORAL_CLI_VERSION}, exit ${result.code}):\n${result.output.slice(-4000)}`,
    );
  }
  await rename(join(staging, 'temporal'), cached);
  await rm(staging, { recursive: true, force: true });
  const buildMs = Date.now() - started;
  log(`temporal CLI: built ${cached} in ${(buildMs / 1000).toFixed(1)} s`);
  return { source: 'built', path: cached, buildMs };
}
