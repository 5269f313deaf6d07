// `idflow worker` as operators run it: configuration errors name the variable, read-only mode refuses
// every change, Prometheus metrics are served, SIGTERM stops it cleanly.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { type ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRun } from '../../src/client/runs.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import { compileOrThrow } from '../helpers/playbooks.js';
import { connectClient, uniqueTaskQueue } from '../helpers/temporal.js';
import { spawnWorker } from '../helpers/workerProcess.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

const suspend = compileOrThrow(`apiVersion: idflow/v1
kind: Playbook
name: suspend-someone
inputs:
  email: { type: string }
subject: \${{ inputs.email }}
steps:
  - id: user
    uses: jumpcloud.user.find
    with: { email: '\${{ inputs.email }}' }
  - id: suspend
    uses: jumpcloud.user.suspend
    with: { userId: '\${{ steps.user.output.id }}' }
`);

describe('idflow worker', () => {
  let sim: Simulator;
  let client: Client;
  let closeClient: () => Promise<void>;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 4, users: 20 });
    ({ client, close: closeClient } = await connectClient());
  });
  afterAll(async () => {
    await closeClient?.();
    await sim?.close();
  });

  it('refuses to start without a JumpCloud key, naming the variable, with exit code 2 and no stack trace', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'worker'], {
      env: { ...process.env, JUMPCLOUD_API_KEY: '', IDFLOW_SHUTDOWN_GRACE: 'soon' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'close')) as [number];
    expect(code).toBe(2);
    expect(stderr).toMatch(/JUMPCLOUD_API_KEY: required/);
    expect(stderr).toMatch(/IDFLOW_SHUTDOWN_GRACE: expected a duration/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('in read-only mode fails every change at once, non-retryably, and changes nothing', async () => {
    const taskQueue = uniqueTaskQueue('readonly');
    const worker = await spawnWorker({
      IDFLOW_TASK_QUEUE: taskQueue,
      JUMPCLOUD_BASE_URL: sim.url,
      JUMPCLOUD_API_KEY: sim.apiKey,
      IDFLOW_READ_ONLY: 'true',
    });
    try {
      const run = await startRun(client, {
        plan: suspend,
        inputs: { email: FIXTURE_USERS.engineer.email },
        trigger: { kind: 'test' },
        taskQueue,
      });
      const err = await run.handle.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      const cause = (err as WorkflowFailedError).cause as ApplicationFailure;
      expect(cause.type).toBe('IdflowReadOnly');
      expect(cause.message).toMatch(/jumpcloud\.user\.suspend changes the directory.*read-only mode/);
      const history = await run.handle.fetchHistory();
      const attempts = (history.events ?? []).filter((e) => e.activityTaskStartedEventAttributes).length;
      expect(attempts).toBe(2); // find once, suspend once: no retry of a refused change
      expect(sim.audit()).toEqual([]);
    } finally {
      await worker.kill('SIGTERM');
    }
  });

  it('serves Prometheus metrics and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const worker = await spawnWorker({
      IDFLOW_TASK_QUEUE: uniqueTaskQueue('metrics'),
      JUMPCLOUD_BASE_URL: sim.url,
      JUMPCLOUD_API_KEY: sim.apiKey,
      IDFLOW_METRICS_ADDRESS: `127.0.0.1:${port}`,
    });
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^temporal_/m);
    const exited = once(worker.child, 'exit');
    worker.child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(worker.lines.some((l) => l.includes('shutting down'))).toBe(true);
    expect(worker.lines.some((l) => l.includes('worker stopped'))).toBe(true);
  });
});
