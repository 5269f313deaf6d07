// The guardrail ledger cannot be reset (issue 14, item 3). The attack: cancel the ledger, then terminate it,
// and the next reservation used to start an empty one — every hourly and per-run count back at zero. Now
// a cancel request is ignored (the counts stay), a terminated ledger is never started anew, a ledger started
// by hand without counts refuses every capped write, and `idflow ledger reseed` rebuilds the window's counts
// from the audit: the old ledger's last state, raised to what Directory Insights recorded.
import { WorkflowFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ledgerCounts, ledgerReport } from '../../src/client/ledger.js';
import { GUARDRAIL_FAILURE_TYPE } from '../../src/guardrails/violation.js';
import { SIMULATOR_ADMIN } from '../../src/simulator/index.js';
import { guardrailLedger, ledgerStatusQuery, ledgerWorkflowId } from '../../src/workflows/guardrailLedger.js';
import { HOUR_MS } from '../../src/workflows/ledger.js';
import { runIdflow, temporalEnv } from '../helpers/cli.js';
import { recordHistory } from '../helpers/histories.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { SUSPEND_ONE, bystanders, suspensions as countSuspensions } from '../guardrails/people.js';

const RESTARTED = 'the guardrail ledger was restarted; an operator must re-seed it: idflow ledger reseed';

describe('the ledger cannot be reset', () => {
  let stack: Stack;
  let people: string[];
  let next = 0;
  const suspensions = () => countSuspensions(stack.sim);
  const ledger = () => stack.client.workflow.getHandle(ledgerWorkflowId(stack.taskQueue));
  const cli = (...args: string[]) =>
    runIdflow(['ledger', ...args], {
      ...temporalEnv(stack.taskQueue),
      JUMPCLOUD_API_KEY: stack.sim.apiKey,
      JUMPCLOUD_BASE_URL: stack.sim.url,
    });

  /** Suspends the next person: undefined when it did, the refusal's message when a guardrail refused. */
  async function suspendNext(): Promise<string | undefined> {
    const run = await stack.start(SUSPEND_ONE, { email: people[next++] });
    const err = await run.handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    if (err === undefined) return undefined;
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const cause = (err as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe(GUARDRAIL_FAILURE_TYPE);
    return cause.message;
  }

  beforeAll(async () => {
    stack = await startStack(
      'ledger-reset',
      {},
      { guardrails: { origin: 'config', limits: { 'jumpcloud.user.suspend': { perHour: 3 } } } },
    );
    people = bystanders(stack.sim);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('ignores cancellation, refuses once terminated (and when started by hand), until re-seeded from the audit', async () => {
    expect((await cli('status')).stdout).toContain('no ledger yet');
    for (let i = 0; i < 3; i++) expect(await suspendNext()).toBeUndefined();
    expect(await suspendNext()).toMatch(/perHour \(config\) \(limit 3, count 3\)/);

    // Cancelled: the request is noted and ignored; the counts stay.
    await ledger().cancel();
    await vi.waitFor(async () =>
      expect((await ledger().query(ledgerStatusQuery)).cancelRequestsIgnored).toBe(1),
    );
    expect((await ledger().describe()).status.name).toBe('RUNNING');
    expect(await suspendNext()).toMatch(/perHour \(config\) \(limit 3, count 3\)/);

    // Terminated: the next capped write is refused, not counted from zero; nothing more is suspended.
    const cancelled = stack.client.workflow.getHandle(ledger().workflowId, (await ledger().describe()).runId);
    await ledger().terminate('attack');
    await recordHistory('guardrail-ledger-cancel-ignored', cancelled);
    expect(await suspendNext()).toContain(`guardrail ledger (restarted): ${RESTARTED}`);
    const status = await cli('status');
    expect(status.code).toBe(3);
    expect(status.stdout).toContain('TERMINATED');

    // Started again by hand, as `temporal workflow start` would: with no counts, it refuses too.
    await stack.client.workflow.start(guardrailLedger, {
      workflowId: ledgerWorkflowId(stack.taskQueue),
      taskQueue: stack.taskQueue,
      args: [],
    });
    expect(await suspendNext()).toContain(RESTARTED);
    expect((await cli('status')).stdout).toContain('RESTARTED without its counts');
    expect(suspensions()).toBe(3);

    // Meanwhile someone suspends a person with the same key, by hand: the old ledger never saw it, JumpCloud did.
    const byHand = stack.sim.directory.findUserByEmail(people[next++] ?? '');
    await stack.jc.request({ method: 'POST', path: `/api/systemusers/${byHand?._id ?? ''}/state/suspend` });
    const audited = stack.sim
      .events()
      .filter(
        (e) =>
          e.event_type === 'user_suspended' &&
          e.initiated_by.email === SIMULATOR_ADMIN.email &&
          Date.now() - Date.parse(e.timestamp) < HOUR_MS,
      ).length;
    expect(audited).toBe(4);

    const reseed = await cli('reseed', '--initiated-by', SIMULATOR_ADMIN.email);
    expect(reseed.stderr).toBe('');
    expect(reseed.code).toBe(0);
    expect(reseed.stdout).toMatch(/the old ledger's last state \(run [\w-]+, TERMINATED\)/);
    expect(reseed.stdout).toContain(
      'Directory Insights: 4 mutation(s) in the last hour by the admin given (--initiated-by)',
    );

    // The window's counts are what the audit says: 4 suspensions in the hour (3 from the old ledger's state,
    // raised by the one JumpCloud recorded besides), and the three runs' own counts are back.
    const report = await ledgerReport(stack.client, stack.taskQueue);
    expect(report.status?.seeded).toBe(true);
    const counts = ledgerCounts(
      report.status?.state ?? { version: 1, keys: {}, hourly: {}, runs: {}, dryRuns: {} },
      Date.now(),
    );
    expect(counts.global['jumpcloud.user.suspend']).toBe(4);
    expect(counts.playbooks['suspend-one']?.['jumpcloud.user.suspend']).toBe(3);
    expect(counts.runs).toBe(3);
    expect(await suspendNext()).toMatch(/perHour \(config\) \(limit 3, count 4\)/);
    expect(suspensions()).toBe(4);

    await recordHistory('guardrail-ledger-reseeded', ledger());

    // A ledger with its counts is never re-seeded (that would be a reset by another name).
    const again = await cli('reseed', '--without-insights');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('is running with its counts');
  });
});
