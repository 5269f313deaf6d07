// The `idflow` CLI as a user runs it (spawned processes) against the dev server, a worker process and the
// simulator: start a run, list approvals, a refused and an accepted decision, status, runs, exit codes.
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForState } from '../../src/client/runs.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import { runIdflow, temporalEnv, type CliResult } from '../helpers/cli.js';
import { connectClient, uniqueTaskQueue } from '../helpers/temporal.js';
import { spawnWorker, type WorkerProcess } from '../helpers/workerProcess.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/access-request.yaml', import.meta.url));

describe('the idflow CLI', () => {
  let sim: Simulator;
  let worker: WorkerProcess;
  let client: Client;
  let closeClient: () => Promise<void>;
  const taskQueue = uniqueTaskQueue('cli');

  const idflow = (...args: string[]): Promise<CliResult> => runIdflow(args, temporalEnv(taskQueue));

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 5, users: 30 });
    worker = await spawnWorker({
      JUMPCLOUD_BASE_URL: sim.url,
      JUMPCLOUD_API_KEY: sim.apiKey,
      IDFLOW_TASK_QUEUE: taskQueue,
    });
    ({ client, close: closeClient } = await connectClient());
  });
  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await closeClient?.();
    await sim?.close();
  });

  it('runs a playbook through an approval: refused for the requester, recorded for the manager', async () => {
    const started = await idflow(
      'run',
      EXAMPLE,
      '-i',
      `email=${FIXTURE_USERS.engineer.email}`,
      '-i',
      'group=Support',
      '--requested-by',
      FIXTURE_USERS.helpDesk.email,
      '--key',
      'cli-1',
      '--json',
    );
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    const { workflowId } = JSON.parse(started.stdout) as { workflowId: string };
    expect(workflowId).toBe(`access-request:${FIXTURE_USERS.engineer.email}:cli-1`);
    await waitForState(client, workflowId, (s) => s.approvals.some((a) => a.status === 'pending'));

    const listed = await idflow('approvals', '--for', FIXTURE_USERS.engManager.email, '--json');
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { workflowId: string }[]).map((a) => a.workflowId)).toContain(
      workflowId,
    );
    const forOther = await idflow('approvals', '--for', FIXTURE_USERS.ceo.email, '--json');
    expect((JSON.parse(forOther.stdout) as { workflowId: string }[]).map((a) => a.workflowId)).not.toContain(
      workflowId,
    );

    const refused = await idflow('approve', workflowId, '--as', FIXTURE_USERS.helpDesk.email);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^refused: .*requested this run/);

    const approved = await idflow(
      'approve',
      workflowId,
      '--as',
      FIXTURE_USERS.engManager.email,
      '--comment',
      'ok',
    );
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(/recorded: approve on approval — approval approved/);

    await client.workflow.getHandle(workflowId).result();
    const status = await idflow('status', workflowId);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/COMPLETED \(completed\)/);
    expect(status.stdout).toMatch(/✓ grant +succeeded +jumpcloud\.group\.addMember/);

    const runs = await idflow(
      'runs',
      '--playbook',
      'access-request',
      '--subject',
      FIXTURE_USERS.engineer.email,
      '--json',
    );
    expect((JSON.parse(runs.stdout) as { workflowId: string }[]).map((r) => r.workflowId)).toContain(
      workflowId,
    );
  }, 180_000); // each command is a fresh process that compiles the CLI with tsx: seconds each on a busy machine

  it('says what is wrong, with exit code 2, for bad inputs, unknown runs and broken playbooks', async () => {
    const missing = await idflow('run', EXAMPLE, '-i', 'group=Support');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing input `email`/);
    expect(missing.stderr).not.toMatch(/\n\s+at /); // no stack trace

    const unknownRun = await idflow('status', 'no-such-run');
    expect(unknownRun.code).toBe(2);
    expect(unknownRun.stderr).toMatch(/no run with id no-such-run/);

    const noFile = await idflow('validate', 'does-not-exist.yaml');
    expect(noFile.code).toBe(2);
  }, 180_000); // each command is a fresh process that compiles the CLI with tsx: seconds each on a busy machine
});
