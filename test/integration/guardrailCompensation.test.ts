// Every mutation counts, whoever makes it (issue 14, item 1). The attack: a loop of reads, each with a
// mutating `compensate:`, then a `fail:` on purpose — the undo phase suspends everyone the loop found.
// The compiler refuses it (a read has nothing to undo); a Plan built by hand with the same shape, run
// straight against the worker, suspends no more than the operator's cap allows, and every undo the cap
// refused is reported as not undone (failure details, `idflow status`).
import { WorkflowFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, renderRunDescription } from '../../src/client/describe.js';
import { compilePlaybook, type Diagnostic, type Plan, type PlanStep } from '../../src/dsl/index.js';
import type { RunFailureDetails } from '../../src/workflows/types.js';
import { compileOrThrow } from '../helpers/playbooks.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { bystanders, suspensions as countSuspensions } from '../guardrails/people.js';

const header = (name: string) => `apiVersion: idflow/v1
kind: Playbook
name: ${name}
inputs:
  emails: { type: array, items: { type: string } }
onFailure: compensate
`;

/** The playbook: `find` with a `suspend` compensation, in a loop, then a failure on purpose. */
const COMPENSATE_LOOP = `${header('compensate-loop')}steps:
  - id: everyone
    forEach:
      items: \${{ inputs.emails }}
      steps:
        - id: user
          uses: jumpcloud.user.find
          with: { email: '\${{ item }}' }
          compensate:
            uses: jumpcloud.user.suspend
            with: { userId: '\${{ steps.user.output.id }}' }
  - id: boom
    fail: on purpose
`;

/** The same loop without the undo: compiles, and is the body the hand-built Plan starts from. */
const READ_LOOP = COMPENSATE_LOOP.replace(/\n {10}compensate:\n.*\n.*\n/, '\n');

/** A step that changes something, with the undo the catalog names for it (activate ↔ suspend). */
const ACTIVATE = `${header('activate')}steps:
  - id: user
    uses: jumpcloud.user.activate
    with: { userId: '\${{ inputs.emails[0] }}' }
    compensate:
      uses: jumpcloud.user.suspend
      with: { userId: '\${{ steps.user.output.user.id }}' }
`;

function errors(text: string): (Pick<Diagnostic, 'code' | 'line' | 'column'> & { hint?: string })[] {
  const r = compilePlaybook(text, 'loop.yaml');
  return r.diagnostics
    .filter((d) => d.severity === 'error')
    .map(({ code, line, column, hint }) => ({ code, line, column, ...(hint ? { hint } : {}) }));
}

/** The compensate-loop as a Plan nobody compiled: the read loop with a suspension spliced in as its undo. */
function handBuiltLoop(): Plan {
  const plan = compileOrThrow(READ_LOOP);
  const loop = plan.steps[0] as Extract<PlanStep, { kind: 'forEach' }>;
  const find = loop.steps[0] as Extract<PlanStep, { kind: 'action' }>;
  expect(find.action).toBe('jumpcloud.user.find');
  find.compensate = {
    action: 'jumpcloud.user.suspend',
    with: { kind: 'map', entries: { userId: { kind: 'expr', source: 'steps.user.output.id', at: find.at } } },
    timeoutMs: find.timeoutMs,
    retry: find.retry,
  };
  return plan;
}

describe('compensations count against the caps', () => {
  let stack: Stack;
  let people: string[];
  const suspensions = () => countSuspensions(stack.sim);

  beforeAll(async () => {
    stack = await startStack(
      'compensation',
      {},
      {
        guardrails: {
          origin: 'config',
          userGroups: { deny: ['*admin*'], denyAdminGroups: true },
          limits: { 'jumpcloud.user.suspend': { perRun: 1, perHour: 1 } },
        },
      },
    );
    people = bystanders(stack.sim).slice(0, 6);
    expect(people).toHaveLength(6);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('refuses the compensate-loop at compile time, at the undo, naming what may undo the step', () => {
    expect(errors(COMPENSATE_LOOP)).toEqual([
      {
        code: 'compensate.notInverse',
        line: 16,
        column: 19,
        hint: '`jumpcloud.user.find` changes nothing, so there is nothing to undo: remove `compensate`',
      },
    ]);
    // A step that does change something may be undone only by what the catalog says undoes it.
    const wrongUndo = ACTIVATE.replace(
      /(compensate:\n\s+uses: )jumpcloud.user.suspend/,
      '$1jumpcloud.user.resetMfa',
    );
    expect(errors(wrongUndo)).toEqual([
      {
        code: 'compensate.notInverse',
        line: 12,
        column: 13,
        hint: '`jumpcloud.user.activate` is undone by: jumpcloud.user.suspend',
      },
    ]);
    expect(errors(ACTIVATE)).toEqual([]);
  });

  it('a hand-built compensate-loop suspends at most the operator’s cap, and reports every refused undo', async () => {
    const before = suspensions();
    const run = await stack.start(handBuiltLoop(), { emails: people });
    const err = await run.handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const failure = (err as WorkflowFailedError).cause as ApplicationFailure;
    const details = failure.details?.[0] as RunFailureDetails;
    expect(suspensions() - before).toBe(1);
    // Five undos were refused by the cap: each is named, with why, and the message says so.
    expect(details.compensated).toHaveLength(1);
    expect(details.compensationFailures).toHaveLength(5);
    expect(details.notUndone?.map((n) => n.type)).toEqual(Array<string>(5).fill('IdflowGuardrail'));
    expect(failure.message).toMatch(/; 5 steps NOT undone \(compensation refused or failed\)/);
    const text = renderRunDescription(await describeRun(stack.client, run.workflowId));
    expect(text).toMatch(/NOT undone \(5\): everyone\[\d\]\.user/);
    expect(text).toMatch(/limits\.jumpcloud\.user\.suspend\.perRun \(config\) \(limit 1, count 1\)/);
  });
});
