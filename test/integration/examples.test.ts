// The five example playbooks, run for real: the dev server, a worker, the simulator, a chat inbox. Each
// scenario checks the directory afterwards through JumpCloud's own API, and records its history for the
// replay test. The scenarios about timers run the same Plans on a time-skipping server (below).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, waitForState } from '../../src/client/runs.js';
import type { Plan } from '../../src/dsl/plan.js';
import type { GraphObjectWithPaths, SystemUserReturn } from '../../src/jumpcloud/types.js';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import type { RunState } from '../../src/workflows/types.js';
import { recordHistory } from '../helpers/histories.js';
import { compileExample } from '../helpers/playbooks.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { DAY, HOUR, startTimeSkipping, stepTook } from '../helpers/timeSkipping.js';

const { engineer, engManager, helpDesk, itManager, sysadmin, locked, ceo } = FIXTURE_USERS;
const pending = (stepId?: string) => (s: RunState) =>
  s.approvals.some((a) => a.status === 'pending' && (stepId === undefined || a.stepId === stepId));

/** What a scenario looks at afterwards, through JumpCloud's own API and the stack's simulator and inbox. */
function views(current: () => Stack) {
  const userByEmail = (email: string) => current().sim.directory.findUserByEmail(email)!;
  const user = (id: string) =>
    current().jc.request<SystemUserReturn>({ method: 'GET', path: `/api/systemusers/${id}` });
  const groupNames = async (id: string) => {
    const names: string[] = [];
    for await (const g of current().jc.paginateV2<GraphObjectWithPaths>(`/api/v2/users/${id}/memberof`, {
      sort: false,
    })) {
      names.push(current().sim.directory.getGroup(g.id)?.name ?? g.id);
    }
    return names.sort();
  };
  const systems = async (id: string) => {
    const out: GraphObjectWithPaths[] = [];
    for await (const s of current().jc.paginateV2<GraphObjectWithPaths>(`/api/v2/users/${id}/systems`, {
      sort: false,
    }))
      out.push(s);
    return out;
  };
  const mutationsSince = (n: number) =>
    current()
      .sim.audit()
      .slice(n)
      .map((a) => a.operation);
  const messagesSince = (n: number) => current().inbox.messages().slice(n);
  return { userByEmail, user, groupNames, systems, mutationsSince, messagesSince };
}

describe('the example playbooks, end to end', () => {
  let stack: Stack;
  const plans: Record<string, Plan> = {};

  beforeAll(async () => {
    stack = await startStack('examples', { seed: 17, users: 60 });
    for (const name of ['access-request', 'password-reset', 'mfa-reset', 'onboarding', 'offboarding']) {
      plans[name] = compileExample(`${name}.yaml`);
    }
  });
  afterAll(async () => {
    await stack?.close();
  });

  const { userByEmail, user, groupNames, systems, mutationsSince, messagesSince } = views(() => stack);

  describe('access-request', () => {
    it('grants after the manager approves, and tells the requester', async () => {
      const [audit, inbox] = [stack.sim.audit().length, stack.inbox.messages().length];
      const run = await stack.start(
        plans['access-request']!,
        { email: engineer.email, group: 'Support', reason: 'on-call' },
        { requestedBy: helpDesk.email },
      );
      const waiting = await waitForState(stack.client, run.workflowId, pending('approval'));
      expect(waiting.approvals[0]?.approvers).toEqual([engManager.email]);
      await decide(stack.client, run.workflowId, 'approve', { approver: engManager.email });
      const result = await run.handle.result();
      expect(result.outputs.granted).toBe(true);
      expect(await groupNames(userByEmail(engineer.email)._id)).toContain('Support');
      expect(mutationsSince(audit)).toEqual(['usergroup.member.add']);
      expect(messagesSince(inbox).map((m) => m.text)).toEqual([
        expect.stringMatching(/Access granted: Jordan Lee is now in Support/),
      ]);
      await recordHistory('example-access-request-approved', run.handle);
    });

    it('changes nothing when the manager rejects', async () => {
      const audit = stack.sim.audit().length;
      const run = await stack.start(plans['access-request']!, { email: engineer.email, group: 'Finance' });
      await waitForState(stack.client, run.workflowId, pending('approval'));
      await decide(stack.client, run.workflowId, 'reject', {
        approver: engManager.email,
        comment: 'not your team',
      });
      const result = await run.handle.result();
      expect(result.outputs.granted).toBe(false);
      expect(await groupNames(userByEmail(engineer.email)._id)).not.toContain('Finance');
      expect(mutationsSince(audit)).toEqual([]);
      await recordHistory('example-access-request-rejected', run.handle);
    });

    it('asks nobody when the user is already a member', async () => {
      const run = await stack.start(plans['access-request']!, { email: engineer.email, group: 'VPN Users' });
      const result = await run.handle.result();
      expect(result.steps.find((s) => s.key === 'approval')?.status).toBe('skipped');
      expect(result.steps.find((s) => s.key === 'grant')?.status).toBe('skipped');
    });
  });

  describe('password-reset', () => {
    it('expires the password and unlocks the account after the help desk verifies', async () => {
      const target = userByEmail(locked.email);
      expect(target.account_locked).toBe(true);
      const audit = stack.sim.audit().length;
      const run = await stack.start(plans['password-reset']!, {
        email: locked.email,
        ticket: 'HD-1',
        channel: 'phone',
      });
      const waiting = await waitForState(stack.client, run.workflowId, pending('verify'));
      expect(waiting.approvals[0]?.approvers).toContain(helpDesk.email); // group:Help Desk, resolved
      await decide(stack.client, run.workflowId, 'approve', { approver: helpDesk.email });
      const result = await run.handle.result();
      expect(result.outputs).toMatchObject({ reset: true, unlocked: true, verifiedBy: [helpDesk.email] });
      const after = await user(target._id);
      expect(after.password_expired).toBe(true);
      expect(after.account_locked).toBe(false);
      expect(mutationsSince(audit)).toEqual(['systemuser.expire', 'systemuser.unlock']);
      await recordHistory('example-password-reset-approved', run.handle);
    });

    it('changes nothing when verification fails', async () => {
      const audit = stack.sim.audit().length;
      const run = await stack.start(plans['password-reset']!, { email: sysadmin.email });
      await waitForState(stack.client, run.workflowId, pending('verify'));
      await decide(stack.client, run.workflowId, 'reject', {
        approver: helpDesk.email,
        comment: 'could not verify',
      });
      const result = await run.handle.result();
      expect(result.outputs.reset).toBe(false);
      expect((await user(userByEmail(sysadmin.email)._id)).password_expired).toBe(false);
      expect(mutationsSince(audit)).toEqual([]);
    });
  });

  describe('mfa-reset', () => {
    it('resets MFA with an enrollment window after the help desk and the manager approve', async () => {
      const target = userByEmail(engineer.email);
      expect(target.totp_enabled).toBe(true);
      const inbox = stack.inbox.messages().length;
      const run = await stack.start(plans['mfa-reset']!, {
        email: engineer.email,
        reason: 'new phone',
        enrollmentDays: 3,
      });
      await waitForState(stack.client, run.workflowId, pending('verify'));
      await decide(stack.client, run.workflowId, 'approve', { approver: helpDesk.email });
      await waitForState(stack.client, run.workflowId, pending('managerApproval'));
      await decide(stack.client, run.workflowId, 'approve', { approver: engManager.email });
      const result = await run.handle.result();
      expect(result.outputs).toEqual({ reset: true, graceDays: 3 });
      const after = await user(target._id);
      expect(after.totp_enabled).toBe(false);
      expect(after.mfa).toMatchObject({ configured: false, exclusion: true, exclusionDays: 3 });
      expect(messagesSince(inbox)[0]?.text).toMatch(/Your MFA was reset\. Within 3 day/);
      await recordHistory('example-mfa-reset-approved', run.handle);
    });
  });

  describe('offboarding', () => {
    it('leaves the leaver suspended with no groups, no devices, password expired and MFA reset, and asks for the equipment', async () => {
      const leaver = userByEmail(engineer.email);
      expect((await groupNames(leaver._id)).length).toBeGreaterThan(0);
      expect((await systems(leaver._id)).length).toBeGreaterThan(0);
      const inbox = stack.inbox.messages().length;
      const run = await stack.start(plans['offboarding']!, {
        email: engineer.email,
        lastDay: '2024-06-28',
        requester: 'hr@example.com',
      });
      const result = await run.handle.result();
      const after = await user(leaver._id);
      expect(after.state).toBe('SUSPENDED');
      expect(after.suspended).toBe(true);
      expect(after.password_expired).toBe(true);
      expect(after.totp_enabled).toBe(false);
      expect(await groupNames(leaver._id)).toEqual([]);
      expect(await systems(leaver._id)).toEqual([]);
      expect(result.outputs).toMatchObject({ suspended: true, keptGroups: [] });
      expect(result.outputs.unboundDevices).toEqual(['jordan-mbp']);
      const equipment = messagesSince(inbox).find((m) => m.channel === 'it-requests');
      expect(equipment?.text).toMatch(/Equipment return: Jordan Lee/);
      // Every mutation once.
      const ops = stack.sim
        .audit()
        .filter((a) => a.targetId === leaver._id || a.detail?.userId === leaver._id);
      const keys = ops.map((a) => `${a.operation}:${a.targetId}:${JSON.stringify(a.detail ?? {})}`);
      expect(new Set(keys).size).toBe(keys.length);
      await recordHistory('example-offboarding', run.handle);
    });

    it('keeps an approved exception group', async () => {
      const leaver = userByEmail(ceo.email);
      const run = await stack.start(plans['offboarding']!, {
        email: ceo.email,
        lastDay: '2024-06-28',
        keepGroups: ['All Staff'],
      });
      await waitForState(stack.client, run.workflowId, pending('exceptions'));
      await decide(stack.client, run.workflowId, 'approve', { approver: itManager.email });
      const result = await run.handle.result();
      expect(result.outputs.keptGroups).toEqual(['All Staff']);
      expect(await groupNames(leaver._id)).toEqual(['All Staff']);
      expect((await user(leaver._id)).state).toBe('SUSPENDED');
    });
  });
});

// The examples' timers at their real durations — 72 h for the manager and 24 h for IT Admins, 24 h for
// an MFA reset's manager, the onboarding wait until the start date — on a time-skipping server of this
// file's own, which jumps over the idle time instead of waiting for it.
describe('the example playbooks’ timers', () => {
  let env: TestWorkflowEnvironment;
  let stack: Stack;
  const plans: Record<string, Plan> = {};

  beforeAll(async () => {
    env = await startTimeSkipping();
    stack = await startStack('examples-timers', { seed: 17, users: 60 }, { timeSkipping: env });
    for (const name of ['access-request', 'mfa-reset', 'onboarding']) {
      plans[name] = compileExample(`${name}.yaml`);
    }
  });
  afterAll(async () => {
    await stack?.close();
    await env?.teardown();
  });

  const { userByEmail, user, groupNames, mutationsSince, messagesSince } = views(() => stack);

  it('access-request: escalates to IT Admins after 72 h without the manager, then rejects after 24 h more', async () => {
    const audit = stack.sim.audit().length;
    const run = await stack.start(plans['access-request']!, { email: engineer.email, group: 'Legal' });
    await waitForState(stack.client, run.workflowId, pending('approval'));
    await env.sleep('72h');
    const escalated = await waitForState(
      stack.client,
      run.workflowId,
      (s) => s.approvals[0]?.stage === 'escalated',
    );
    // group:IT Admins resolved through JumpCloud to its active members.
    expect(escalated.approvals[0]?.approvers).toEqual([itManager.email, sysadmin.email].sort());
    const result = await run.handle.result();
    expect(result.steps.find((s) => s.key === 'approval')?.output).toMatchObject({
      approved: false,
      status: 'timedOut',
      stage: 'escalated',
    });
    expect(stepTook(result, 'approval')).toBeGreaterThanOrEqual(96 * HOUR);
    expect(stepTook(result, 'approval')).toBeLessThan(97 * HOUR);
    expect(result.outputs.granted).toBe(false);
    expect(mutationsSince(audit)).toEqual([]);
    await recordHistory('example-access-request-escalated-timeout', run.handle);
  });

  it('mfa-reset: escalates to IT Admins when the manager is silent for 24 h, and an IT admin can decide', async () => {
    const run = await stack.start(plans['mfa-reset']!, { email: itManager.email, reason: 'lost phone' });
    await waitForState(stack.client, run.workflowId, pending('verify'));
    await decide(stack.client, run.workflowId, 'approve', { approver: helpDesk.email });
    await waitForState(stack.client, run.workflowId, pending('managerApproval'));
    await env.sleep('24h');
    const escalated = await waitForState(
      stack.client,
      run.workflowId,
      (s) => s.approvals.find((a) => a.stepId === 'managerApproval')?.stage === 'escalated',
    );
    // The subject (an IT admin himself) is excluded by the validator, not by the list.
    expect(escalated.approvals.find((a) => a.stepId === 'managerApproval')?.approvers).toContain(
      sysadmin.email,
    );
    const self = await decide(stack.client, run.workflowId, 'approve', { approver: itManager.email }).catch(
      (e: unknown) => e,
    );
    expect(String((self as Error).cause ?? self)).toMatch(/subject of this run/);
    await decide(stack.client, run.workflowId, 'approve', { approver: sysadmin.email });
    const result = await run.handle.result();
    expect(result.outputs.reset).toBe(true);
    expect(stepTook(result, 'managerApproval')).toBeGreaterThanOrEqual(24 * HOUR);
    expect((await user(userByEmail(itManager.email)._id)).totp_enabled).toBe(false);
  });

  it('onboarding: creates the account STAGED with its groups, activates it on the start date, and tells the manager', async () => {
    // A start date three weeks ahead on the server's clock (which only moves forward, by whole timers).
    const startDate = new Date((await env.currentTimeMs()) + 21 * DAY).toISOString().slice(0, 10);
    const hire = {
      email: 'new.hire@example.com',
      firstname: 'Nia',
      lastname: 'Hire',
      jobTitle: 'Backend Engineer',
      department: 'Engineering',
      manager: engManager.email,
      employeeType: 'Full-time',
      employeeId: 'E-1042',
      location: 'Berlin',
      startDate,
    };
    const inbox = stack.inbox.messages().length;
    const plan = plans['onboarding']!;
    const run = await stack.start(plan, hire, { kind: 'webhook', source: 'hris' }, 'hris-event-1');
    await waitForState(stack.client, run.workflowId, (s) =>
      s.steps.some((x) => x.key === 'startDay' && x.status === 'waiting'),
    );
    const staged = userByEmail(hire.email);
    expect(staged.state).toBe('STAGED');
    expect(staged.manager).toBe(userByEmail(engManager.email)._id);
    expect(await groupNames(staged._id)).toEqual(['All Staff', 'Engineering', 'VPN Users']);

    // The HRIS re-delivers the event: same key, same run, no second user.
    const again = await stack.start(plan, hire, { kind: 'webhook', source: 'hris' }, 'hris-event-1');
    expect(again.workflowId).toBe(run.workflowId);
    expect(again.started).toBe(false);
    expect(again.firstExecutionRunId).toBe(run.firstExecutionRunId);

    const result = await run.handle.result();
    expect(result.outputs).toMatchObject({
      activated: true,
      groups: ['All Staff', 'Engineering', 'VPN Users'],
    });
    // Activated at 07:00 UTC on the start date (the playbook's default activation time), not before.
    const activated = result.steps.find((s) => s.key === 'activate');
    expect(Date.parse(activated?.startedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(`${startDate}T07:00:00Z`),
    );
    expect((await user(staged._id)).state).toBe('ACTIVATED');
    expect(stack.sim.directory.users().filter((u) => u.email === hire.email)).toHaveLength(1);
    expect(messagesSince(inbox).map((m) => [m.to, m.text])).toEqual([
      [engManager.email, expect.stringMatching(/Nia Hire starts today/)],
    ]);
    await recordHistory('example-onboarding', run.handle);

    // Even a new run for the same person (another event id) creates no duplicate.
    const audit = stack.sim.audit().length;
    const second = await stack.start(plan, hire, { kind: 'webhook' }, 'hris-event-2');
    const secondResult = await second.handle.result();
    expect(secondResult.steps.find((s) => s.key === 'account')?.output).toMatchObject({ changed: false });
    expect(stack.sim.directory.users().filter((u) => u.email === hire.email)).toHaveLength(1);
    expect(mutationsSince(audit)).toEqual([]);
  });
});
