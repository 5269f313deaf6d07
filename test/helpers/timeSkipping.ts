// A time-skipping Temporal test server of a test file's own, for tests about timers. Timers keep their real
// durations (a 72 h approval timeout stays 72 h) and the server jumps over the idle time: while a client
// awaits a run's result, or explicitly with `env.sleep(…)`. Time is the server's, shared by every run on it
// and only ever moves forward (a finished run can leave it years ahead): compute dates from
// `env.currentTimeMs()`, never from this machine's clock, and keep tests in a file sequential.
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { inject } from 'vitest';
import { idflowSearchAttributes } from '../../src/workflows/definitions.js';
import type { RunResult } from '../../src/workflows/types.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** How long a step of a finished run took, on the server's clock (what time skipping moves). */
export function stepTook(result: RunResult, key: string): number {
  const step = result.steps.find((s) => s.key === key);
  return Date.parse(step?.endedAt ?? '') - Date.parse(step?.startedAt ?? '');
}

export async function startTimeSkipping(): Promise<TestWorkflowEnvironment> {
  const server = inject('timeSkippingServer');
  const create = (): Promise<TestWorkflowEnvironment> =>
    TestWorkflowEnvironment.createTimeSkipping({
      server: {
        executable:
          server.source === 'sdk-download'
            ? { type: 'cached-download' }
            : { type: 'existing-path', path: server.path },
      },
    });
  // The SDK gives the server 5 s to answer (it takes ~0.3 s); a machine busy enough to miss that once gets
  // a second try, as the dev server does.
  const env = await create().catch(() => create());
  // The dev server is started with idflow's search attributes; this one learns them like a cluster would.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.values(idflowSearchAttributes).map((key) => [
        key.name,
        encodeSearchAttributeIndexedValueType(key.type)!,
      ]),
    ),
  });
  return env;
}
