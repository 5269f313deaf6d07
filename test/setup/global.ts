// One real Temporal dev server and one workflow bundle for the whole test run. If the server cannot start,
// this throws and vitest fails every test: there is no fallback to a mock. The integration and e2e projects
// both list this file and vitest calls it once per project, so the server is shared through the main
// process's global object and stopped when the last project is done with it.
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { startDevServer } from '../../src/dev/temporal/devServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
    workflowBundlePath: string;
  }
}

interface SharedTemporal {
  address: string;
  namespace: string;
  bundlePath: string;
  stop(): Promise<void>;
}

// A module is loaded once per project, so the sharing goes through the process, not a module variable.
const SHARED = Symbol.for('idflow.test.temporal');
const shared = globalThis as typeof globalThis & {
  [SHARED]?: { started: Promise<SharedTemporal>; users: number };
};

async function start(): Promise<SharedTemporal> {
  const started = Date.now();
  const server = await startDevServer({ log: (line) => console.log(`[setup] ${line}`) });
  console.log(`[setup] Temporal dev server at ${server.address} (${Date.now() - started} ms)`);

  const bundleStarted = Date.now();
  const bundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('../../src/workflows/index.ts', import.meta.url)),
    logger: {
      log: () => undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: (m) => console.warn(m),
      error: (m) => console.error(m),
    },
  });
  const dir = await mkdtemp(join(tmpdir(), 'idflow-test-'));
  const bundlePath = join(dir, 'workflow-bundle.js');
  await writeFile(bundlePath, bundle.code);
  console.log(
    `[setup] workflow bundle ${(bundle.code.length / 1024).toFixed(0)} KiB (${Date.now() - bundleStarted} ms)`,
  );
  return {
    address: server.address,
    namespace: server.namespace,
    bundlePath,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const entry = (shared[SHARED] ??= { started: start(), users: 0 });
  entry.users++;
  const temporal = await entry.started;
  project.provide('temporalAddress', temporal.address);
  project.provide('temporalNamespace', temporal.namespace);
  project.provide('workflowBundlePath', temporal.bundlePath);

  return async () => {
    if (--entry.users > 0) return;
    delete shared[SHARED];
    await temporal.stop();
  };
}
