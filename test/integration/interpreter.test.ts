// The interpreter against the real dev server and the simulator: compensation, approvals (quorum, abuse),
// cancellation, onError; and its timers (escalation, approval and run timeouts) at their real durations on
// a time-skipping server.
import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryState, waitForState } from '../../src/client/runs.js';
import { decide } from '../../src/client/runs.js';
import { describeRun, renderRunDescription } from '../../src/client/describe.js';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import type { RunFailureDetails, RunState } from '../../src/workflows/types.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { DAY, HOUR, startTimeSkipping, stepTook } from '../helpers/timeSkipping.js';

const header = (name: string, extra = '') => `apiVersion: idflow/v1
kind: Playbook
name: ${name}
inputs:
  email: { type: string }
subject: \${{ inputs.email }}
${extra}steps:
  - id: user
    uses: jumpcloud.user.find
    with: { email: '\${{ inputs.email }}' }
`;

const join = (id: string, group: string) => `  - id: ${id}Group
    uses: jumpcloud.group.find
    with: { name: ${group} }
  - id: ${id}
    uses: jumpcloud.group.addMember
    with: { groupId: '\${{ steps.${id}Group.output.id }}', userId: '\${{ steps.user.output.id }}' }
    compensate:
      uses: jumpcloud.group.removeMember
      with: { groupId: '\${{ steps.${id}Group.output.id }}', userId: '\${{ steps.user.output.id }}' }
`;

/** The simulator's audit since `before`, as operation names only. */
const operationNames = (stack: Stack, before: number): (string | undefined)[] =>
  stack
    .operations()
    .slice(before)
    .map((o) => o.split(' ')[0]);
const pendingApproval = (s: RunState) => s.approvals.some((a) => a.status === 'pending');
const { itManager, sysadmin, helpDesk, engManager, engineer, ceo } = FIXTURE_USERS;

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

describe('the interpreter', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('interp');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('compensates both mutations, newest first, when a later step fails', async () => {
    const yaml = `${header('saga')}${join('sales', 'Sales')}${join('legal', 'Legal')}  - id: boom
    fail: 'failed after \${{ steps.legal.output.note }}'
`;
    const before = stack.sim.audit().length;
    const run = await stack.start(yaml, { email: sysadmin.email });
    const failure = await failureOf(run.handle.result());
    expect(failure.type).toBe('IdflowFailStep');
    expect(failure.message).toBe('step boom failed: failed after added to the group');
    const details = failure.details?.[0] as RunFailureDetails;
    expect(details.compensated).toEqual(['legal', 'sales']);
    const sales = stack.sim.directory.groupByName('Sales')!;
    const legal = stack.sim.directory.groupByName('Legal')!;
    expect(stack.operations().slice(before)).toEqual([
      `usergroup.member.add /api/v2/usergroups/${sales.id}/members`,
      `usergroup.member.add /api/v2/usergroups/${legal.id}/members`,
      `usergroup.member.remove /api/v2/usergroups/${legal.id}/members`,
      `usergroup.member.remove /api/v2/usergroups/${sales.id}/members`,
    ]);
    const user = stack.sim.directory.findUserByEmail(sysadmin.email)!;
    expect(stack.sim.directory.isMember(sales.id, user._id)).toBe(false);
    const state = await queryState(stack.client, run.workflowId);
    expect(state.status).toBe('failed');
    expect(state.steps.find((s) => s.key === 'legal')?.status).toBe('compensated');
    expect(state.failure).toMatchObject({ step: 'boom', type: 'IdflowFailStep' });
  });

  it('counts a quorum, treats a repeated decision as a no-op and refuses one after the approval closed', async () => {
    const yaml = `${header('quorum')}  - id: first
    approval:
      title: two of three
      approvers: ['${itManager.email}', '${sysadmin.email}', '${ceo.email}']
      required: 2
      timeout: 1h
  - id: second
    approval: { title: keeps the run open, approvers: ['${ceo.email}'], timeout: 1h }
`;
    const run = await stack.start(yaml, { email: engineer.email }, { requestedBy: helpDesk.email });
    await waitForState(stack.client, run.workflowId, pendingApproval);
    expect(
      await decide(stack.client, run.workflowId, 'approve', { approver: itManager.email }),
    ).toMatchObject({ recorded: true, status: 'pending', approvals: 1, required: 2 });
    expect(
      await decide(stack.client, run.workflowId, 'approve', { approver: itManager.email.toUpperCase() }),
    ).toMatchObject({ recorded: false, status: 'pending', approvals: 1 });
    const changedMind = await decide(stack.client, run.workflowId, 'reject', {
      approver: itManager.email,
    }).catch((e: unknown) => e);
    expect((changedMind as WorkflowUpdateFailedError).cause?.message).toMatch(/already decided `approve`/);
    expect(
      await decide(stack.client, run.workflowId, 'approve', { stepId: 'first', approver: sysadmin.email }),
    ).toMatchObject({ status: 'approved', approvals: 2 });
    await waitForState(stack.client, run.workflowId, (s) => s.approvals.some((a) => a.stepId === 'second'));
    const late = await decide(stack.client, run.workflowId, 'approve', {
      stepId: 'first',
      approver: ceo.email,
    }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((late as WorkflowUpdateFailedError).cause?.message).toMatch(/closed \(approved\)/);
    await decide(stack.client, run.workflowId, 'reject', { approver: ceo.email, comment: 'no' });
    const result = await run.handle.result();
    const first = result.steps.find((s) => s.key === 'first')?.output as {
      approved: boolean;
      decidedBy: string[];
    };
    expect(first.approved).toBe(true);
    expect(first.decidedBy).toEqual([itManager.email, sysadmin.email]);
    expect((result.steps.find((s) => s.key === 'second')?.output as { status: string }).status).toBe(
      'rejected',
    );
  });

  it('compensates when cancelled while waiting for an approval', async () => {
    const yaml = `${header('cancel')}${join('legal', 'Legal')}  - id: approval
    approval: { approvers: ['${engManager.email}'], timeout: 72h }
`;
    const before = stack.sim.audit().length;
    const run = await stack.start(yaml, { email: itManager.email });
    await waitForState(stack.client, run.workflowId, pendingApproval);
    await run.handle.cancel();
    const err = await run.handle.result().catch((e: unknown) => e);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect((await run.handle.describe()).status.name).toBe('CANCELLED');
    expect(operationNames(stack, before)).toEqual(['usergroup.member.add', 'usergroup.member.remove']);
    const state = await queryState(stack.client, run.workflowId);
    expect(state.status).toBe('cancelled');
    expect(state.compensated).toEqual(['legal']);
  });

  it('carries on after a step with `onError: continue` and exposes its failure to later expressions', async () => {
    const yaml = `${header('continue')}  - id: missing
    uses: jumpcloud.group.find
    with: { name: No Such Group }
    onError: continue
  - id: after
    set: { sawFailure: '\${{ steps.missing.status == "failed" }}' }
outputs:
  sawFailure: \${{ vars.sawFailure }}
`;
    const run = await stack.start(yaml, { email: engineer.email });
    const result = await run.handle.result();
    expect(result.outputs).toEqual({ sawFailure: true });
    const missing = result.steps.find((s) => s.key === 'missing');
    expect(missing).toMatchObject({ status: 'failed', error: { type: 'JumpCloudNotFound' } });
  });

  it('describes a run: steps, who is awaited and until when', async () => {
    const yaml = `${header('describe')}  - id: approval
    approval: { title: 'Describe me', approvers: ['${engManager.email}'], timeout: 72h }
`;
    const run = await stack.start(yaml, { email: engineer.email });
    await waitForState(stack.client, run.workflowId, pendingApproval);
    const d = await describeRun(stack.client, run.workflowId);
    expect(d.executionStatus).toBe('RUNNING');
    expect(d.state?.status).toBe('waitingForApproval');
    const text = renderRunDescription(d);
    expect(text).toContain(`waiting on ${engManager.email} for "Describe me"`);
    expect(text).toMatch(/✓ user +succeeded +jumpcloud\.user\.find/);
    await run.handle.terminate('done');
  });
});

// Timers at their real durations (hours and days), on a time-skipping server of this file's own: awaiting a
// run's result, or `env.sleep`, moves the server's clock to the next timer instead of waiting for it.
describe('the interpreter’s timers', () => {
  let env: TestWorkflowEnvironment;
  let stack: Stack;
  beforeAll(async () => {
    env = await startTimeSkipping();
    stack = await startStack('interp-timers', {}, { timeSkipping: env });
  });
  afterAll(async () => {
    await stack?.close();
    await env?.teardown();
  });

  it('escalates when nobody decides in 72 h, lets the escalation approver decide, and reports the stage', async () => {
    const yaml = `${header('escalate')}  - id: approval
    approval:
      title: escalation test
      approvers: ['${engManager.email}']
      timeout: 72h
      onTimeout:
        escalate: { approvers: ['${itManager.email}'], timeout: 24h }
        then: reject
`;
    const run = await stack.start(yaml, { email: engineer.email });
    await waitForState(stack.client, run.workflowId, pendingApproval);
    await env.sleep('72h');
    const escalated = await waitForState(
      stack.client,
      run.workflowId,
      (s) => s.approvals[0]?.stage === 'escalated',
    );
    expect(escalated.approvals[0]?.approvers).toEqual([itManager.email]);
    expect(
      Date.parse(escalated.approvals[0]?.expiresAt ?? '') - (await env.currentTimeMs()),
    ).toBeLessThanOrEqual(24 * HOUR);
    const refused = await decide(stack.client, run.workflowId, 'approve', {
      approver: engManager.email,
    }).catch((e: unknown) => e);
    expect((refused as WorkflowUpdateFailedError).cause?.message).toMatch(/not an approver/);
    await decide(stack.client, run.workflowId, 'approve', { approver: itManager.email });
    const result = await run.handle.result();
    expect(result.steps[1]?.output).toMatchObject({ approved: true, status: 'approved', stage: 'escalated' });
    expect(stepTook(result, 'approval')).toBeGreaterThanOrEqual(72 * HOUR);
    expect(stepTook(result, 'approval')).toBeLessThan(96 * HOUR);
  });

  it('rejects after the escalation times out too (72 h + 24 h), and skips what depended on the approval', async () => {
    const yaml =
      `${header('timeout')}${join('sales', 'Sales').replace(/ {2}- id: sales\n/, '  - id: sales\n    if: ${{ steps.approval.output.approved }}\n')}`.replace(
        '  - id: salesGroup',
        `  - id: approval
    approval:
      approvers: ['${engManager.email}']
      timeout: 72h
      onTimeout: { escalate: { approvers: ['${itManager.email}'], timeout: 24h }, then: reject }
  - id: salesGroup`,
      );
    const before = stack.sim.audit().length;
    const run = await stack.start(yaml, { email: engineer.email });
    const result = await run.handle.result();
    expect(result.steps.find((s) => s.key === 'approval')?.output).toMatchObject({
      approved: false,
      status: 'timedOut',
      stage: 'escalated',
    });
    expect(stepTook(result, 'approval')).toBeGreaterThanOrEqual(96 * HOUR);
    expect(stepTook(result, 'approval')).toBeLessThan(97 * HOUR);
    expect(result.steps.find((s) => s.key === 'sales')?.status).toBe('skipped');
    expect(stack.sim.audit().length).toBe(before);
  });

  it('fails the run when an approval times out with `then: fail`, undoing earlier changes', async () => {
    const yaml = `${header('timeout-fail')}${join('sales', 'Sales')}  - id: approval
    approval: { approvers: ['${engManager.email}'], timeout: 72h, onTimeout: fail }
`;
    const before = stack.sim.audit().length;
    const run = await stack.start(yaml, { email: helpDesk.email });
    const failure = await failureOf(run.handle.result());
    expect(failure.type).toBe('IdflowApprovalTimedOut');
    expect(operationNames(stack, before)).toEqual(['usergroup.member.add', 'usergroup.member.remove']);
  });

  it('compensates when the run exceeds its own timeout (7 d: a 5 d wait, then an approval of 72 h)', async () => {
    const yaml = `${header('run-timeout', 'timeout: 7d\n')}${join('finance', 'Finance')}  - id: cooling
    wait: { for: 5d }
  - id: approval
    approval: { approvers: ['${engManager.email}'], timeout: 72h }
`;
    const before = stack.sim.audit().length;
    const run = await stack.start(yaml, { email: ceo.email });
    const failure = await failureOf(run.handle.result());
    expect(failure.type).toBe('IdflowRunTimedOut');
    expect((failure.details?.[0] as RunFailureDetails).compensated).toEqual(['finance']);
    expect(operationNames(stack, before)).toEqual(['usergroup.member.add', 'usergroup.member.remove']);
    // It ended at the run's deadline, during the approval, not when the approval would have timed out.
    const { startTime, closeTime } = await run.handle.describe();
    const lasted = (closeTime?.getTime() ?? 0) - startTime.getTime();
    expect(lasted).toBeGreaterThanOrEqual(7 * DAY);
    expect(lasted).toBeLessThan(8 * DAY);
  });
});
