// Lists and protected users, enforced in the activities against the dev server and the simulator: a
// group that comes from an expression and is denied (by name, or because it grants admin rights) fails its
// step at run time, non-retryably, with the rule in the message; compensation undoes what came before when
// the playbook asks; protected users are never changed; a Plan whose guardrails forbid an action is refused
// by the activity even when nobody compiled it.
import { WorkflowFailedError } from '@temporalio/client';
import { type ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun } from '../../src/client/describe.js';
import { GUARDRAIL_FAILURE_TYPE } from '../../src/guardrails/violation.js';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import { compileOrThrow, runnablePlaybook } from '../helpers/playbooks.js';
import { startStack, type Stack } from '../helpers/stack.js';

const { itManager, engineer } = FIXTURE_USERS;

const JOIN = `apiVersion: idflow/v1
kind: Playbook
name: join-groups
inputs:
  email: { type: string }
  group: { type: string }
subject: \${{ inputs.email }}
onFailure: compensate
steps:
  - id: user
    uses: jumpcloud.user.find
    with: { email: '\${{ inputs.email }}' }
  - id: support
    uses: jumpcloud.group.find
    with: { name: Support }
  - id: joinSupport
    uses: jumpcloud.group.addMember
    with: { groupId: '\${{ steps.support.output.id }}', userId: '\${{ steps.user.output.id }}' }
    compensate:
      uses: jumpcloud.group.removeMember
      with: { groupId: '\${{ steps.support.output.id }}', userId: '\${{ steps.user.output.id }}' }
  - id: other
    uses: jumpcloud.group.find
    with: { name: '\${{ inputs.group }}' }
  - id: joinOther
    uses: jumpcloud.group.addMember
    with: { groupId: '\${{ steps.other.output.id }}', userId: '\${{ steps.user.output.id }}' }
`;

const LOCK_OUT = runnablePlaybook('lock-out');

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowFailedError);
  return (err as WorkflowFailedError).cause as ApplicationFailure;
}

describe('lists and protected users at run time', () => {
  let stack: Stack;
  const ops = (since: number) =>
    stack.sim
      .audit()
      .slice(since)
      .map((a) => a.operation);

  beforeAll(async () => {
    stack = await startStack(
      'lists',
      {},
      {
        guardrails: {
          origin: 'config',
          userGroups: { deny: ['Finance'] },
          protectedUsers: [itManager.email],
        },
      },
    );
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('a group from an expression that the config denies fails non-retryably, and the earlier step is undone', async () => {
    const before = stack.sim.audit().length;
    const run = await stack.start(JOIN, { email: engineer.email, group: 'Finance' });
    const failure = await failureOf(run.handle.result());
    expect(failure.type).toBe(GUARDRAIL_FAILURE_TYPE);
    expect(failure.message).toContain(
      'step joinOther failed: guardrail userGroups.deny (config): user group "Finance" matches "Finance"',
    );
    // Added to Support, then removed again by compensation; Finance never touched.
    expect(ops(before)).toEqual(['usergroup.member.add', 'usergroup.member.remove']);
    const d = await describeRun(stack.client, run.workflowId);
    expect(d.guardrailViolations).toEqual([
      { step: 'joinOther', message: expect.stringContaining('guardrail userGroups.deny (config)') as string },
    ]);
    expect(d.state?.compensated).toEqual(['joinSupport']);
  });

  it('a group whose attributes grant admin rights is refused even when no list names it', async () => {
    const before = stack.sim.audit().length;
    const run = await stack.start(JOIN, { email: engineer.email, group: 'IT Admins' });
    const failure = await failureOf(run.handle.result());
    expect(failure.message).toContain(
      'guardrail userGroups.denyAdminGroups (config): user group "IT Admins" grants admin rights',
    );
    expect(ops(before)).toEqual(['usergroup.member.add', 'usergroup.member.remove']);
    // One attempt only: the refusal is not retried.
    const history = await run.handle.fetchHistory();
    const started = history.events?.filter((e) => e.activityTaskStartedEventAttributes) ?? [];
    const joinOther = history.events?.find(
      (e) => e.activityTaskScheduledEventAttributes?.activityId === 'joinOther',
    );
    expect(joinOther).toBeDefined();
    expect(started.every((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) === 1)).toBe(true);
  });

  it('a protected user is never suspended nor has MFA reset', async () => {
    const target = stack.sim.directory.users().find((u) => u.email === itManager.email)!;
    const before = stack.sim.audit().length;
    const run = await stack.start(LOCK_OUT, { email: itManager.email });
    await run.handle.result();
    expect(
      stack.sim
        .audit()
        .slice(before)
        .filter((a) => a.targetId === target._id),
    ).toEqual([]);
    const d = await describeRun(stack.client, run.workflowId);
    expect(d.guardrailViolations.map((v) => v.step)).toEqual(['suspend', 'resetMfa']);
    expect(d.guardrailViolations[0]?.message).toContain(
      `guardrail protectedUsers: ${itManager.email} is a protected user`,
    );
  });

  it('refuses an action a Plan’s guardrails do not allow, even in a Plan nobody compiled', async () => {
    const plan = compileOrThrow(LOCK_OUT);
    const tampered = { ...plan, guardrails: { actions: ['jumpcloud.user.find', 'jumpcloud.user.resetMfa'] } };
    const before = stack.sim.audit().length;
    const run = await stack.start(tampered, { email: engineer.email });
    await run.handle.result();
    const d = await describeRun(stack.client, run.workflowId);
    expect(d.guardrailViolations.map((v) => v.message)).toEqual([
      expect.stringContaining(
        'guardrail actions (playbook lock-out): the action is not allowed; jumpcloud.user.suspend refused',
      ),
    ]);
    // resetMfa was allowed and ran.
    expect(ops(before)).toEqual(['systemuser.resetmfa']);
  });
});
