// Guardrails compose down the tree of runs (issue 14, item 2): a child playbook runs under its own
// guardrails and every ancestor's — the intersection of the allow-lists, the union of deny-lists and
// protected users, the tightest caps — and a per-run cap counts everything done below the run that
// declared it. The attacks: a parent allowed only to look users up calls a child that suspends (refused
// when compiling, and again at run time for a Plan nobody compiled); ten children under a parent's cap of
// 2 per run (at most 2 suspensions in the simulator's audit).
import { WorkflowFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun } from '../../src/client/describe.js';
import { compilePlaybook, formatDiagnostic, type Plan } from '../../src/dsl/index.js';
import { GUARDRAIL_FAILURE_TYPE } from '../../src/guardrails/violation.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { SUSPEND_ONE, bystanders, suspensions as countSuspensions } from '../guardrails/people.js';

/** A parent that may only look users up, calling the child that suspends. */
const FIND_ONLY = (guardrails: string) => `apiVersion: idflow/v1
kind: Playbook
name: find-only
inputs:
  email: { type: string }
${guardrails}steps:
  - id: look
    uses: jumpcloud.user.find
    with: { email: '\${{ inputs.email }}' }
  - id: child
    playbook: suspend-one
    with: { email: '\${{ inputs.email }}' }
`;

/** Ten children, each suspending one person, under the parent's cap of 2 suspensions per run. */
const FAN_OUT = `apiVersion: idflow/v1
kind: Playbook
name: fan-out
inputs:
  emails: { type: array, items: { type: string } }
guardrails:
  limits:
    jumpcloud.user.suspend: { perRun: 2 }
steps:
  - id: each
    forEach:
      items: \${{ inputs.emails }}
      concurrency: 5
      steps:
        - id: child
          playbook: suspend-one
          onError: continue
          with: { email: '\${{ item }}' }
`;

const resolvePlaybook = (name: string) =>
  name === 'suspend-one' ? { text: SUSPEND_ONE, file: 'suspend-one.yaml' } : undefined;

function compile(text: string): ReturnType<typeof compilePlaybook> {
  return compilePlaybook(text, 'parent.yaml', { resolvePlaybook });
}

function plan(text: string): Plan {
  const r = compile(text);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.plan;
}

describe('guardrails compose down the tree', () => {
  let stack: Stack;
  let people: string[];
  const suspensions = () => countSuspensions(stack.sim);

  beforeAll(async () => {
    stack = await startStack('tree');
    people = bystanders(stack.sim);
    expect(people.length).toBeGreaterThanOrEqual(11);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('refuses at compile time a child that uses an action the parent’s allow-list leaves out', () => {
    const r = compile(FIND_ONLY('guardrails:\n  actions: [jumpcloud.user.find]\n'));
    expect(r.ok).toBe(false);
    expect(
      r.diagnostics
        .filter((d) => d.severity === 'error')
        .map(({ code, line, column }) => ({ code, line, column })),
    ).toEqual([{ code: 'guardrail.action', line: 13, column: 15 }]);
    expect(r.diagnostics[0]?.message).toContain('jumpcloud.user.suspend');
    expect(r.diagnostics[0]?.message).toContain('suspend-one');
  });

  it('refuses the same child at run time when the Plan was built by hand', async () => {
    const tampered = {
      ...plan(FIND_ONLY('')),
      guardrails: { actions: ['jumpcloud.user.find'] },
    };
    const before = suspensions();
    const run = await stack.start(tampered, { email: people[0] });
    const err = await run.handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(suspensions() - before).toBe(0);
    const child = await describeRun(stack.client, `${run.workflowId}/child`);
    expect(child.guardrailViolations.map((v) => v.message)).toEqual([
      expect.stringContaining(
        'guardrail actions (playbook find-only): the action is not allowed; jumpcloud.user.suspend refused',
      ),
    ]);
    const cause = (err as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe(GUARDRAIL_FAILURE_TYPE);
  });

  it('ten children under the parent’s perRun 2 suspend two people in all', async () => {
    const before = suspensions();
    const run = await stack.start(plan(FAN_OUT), { emails: people.slice(1, 11) });
    await run.handle.result();
    expect(suspensions() - before).toBe(2);
    const d = await describeRun(stack.client, run.workflowId);
    const failedChildren = d.state?.steps.filter((s) => s.id === 'child' && s.status === 'failed') ?? [];
    expect(failedChildren).toHaveLength(8);
    expect(failedChildren[0]?.error?.message).toMatch(
      /guardrail limits\.jumpcloud\.user\.suspend\.perRun \(playbook fan-out\) \(limit 2, count 2\)/,
    );
  });
});
