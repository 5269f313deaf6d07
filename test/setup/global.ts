// One real Temporal dev server and one workflow bundle for the whole test run. If the server cannot start,
// this throws and vitest fails every test: there is no fallback to a mock.
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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
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

  project.provide('temporalAddress', server.address);
  project.provide('temporalNamespace', server.namespace);
  project.provide('workflowBundlePath', bundlePath);

  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
