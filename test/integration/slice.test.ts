// The vertical slice through the real stack: compiled playbook → Temporal dev server → worker → JumpCloud
// simulator, approved through a Workflow Update.
import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJumpCloudClient, type JumpCloudClient } from '../../src/activities/jumpcloud/client.js';
import { decide, startRun, waitForState } from '../../src/client/runs.js';
import type { Plan } from '../../src/dsl/plan.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import { recordHistory } from '../helpers/histories.js';
import { compileExample } from '../helpers/playbooks.js';
import { connectClient, startWorker, uniqueTaskQueue } from '../helpers/temporal.js';

describe('access-request slice, end to end', () => {
  let sim: Simulator;
  let jc: JumpCloudClient;
  let client: Client;
  let closeClient: () => Promise<void>;
  let plan: Plan;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 11, users: 40 });
    jc = createJumpCloudClient({ baseUrl: sim.url, apiKey: sim.apiKey });
    ({ client, close: closeClient } = await connectClient());
    plan = compileExample('access-request.yaml');
  });

  afterAll(async () => {
    await closeClient?.();
    await jc?.close();
    await sim?.close();
  });

  const engineer = () => sim.directory.findUserByEmail(FIXTURE_USERS.engineer.email)!;
  const manager = () => sim.directory.findUserByEmail(FIXTURE_USERS.engManager.email)!;
  const pendingApproval = (s: { approvals: { status: string }[] }) =>
    s.approvals.some((a) => a.status === 'pending');

  it('adds the user to the group after their manager approves, exactly once', async () => {
    const taskQueue = uniqueTaskQueue('slice');
    const worker = await startWorker(taskQueue, { jumpcloud: jc });
    try {
      const support = sim.directory.groupByName('Support')!;
      expect(sim.directory.isMember(support.id, engineer()._id)).toBe(false);
      expect(engineer().manager).toBe(manager()._id);

      const run = await startRun(client, {
        plan,
        inputs: { email: FIXTURE_USERS.engineer.email, group: 'Support' },
        trigger: { kind: 'test', requestedBy: FIXTURE_USERS.helpDesk.email },
        key: 'slice-approve',
        taskQueue,
      });
      const waiting = await waitForState(client, run.workflowId, pendingApproval);
      expect(waiting.approvals[0]?.approvers).toEqual([FIXTURE_USERS.engManager.email]);
      // The example also reads memberships, sets variables and tells the requester; the slice is these four.
      const slice = new Set(['user', 'group', 'approval', 'grant']);
      expect(waiting.steps.filter((s) => slice.has(s.id)).map((s) => [s.id, s.status])).toEqual([
        ['user', 'succeeded'],
        ['group', 'succeeded'],
        ['approval', 'waiting'],
        ['grant', 'pending'],
      ]);
      // Nothing was changed before the approval.
      expect(sim.audit()).toEqual([]);

      const answer = await decide(client, run.workflowId, 'approve', {
        approver: FIXTURE_USERS.engManager.email,
        comment: 'ok',
      });
      expect(answer).toMatchObject({ stepId: 'approval', recorded: true, status: 'approved' });

      const result = await run.handle.result();
      expect(result.outputs).toEqual({ granted: true, approvedBy: [FIXTURE_USERS.engManager.email] });
      expect((await run.handle.describe()).status.name).toBe('COMPLETED');
      expect(sim.directory.isMember(support.id, engineer()._id)).toBe(true);
      const adds = sim.audit().filter((a) => a.operation === 'usergroup.member.add');
      expect(adds).toHaveLength(1);
      expect(sim.audit()).toHaveLength(1);
      await recordHistory('access-request-approved', run.handle);

      // The run is findable by its search attributes.
      const described = await run.handle.describe();
      expect(described.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value])).toEqual(
        expect.arrayContaining([
          ['IdflowPlaybook', 'access-request'],
          ['IdflowSubject', FIXTURE_USERS.engineer.email],
          ['IdflowPlanHash', plan.hash],
        ]),
      );
    } finally {
      await worker.stop();
    }
  });

  it('refuses decisions from an outsider, the requester and the subject, and skips the grant on reject', async () => {
    const taskQueue = uniqueTaskQueue('slice-reject');
    const worker = await startWorker(taskQueue, { jumpcloud: jc });
    try {
      const run = await startRun(client, {
        plan,
        inputs: { email: FIXTURE_USERS.engineer.email, group: 'Finance' },
        trigger: { kind: 'test', requestedBy: FIXTURE_USERS.helpDesk.email },
        key: 'slice-reject',
        taskQueue,
      });
      await waitForState(client, run.workflowId, pendingApproval);
      const refused = async (approver: string) => {
        const err = await decide(client, run.workflowId, 'approve', { approver }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
        return (err as WorkflowUpdateFailedError).cause?.message ?? '';
      };
      expect(await refused('someone@elsewhere.test')).toMatch(/not an approver/);
      expect(await refused(FIXTURE_USERS.helpDesk.email)).toMatch(/requested this run/);
      expect(await refused(FIXTURE_USERS.engineer.email)).toMatch(/subject of this run/);

      const answer = await decide(client, run.workflowId, 'reject', {
        approver: FIXTURE_USERS.engManager.email,
        comment: 'not needed',
      });
      expect(answer).toMatchObject({ recorded: true, status: 'rejected' });
      const result = await run.handle.result();
      expect(result.outputs.granted).toBe(false);
      expect(result.steps.find((s) => s.id === 'grant')?.status).toBe('skipped');
      await recordHistory('access-request-rejected', run.handle);
      const finance = sim.directory.groupByName('Finance')!;
      expect(sim.directory.isMember(finance.id, engineer()._id)).toBe(false);
    } finally {
      await worker.stop();
    }
  });

  it('completes when the worker is replaced while the run waits for approval', async () => {
    const taskQueue = uniqueTaskQueue('slice-restart');
    const first = await startWorker(taskQueue, { jumpcloud: jc });
    const run = await startRun(client, {
      plan,
      inputs: { email: FIXTURE_USERS.engineer.email, group: 'Marketing' },
      trigger: { kind: 'test', requestedBy: FIXTURE_USERS.helpDesk.email },
      key: 'slice-restart',
      taskQueue,
    });
    await waitForState(client, run.workflowId, pendingApproval);
    await first.stop();

    // A new worker (empty workflow cache) picks the run up by replaying its history.
    const second = await startWorker(taskQueue, { jumpcloud: jc });
    try {
      await decide(client, run.workflowId, 'approve', { approver: FIXTURE_USERS.engManager.email });
      const result = await run.handle.result();
      expect(result.outputs.granted).toBe(true);
      await recordHistory('access-request-worker-restarted', run.handle);
      const marketing = sim.directory.groupByName('Marketing')!;
      expect(sim.directory.isMember(marketing.id, engineer()._id)).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('a second start with the same key attaches to the running run', async () => {
    const taskQueue = uniqueTaskQueue('slice-idem');
    const worker = await startWorker(taskQueue, { jumpcloud: jc });
    try {
      const options = {
        plan,
        inputs: { email: FIXTURE_USERS.engineer.email, group: 'Legal' },
        trigger: { kind: 'test' as const, requestedBy: FIXTURE_USERS.helpDesk.email },
        key: 'slice-idem',
        taskQueue,
      };
      const a = await startRun(client, options);
      const b = await startRun(client, options);
      expect(b.workflowId).toBe(a.workflowId);
      expect([a.started, b.started]).toEqual([true, false]);
      expect(b.firstExecutionRunId).toBe(a.firstExecutionRunId);
      await waitForState(client, a.workflowId, pendingApproval);
      await a.handle.terminate('test cleanup');
    } finally {
      await worker.stop();
    }
  });
});
