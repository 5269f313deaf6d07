// Connections to the suite's one Temporal dev server, and workers on task queues of their own.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { ActivityDeps } from '../../src/activities/index.js';
import type { PayloadEncryption } from '../../src/codec/index.js';
import { createIdflowWorker, type IdflowWorkerOptions } from '../../src/worker/createWorker.js';

/** A client of the suite's server; with `encryption`, it encodes and decodes payloads with those keys. */
export async function connectClient(
  options: { encryption?: PayloadEncryption } = {},
): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  return {
    client: new Client({
      connection,
      namespace: inject('temporalNamespace'),
      ...(options.encryption ? { dataConverter: options.encryption.dataConverter } : {}),
    }),
    close: () => connection.close(),
  };
}

/** Every test gets its own task queue, so workers of different tests never take each other's tasks. */
export function uniqueTaskQueue(label: string): string {
  return `test-${label}-${randomUUID().slice(0, 8)}`;
}

export interface RunningWorker {
  worker: Worker;
  /** Stops polling, lets in-flight tasks finish, and waits for the worker to end. */
  stop(): Promise<void>;
}

/**
 * A worker on the suite's dev server, or on `env` (a time-skipping test server, whose connection the
 * environment owns and closes).
 */
export async function startWorker(
  taskQueue: string,
  deps: ActivityDeps,
  extra: Pick<IdflowWorkerOptions, 'announcements' | 'readOnly' | 'encryption'> = {},
  env?: TestWorkflowEnvironment,
): Promise<RunningWorker> {
  const connection = env
    ? env.nativeConnection
    : await NativeConnection.connect({ address: inject('temporalAddress') });
  const worker = await createIdflowWorker({
    connection,
    namespace: env ? (env.namespace ?? 'default') : inject('temporalNamespace'),
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    deps,
    shutdownGraceMs: 5_000,
    ...extra,
  });
  const running = worker.run();
  let stopped: Promise<void> | undefined;
  return {
    worker,
    stop() {
      // Idempotent: a test may stop a worker early and the stack stops it again on close.
      stopped ??= (async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
        if (!env) await connection.close();
      })();
      return stopped;
    },
  };
}
