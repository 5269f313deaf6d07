// The benchmark's workflow bundle: idflow's interpreter next to a hand-written workflow doing the same
// ten activity calls, so both run on the same server, worker and activities.
import { proxyActivities } from '@temporalio/workflow';

export { runPlaybook } from '../../src/workflows/runPlaybook.js';

const { 'bench.noop': noop } = proxyActivities<{ 'bench.noop': (input: unknown) => Promise<unknown> }>({
  startToCloseTimeout: 60_000,
  heartbeatTimeout: 60_000,
  retry: { maximumAttempts: 3, initialInterval: 1_000, backoffCoefficient: 2, maximumInterval: 60_000 },
});

export async function handWritten(steps: number): Promise<unknown[]> {
  const outputs: unknown[] = [];
  for (let i = 0; i < steps; i++) outputs.push(await noop({ step: i }));
  return outputs;
}
