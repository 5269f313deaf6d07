// Temporal's time-skipping test server for the tests about timers (approval timeouts, escalations, waits
// until a date, a run's own timeout): they run with their real durations and the server skips the idle
// time. The SDK would download a native build of it from temporal.download, which is out of reach here, so
// we run the Java build from Maven Central (io.temporal:temporal-test-server) through a launcher script.
// Found like the Temporal CLI (src/dev/temporal/cliBinary.ts): TEMPORAL_TEST_SERVER_PATH, then our cache,
// then built into the cache with Maven; `npm run setup:timeskip` does it ahead of the tests.
import { spawn } from 'node:child_process';
import { access, chmod, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { findOnPath, idflowCacheDir, isExecutable, run } from '../../src/dev/temporal/cliBinary.js';
import { waitFor } from '../helpers/waitFor.js';

/** The Java SDK release whose test server we run (it answers Workflow Updates, which approvals are). */
export const TEST_SERVER_VERSION = '1.38.0';
const LAUNCHER = 'temporal-test-server';

export type TimeSkippingServerResolution =
  | { source: 'env' | 'cache' | 'built'; path: string; buildMs?: number }
  | { source: 'sdk-download'; reason: string };

export interface ResolveTimeSkippingServerOptions {
  /** Environment to read TEMPORAL_TEST_SERVER_PATH, PATH and the cache location from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Build with Maven when nothing is found. @default true */
  build?: boolean;
  /** Progress lines (what was found or built). @default no output */
  log?: (line: string) => void;
}

/** The cache folder, next to the Temporal CLI's: launcher, jars and the JVM's class-data archive. */
export function timeSkippingServerCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(idflowCacheDir(env), `temporal-test-server-v${TEST_SERVER_VERSION}`);
}

// The test server and a no-op SLF4J binding (without one, every start prints a three-line warning).
const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.idflow</groupId>
  <artifactId>temporal-test-server-launcher</artifactId>
  <version>0</version>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEST_SERVER_VERSION}</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-nop</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
</project>
`;

const MAIN_CLASS = 'io.temporal.testserver.TestServer';

// Startup matters: the SDK gives the server 5 s to answer. The client compiler alone (C1) and the serial
// collector start fastest; the class-data archive (made once, below) cuts the JVM's start from ~2 s to ~0.3 s.
const JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xss512k'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts the server once with -XX:ArchiveClassesAtExit, waits until it listens, stops it: the JVM writes the
 * classes it loaded to `archive`, which later starts map instead of loading. Best effort: without the archive
 * the launcher still works, only slower.
 */
async function writeClassArchive(java: string, classpath: string, archive: string): Promise<boolean> {
  const port = await freePort();
  const child = spawn(
    java,
    [`-XX:ArchiveClassesAtExit=${archive}`, ...JVM_FLAGS, '-cp', classpath, MAIN_CLASS, String(port)],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const up = await waitFor(async () => child.exitCode !== null || (await accepts(port)), {
    what: 'the test server listening',
    timeoutMs: 30_000,
  }).then(
    () => child.exitCode === null,
    () => false,
  );
  child.kill('SIGTERM');
  await exited;
  return up && (await exists(archive));
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function launcherScript(java: string, classpath: string, archive: string | undefined): string {
  const flags = [...(archive ? [`-XX:SharedArchiveFile=${archive}`] : []), ...JVM_FLAGS];
  return `#!/bin/sh
# Temporal's time-skipping test server (io.temporal:temporal-test-server ${TEST_SERVER_VERSION}, Java), written by
# idflow's \`npm run setup:timeskip\`. The Temporal SDK runs it as \`<this> <port> [extraArgs…]\`; the server's
# main class takes exactly that: a port, then optionally --enable-time-skipping.
exec '${java}' ${flags.map((f) => `'${f}'`).join(' ')} -cp '${classpath}' ${MAIN_CLASS} "$@"
`;
}

async function build(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<TimeSkippingServerResolution> {
  const mvn = await findOnPath('mvn', env.PATH);
  const java = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : await findOnPath('java', env.PATH);
  if (!mvn || !java || !(await isExecutable(java))) {
    const reason = `no ${!mvn ? 'Maven' : 'Java runtime'} to build the time-skipping test server with (npm run setup:timeskip installs both)`;
    log(`time-skipping test server: ${reason}; the Temporal SDK will download its own`);
    return { source: 'sdk-download', reason };
  }
  const cacheDir = timeSkippingServerCacheDir(env);
  const launcher = join(cacheDir, LAUNCHER);
  log(
    `time-skipping test server: fetching io.temporal:temporal-test-server ${TEST_SERVER_VERSION} with ${mvn}…`,
  );
  const started = Date.now();
  await mkdir(dirname(cacheDir), { recursive: true });
  // Fetch into a private folder and rename it into place, so concurrent setups never share half a download.
  const staging = await mkdtemp(`${cacheDir}.build-`);
  await writeFile(join(staging, 'pom.xml'), POM);
  const fetched = await run(
    mvn,
    [
      '-q',
      '-B',
      '-f',
      join(staging, 'pom.xml'),
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${join(staging, 'lib')}`,
    ],
    env,
  );
  if (fetched.code !== 0) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(
      `Fetching the time-skipping test server failed (mvn dependency:copy-dependencies, exit ${fetched.code}):\n${fetched.output.slice(-4000)}`,
    );
  }
  try {
    await rename(staging, cacheDir);
  } catch {
    // Another setup got there first: use what it builds.
    await rm(staging, { recursive: true, force: true });
    return waitForLauncher(launcher, log);
  }
  // In place now, because the launcher and the class archive name the jars by their final paths. The
  // launcher is written last (and atomically): its presence means the rest is there.
  const jars = (await readdir(join(cacheDir, 'lib'))).filter((f) => f.endsWith('.jar')).sort();
  // An explicit list, not lib/*: the JVM's class-data archive only works with one.
  const classpath = jars.map((j) => join(cacheDir, 'lib', j)).join(':');
  const archive = join(cacheDir, 'classes.jsa');
  const archived = await writeClassArchive(java, classpath, archive);
  await writeFile(`${launcher}.tmp`, launcherScript(java, classpath, archived ? archive : undefined));
  await chmod(`${launcher}.tmp`, 0o755);
  await rename(`${launcher}.tmp`, launcher);
  const buildMs = Date.now() - started;
  log(`time-skipping test server: built ${launcher} in ${(buildMs / 1000).toFixed(1)} s`);
  return { source: 'built', path: launcher, buildMs };
}

async function waitForLauncher(
  launcher: string,
  log: (line: string) => void,
): Promise<TimeSkippingServerResolution> {
  const found = await waitFor(() => isExecutable(launcher), { timeoutMs: 120_000 }).catch(() => false);
  if (!found) {
    throw new Error(
      `${dirname(launcher)} exists but has no launcher after 2 minutes (an interrupted build?): remove the folder and run npm run setup:timeskip again.`,
    );
  }
  log(`time-skipping test server: ${launcher} (built by a concurrent setup)`);
  return { source: 'cache', path: launcher };
}

/** Finds the time-skipping test server: TEMPORAL_TEST_SERVER_PATH, then the cache, then builds it there. */
export async function resolveTimeSkippingServer(
  options: ResolveTimeSkippingServerOptions = {},
): Promise<TimeSkippingServerResolution> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);

  const fromEnv = env.TEMPORAL_TEST_SERVER_PATH;
  if (fromEnv) {
    if (!(await isExecutable(fromEnv))) {
      throw new Error(`TEMPORAL_TEST_SERVER_PATH is set to ${fromEnv}, but no executable file is there.`);
    }
    log(`time-skipping test server: ${fromEnv} (from TEMPORAL_TEST_SERVER_PATH)`);
    return { source: 'env', path: fromEnv };
  }

  const cached = join(timeSkippingServerCacheDir(env), LAUNCHER);
  if (await isExecutable(cached)) {
    log(`time-skipping test server: ${cached} (cached, v${TEST_SERVER_VERSION})`);
    return { source: 'cache', path: cached };
  }

  if (options.build === false) {
    return {
      source: 'sdk-download',
      reason: 'no time-skipping test server found and building was not requested',
    };
  }
  return build(env, log);
}
