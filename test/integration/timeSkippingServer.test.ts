// The time-skipping test server the timer tests run on (test/helpers/timeSkipping.ts): the Java build,
// started through our launcher with the arguments the SDK passes, jumps over idle time instead of waiting
// for it, and knows idflow's search attributes.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { idflowSearchAttributes } from '../../src/workflows/definitions.js';
import { DAY, startTimeSkipping } from '../helpers/timeSkipping.js';

describe('the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await startTimeSkipping();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('is the one the setup found or built', () => {
    expect(inject('timeSkippingServer').source).not.toBe('sdk-download');
  });

  it('skips 30 days of idle server time on request', async () => {
    const before = await env.currentTimeMs();
    await env.sleep('30d');
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(30 * DAY);
  });

  it('has idflow search attributes registered: a run can be started with them', async () => {
    // The Java server does not implement listing them; an unknown one fails the start instead. Last in
    // the file: a run no worker ever picks up holds the server's clock (its workflow task locks time
    // skipping, and terminating the run does not release it).
    const handle = await env.client.workflow.start('noWorkerNeeded', {
      taskQueue: 'time-skipping-server-test',
      workflowId: 'search-attributes',
      typedSearchAttributes: Object.values(idflowSearchAttributes).map((key) => ({ key, value: 'x' })),
    });
    await handle.terminate('only the start mattered');
  });
});
