// Dry runs of the five examples against the simulator: each changes nothing (the simulator's audit does not
// move, no chat message is sent) and reports exactly the changes a real run of the same playbook with the
// same inputs then makes — the same JumpCloud requests, counted in the audit, and the same messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, renderRunDescription } from '../../src/client/describe.js';
import { decide, waitForState, type StartedRun } from '../../src/client/runs.js';
import type { Plan } from '../../src/dsl/plan.js';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import type { DryRunMutation, RunResult } from '../../src/workflows/types.js';
import { compileExample } from '../helpers/playbooks.js';
import { startStack, type Stack } from '../helpers/stack.js';

const { engineer, helpDesk, locked, ceo, suspended } = FIXTURE_USERS;

const EXAMPLES: { name: string; inputs: Record<string, unknown>; requestedBy?: string }[] = [
  {
    name: 'access-request',
    inputs: { email: engineer.email, group: 'Support' },
    requestedBy: helpDesk.email,
  },
  { name: 'password-reset', inputs: { email: locked.email } },
  { name: 'mfa-reset', inputs: { email: engineer.email, reason: 'new phone' } },
  {
    name: 'onboarding',
    inputs: {
      email: 'dry.hire@example.com',
      firstname: 'Dee',
      lastname: 'Hire',
      department: 'Engineering',
      manager: FIXTURE_USERS.engManager.email,
      employeeType: 'Contractor',
      startDate: '2020-01-07',
    },
  },
  { name: 'offboarding', inputs: { email: ceo.email, lastDay: '2024-06-28' } },
];

/** A JumpCloud write as comparable text: method, path (a created user's id as NEW), add or remove. */
function normalized(method: string, path: string, op: string, created: ReadonlySet<string>): string {
  const p = path.split('?')[0]!.replace(/[0-9a-f]{24}/g, (id) => (created.has(id) ? 'NEW' : id));
  // The audit says `…associate` / `…unassociate` for bindings and `…add` / `…remove` for members.
  const suffix = /\.(add|associate)$/.test(op) ? ' add' : /\.(remove|unassociate)$/.test(op) ? ' remove' : '';
  return `${method} ${p}${suffix}`;
}

describe('dry runs of the examples', () => {
  let stack: Stack;
  const plans: Record<string, Plan> = {};

  beforeAll(async () => {
    stack = await startStack('dryrun', { seed: 23, users: 50 });
    for (const e of EXAMPLES) plans[e.name] = compileExample(`${e.name}.yaml`);
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Answers every approval the run opens (as an approver who may), until it ends. */
  async function approveAll(run: StartedRun, requestedBy?: string): Promise<RunResult> {
    const result = run.handle.result();
    let done = false;
    void result.finally(() => (done = true)).catch(() => undefined);
    const answered = new Set<string>();
    while (!done) {
      const state = await waitForState(
        stack.client,
        run.workflowId,
        (s) =>
          s.status === 'completed' ||
          s.status === 'failed' ||
          s.approvals.some((a) => a.status === 'pending' && !answered.has(a.stepId)),
      ).catch(() => undefined);
      const open = state?.approvals.find((a) => a.status === 'pending' && !answered.has(a.stepId));
      if (!open) break;
      const approver = open.approvers.find((a) => a !== run.subject && a !== requestedBy) ?? '';
      answered.add(open.stepId);
      await decide(stack.client, run.workflowId, 'approve', { stepId: open.stepId, approver });
    }
    return result;
  }

  it.each(EXAMPLES)(
    '$name: the dry run changes nothing and reports what the real run then does',
    async (example) => {
      const plan = plans[example.name]!;
      const trigger = example.requestedBy ? { requestedBy: example.requestedBy } : {};
      const audit = stack.sim.audit().length;
      const messages = stack.inbox.messages().length;

      const dry = await stack.start(plan, example.inputs, trigger, undefined, { dryRun: true });
      expect(dry.workflowId).toContain(':dry-run-');
      const report = await dry.handle.result();
      expect(stack.sim.audit().length).toBe(audit);
      expect(stack.inbox.messages().length).toBe(messages);
      const mutations: DryRunMutation[] = report.dryRun?.mutations ?? [];
      expect(mutations.length).toBeGreaterThan(0);

      const real = await stack.start(plan, example.inputs, trigger);
      await approveAll(real, example.requestedBy);
      const made = stack.sim.audit().slice(audit);
      const created = new Set(made.filter((a) => a.operation === 'systemuser.create').map((a) => a.targetId));
      const placeholders = new Set(
        mutations.flatMap((m) => (m.request ?? '').match(/00000000[0-9a-f]{16}/g) ?? []),
      );
      expect(
        mutations
          .filter((m) => m.request !== undefined)
          .map((m) => {
            const [method = '', path = ''] = (m.request ?? '').split(' ');
            return normalized(method, path, m.op, placeholders);
          })
          .sort(),
      ).toEqual(made.map((a) => normalized(a.method, a.path, a.operation, created)).sort());
      expect(mutations.filter((m) => m.op === 'notify.message')).toHaveLength(
        stack.inbox.messages().length - messages,
      );

      // `idflow status` of the dry run says so, and lists the would-be changes in words.
      const view = await describeRun(stack.client, dry.workflowId);
      expect(view.state?.dryRun).toBe(true);
      expect(renderRunDescription(view)).toContain('DRY RUN: nothing was changed');
      expect(view.dryRunMutations.map((m) => m.text)).toEqual(
        expect.arrayContaining(mutations.map((m) => m.text)),
      );
    },
  );

  it('says what it would change in words, with names from the directory', async () => {
    const run = await stack.start(
      plans['offboarding']!,
      { email: suspended.email, lastDay: '2024-06-28' },
      {},
      undefined,
      {
        dryRun: true,
      },
    );
    const report = await run.handle.result();
    const texts = report.dryRun?.mutations.map((m) => m.text) ?? [];
    expect(texts).toEqual(
      expect.arrayContaining([
        `would remove ${suspended.email} from Sales`,
        `would unbind ${suspended.email} from device riley-laptop`,
        `would expire the password of ${suspended.email}`,
      ]),
    );
    // Later reads saw the would-be state: the verification found nothing left, so the run went on.
    expect(report.outputs.suspended).toBe(true);
  });
});
