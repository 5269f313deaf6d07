// Blast-radius caps against the real dev server and the simulator: a forEach that tries to suspend 50
// people with a cap of 5 suspends exactly 5 (counted in the simulator's audit), fails with the cap's
// message, and neither retries (injected 503s) nor a concurrent second run get past the cap; an approval
// raises the cap for its run; a dry run shows where a real run would be refused and changes nothing.
import { WorkflowFailedError } from '@temporalio/client';
import { type ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, renderRunDescription } from '../../src/client/describe.js';
import { decide, waitForState } from '../../src/client/runs.js';
import { createTemporalLedger } from '../../src/activities/guardrails/ledgerClient.js';
import type { Cap } from '../../src/guardrails/policy.js';
import { GUARDRAIL_FAILURE_TYPE, type GuardrailViolation } from '../../src/guardrails/violation.js';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import { guardrailLedger, ledgerWorkflowId } from '../../src/workflows/guardrailLedger.js';
import { genesisSnapshot } from '../../src/workflows/ledger.js';
import type { RunFailureDetails } from '../../src/workflows/types.js';
import { recordHistory } from '../helpers/histories.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { bystanders, suspensions as countSuspensions } from '../guardrails/people.js';

/** Suspends every email it is given, ten at a time, under a cap of 5 per run and 5 per hour. */
const BULK = (perRun: number, perHour: number, raise = '') => `apiVersion: idflow/v1
kind: Playbook
name: bulk-suspend
inputs:
  emails: { type: array, items: { type: string } }
guardrails:
  limits:
    jumpcloud.user.suspend: { perRun: ${perRun}, perHour: ${perHour} }
${raise}
defaults:
  retry: { maxAttempts: 10, initialInterval: 50ms, backoff: 1, maxInterval: 50ms }
steps:
${
  raise
    ? `  - id: bulk
    approval: { approvers: ['${FIXTURE_USERS.itManager.email}'], timeout: 1h }
`
    : ''
}  - id: everyone
    forEach:
      items: \${{ inputs.emails }}
      concurrency: 10
      steps:
        - id: user
          uses: jumpcloud.user.find
          with: { email: '\${{ item }}' }
        - id: suspend
          uses: jumpcloud.user.suspend
          with: { userId: '\${{ steps.user.output.id }}' }
`;

async function guardrailFailure(
  promise: Promise<unknown>,
): Promise<{ message: string; details: RunFailureDetails }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause as ApplicationFailure;
  expect(cause.type).toBe(GUARDRAIL_FAILURE_TYPE);
  return { message: cause.message, details: cause.details?.[0] as RunFailureDetails };
}

describe('blast-radius caps', () => {
  let stack: Stack;
  /** Active people who are not fixtures: nobody's manager, approver or break-glass account. */
  let people: string[];
  const suspensions = () => countSuspensions(stack.sim);

  beforeAll(async () => {
    stack = await startStack('caps', { users: 140, seed: 5 });
    people = bystanders(stack.sim);
    expect(people.length).toBeGreaterThanOrEqual(100);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('a forEach of 50 suspensions under a cap of 5 suspends exactly 5, even with retries, and fails naming the cap', async () => {
    // Half the writes fail with a 503 first: every retry must find its reservation, not take another.
    stack.sim.setFaults({ rate503: 0.3 });
    const before = suspensions();
    const run = await stack.start(BULK(5, 5), { emails: people.slice(0, 50) });
    const { message } = await guardrailFailure(run.handle.result());
    stack.sim.setFaults({});
    expect(suspensions() - before).toBe(5);
    expect(message).toMatch(/guardrail limits\.jumpcloud\.user\.suspend\.perRun \(playbook bulk-suspend\)/);
    expect(message).toMatch(/limit 5, count 5/);

    // The refused step says so in `idflow status`, non-retryably (one attempt, no pending retry).
    const d = await describeRun(stack.client, run.workflowId);
    expect(d.guardrailViolations.length).toBeGreaterThanOrEqual(1);
    const refused = d.state?.steps.find((s) => s.error?.type === GUARDRAIL_FAILURE_TYPE);
    expect(refused?.pending).toBeUndefined();
    expect(renderRunDescription(d)).toContain('refused by a guardrail at everyone[');
  });

  it('a concurrent second run shares the playbook’s hourly cap: together they suspend exactly 5', async () => {
    // A fresh playbook name, so the first test's hour does not count.
    const yaml = BULK(5, 5).replace('name: bulk-suspend', 'name: bulk-suspend-twice');
    const before = suspensions();
    const [a, b] = await Promise.all([
      stack.start(yaml, { emails: people.slice(50, 70) }),
      stack.start(yaml, { emails: people.slice(70, 90) }),
    ]);
    const failures = await Promise.all([
      guardrailFailure(a.handle.result()),
      guardrailFailure(b.handle.result()),
    ]);
    expect(suspensions() - before).toBe(5);
    // At least one of them hit the hourly cap with the other's suspensions counted.
    expect(failures.some((f) => /perHour .*limit 5, count 5/.test(f.message))).toBe(true);
  });

  it('an approval raises the cap for its run only; a dry run reports where a real run would be refused', async () => {
    const raise = `  raise:
    approval: bulk
    limits:
      jumpcloud.user.suspend: { perRun: 8, perHour: 8 }`;
    const yaml = BULK(2, 2, raise).replace('name: bulk-suspend', 'name: bulk-suspend-approved');

    // Dry run first: nothing changes, the report lists 8 would-be suspensions, then the refusal.
    const before = stack.sim.audit().length;
    const dry = await stack.start(yaml, { emails: people.slice(90, 100) }, {}, undefined, { dryRun: true });
    const dryFailure = await guardrailFailure(dry.handle.result());
    expect(stack.sim.audit().length).toBe(before);
    expect(dryFailure.message).toMatch(
      /dry run: a real run would be refused — guardrail limits\.jumpcloud\.user\.suspend\.perRun \(playbook bulk-suspend-approved, raised by approval bulk\) \(limit 8, count 8\)/,
    );
    const dryView = await describeRun(stack.client, dry.workflowId);
    expect(dryView.state?.dryRun).toBe(true);
    expect(dryView.dryRunMutations.filter((m) => m.text.startsWith('would suspend'))).toHaveLength(8);
    expect(
      dryView.dryRunMutations.some((m) => m.text.includes(`would ask ${FIXTURE_USERS.itManager.email}`)),
    ).toBe(true);

    // The real run: approved, it suspends 8 and is refused at the 9th.
    const suspended = suspensions();
    const run = await stack.start(yaml, { emails: people.slice(90, 100) });
    await waitForState(stack.client, run.workflowId, (s) => s.approvals.some((a) => a.status === 'pending'));
    await decide(stack.client, run.workflowId, 'approve', { approver: FIXTURE_USERS.itManager.email });
    const { details } = await guardrailFailure(run.handle.result());
    expect(suspensions() - suspended).toBe(8);
    expect(details.step).toMatch(/^everyone/);
  });

  it('a violation carries its rule, limit and count in the details', async () => {
    const yaml = BULK(1, 10).replace('name: bulk-suspend', 'name: bulk-suspend-one');
    const run = await stack.start(yaml, { emails: people.slice(100, 103) });
    await guardrailFailure(run.handle.result());
    const d = await describeRun(stack.client, run.workflowId);
    const step = d.state?.steps.find((s) => s.error?.type === GUARDRAIL_FAILURE_TYPE);
    expect(step?.error?.message).toMatch(/limit 1, count 1/);
    // The activity failure's details (as the workflow saw them) name the cap.
    const history = await run.handle.fetchHistory();
    const failed = history.events?.find(
      (e) => e.activityTaskFailedEventAttributes,
    )?.activityTaskFailedEventAttributes;
    expect(failed?.failure?.applicationFailureInfo?.type).toBe(GUARDRAIL_FAILURE_TYPE);
    expect(failed?.failure?.applicationFailureInfo?.nonRetryable).toBe(true);
    const detail = JSON.parse(
      Buffer.from(failed?.failure?.applicationFailureInfo?.details?.payloads?.[0]?.data ?? []).toString(),
    ) as GuardrailViolation;
    expect(detail).toMatchObject({
      rule: 'limits.jumpcloud.user.suspend.perRun (playbook bulk-suspend-one)',
      limit: 1,
      count: 1,
    });
  });

  it('the ledger hands its counts over when it continues as new: caps and repeated keys hold across runs', async () => {
    // A ledger of its own that continues as new every 4 reservations; the client finds it by id.
    const queue = `${stack.taskQueue}-ledger`;
    const started = await stack.client.workflow.start(guardrailLedger, {
      workflowId: ledgerWorkflowId(queue),
      taskQueue: stack.taskQueue,
      args: [genesisSnapshot(Date.now()), { updatesPerRun: 4 }],
    });
    const first = stack.client.workflow.getHandle(started.workflowId, started.firstExecutionRunId);
    const ledger = createTemporalLedger(stack.client, queue);
    const cap: Cap = { scope: 'globalHour', action: '*', limit: 7, rule: 'limits.*.perHour' };
    const reserve = (key: string, workflowId = 'run-a') =>
      ledger.reserve({ key, workflowId, playbook: 'p', action: 'jumpcloud.user.suspend', caps: [cap] });
    const results = [];
    for (let i = 0; i < 12; i++) results.push(await reserve(`k${i}`, `run-${i % 3}`));
    expect(results.map((r) => r.granted)).toEqual([
      ...Array<boolean>(7).fill(true),
      ...Array<boolean>(5).fill(false),
    ]);
    expect(results[11]).toEqual({ granted: false, cap, count: 7 });
    // The first key, two hand-overs later, is still known: a retried write is not counted again.
    expect(await reserve('k0', 'run-0')).toEqual({ granted: true, repeated: true });
    expect((await first.describe()).status.name).toBe('CONTINUED_AS_NEW');
    let runs = 0;
    for await (const _ of stack.client.workflow.list({ query: `WorkflowId = '${ledgerWorkflowId(queue)}'` }))
      runs += 1;
    expect(runs).toBeGreaterThanOrEqual(4);
    await recordHistory('guardrail-ledger', first);
  });
});
