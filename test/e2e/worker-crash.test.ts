// Durability: `kill -9` the worker process while 50 runs are in flight — some inside activities against a
// slow JumpCloud, some parked on approvals — start a new one, and every run completes with no mutation
// applied twice.
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, startRun, waitForState, type StartedRun } from '../../src/client/runs.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { compileOrThrow } from '../helpers/playbooks.js';
import { connectClient, uniqueTaskQueue } from '../helpers/temporal.js';
import { spawnWorker, type WorkerProcess } from '../helpers/workerProcess.js';

const APPROVER = 'alex.rivera@example.com';

const playbook = compileOrThrow(`apiVersion: idflow/v1
kind: Playbook
name: crash-test
inputs:
  email: { type: string }
  needsApproval: { type: boolean }
subject: \${{ inputs.email }}
defaults:
  timeout: 5s
  retry: { maxAttempts: 20, initialInterval: 200ms, maxInterval: 2s }
steps:
  - id: user
    uses: jumpcloud.user.find
    with: { email: '\${{ inputs.email }}' }
  - id: group
    uses: jumpcloud.group.find
    with: { name: Contractors }
  - id: approval
    if: \${{ inputs.needsApproval }}
    approval: { approvers: ['${APPROVER}'], timeout: 1h }
  - id: grant
    uses: jumpcloud.group.addMember
    with: { groupId: '\${{ steps.group.output.id }}', userId: '\${{ steps.user.output.id }}' }
`);

describe('a worker killed with SIGKILL mid-flight', () => {
  let sim: Simulator;
  let client: Client;
  let closeClient: () => Promise<void>;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    // Slow enough that many activities are in flight when the worker dies.
    sim = await startSimulator({
      port: 0,
      seed: 21,
      users: 120,
      faults: { latencyMs: 150, latencyJitterMs: 150 },
    });
    ({ client, close: closeClient } = await connectClient());
  });
  afterAll(async () => {
    for (const w of workers) await w.kill();
    await closeClient?.();
    await sim?.close();
  });

  it('completes 50 of 50 runs after a restart, and the audit shows no mutation applied twice', async () => {
    const taskQueue = uniqueTaskQueue('crash');
    const env = { JUMPCLOUD_BASE_URL: sim.url, JUMPCLOUD_API_KEY: sim.apiKey, IDFLOW_TASK_QUEUE: taskQueue };
    workers.push(await spawnWorker(env));

    const contractors = sim.directory.groupByName('Contractors')!;
    const people = sim.directory
      .users()
      .filter(
        (u) =>
          u.state === 'ACTIVATED' && u.email !== APPROVER && !sim.directory.isMember(contractors.id, u._id),
      )
      .slice(0, 50);
    expect(people).toHaveLength(50);

    const runs: StartedRun[] = [];
    for (const [i, person] of people.entries()) {
      runs.push(
        await startRun(client, {
          plan: playbook,
          inputs: { email: person.email, needsApproval: i % 2 === 0 },
          trigger: { kind: 'test' },
          taskQueue,
        }),
      );
    }
    const approvalRuns = runs.filter((_, i) => i % 2 === 0);
    // Kill once some runs are parked on approvals while others are still working.
    await waitForState(
      client,
      approvalRuns[0]!.workflowId,
      (s) => s.approvals.some((a) => a.status === 'pending'),
      60_000,
    );
    const before = await Promise.all(runs.map((r) => r.handle.describe()));
    await workers[0]!.kill('SIGKILL');
    expect(before.filter((d) => d.status.name === 'RUNNING').length).toBeGreaterThan(25);
    // Some runs were inside an activity (a JumpCloud call) at the moment of the kill.
    expect(before.filter((d) => (d.raw.pendingActivities ?? []).length > 0).length).toBeGreaterThan(0);

    workers.push(await spawnWorker(env));
    for (const run of approvalRuns) {
      await waitForState(
        client,
        run.workflowId,
        (s) => s.approvals.some((a) => a.status === 'pending'),
        60_000,
      );
      await decide(client, run.workflowId, 'approve', { approver: APPROVER });
    }
    const results = await Promise.all(runs.map((r) => r.handle.result()));
    expect(results).toHaveLength(50);
    const closed = await Promise.all(runs.map((r) => r.handle.describe().then((d) => d.status.name)));
    expect(closed.filter((s) => s === 'COMPLETED')).toHaveLength(50);

    const adds = sim.audit().filter((a) => a.operation === 'usergroup.member.add');
    const keys = adds.map((a) => `${a.targetId}:${String(a.detail?.userId)}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(adds).toHaveLength(50);
    for (const person of people) expect(sim.directory.isMember(contractors.id, person._id)).toBe(true);
  }, 240_000);
});
