// Interpreter overhead: a 10-step playbook of no-op activities against a hand-written Temporal workflow
// doing the same ten activities — same dev server, same worker, runs alternating so that both see the
// same machine conditions. Reports the per-pair wall-time ratio and each side's throughput.
import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { PLAN_FORMAT_VERSION, type ActionStep, type Plan } from '../src/dsl/plan.js';
import { startDevServer } from '../src/dev/temporal/devServer.js';

const STEPS = 10;
const PAIRS = Number(process.env.BENCH_PAIRS ?? 40);
const BATCH = Number(process.env.BENCH_BATCH ?? 50);

function noopPlan(): Plan {
  const steps: ActionStep[] = Array.from({ length: STEPS }, (_, i) => ({
    kind: 'action',
    id: `s${i}`,
    at: { line: i + 1, column: 1 },
    onError: { kind: 'fail' },
    action: 'bench.noop',
    with: { kind: 'literal', value: { step: i } },
    timeoutMs: 60_000,
    retry: { maxAttempts: 3, initialIntervalMs: 1_000, backoff: 2, maxIntervalMs: 60_000 },
  }));
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    name: 'bench-noop',
    source: 'bench',
    hash: 'bench',
    inputs: { type: 'object' },
    onFailure: 'fail',
    steps,
    outputs: {},
  };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

export async function benchInterpreter(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
  );
  const server = await startDevServer();
  const bundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./workflows/index.ts', import.meta.url)),
    logger: new DefaultLogger('WARN'),
  });
  const taskQueue = `bench-${randomUUID().slice(0, 8)}`;
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: { 'bench.noop': (input: unknown) => Promise.resolve(input) },
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const plan = noopPlan();

  const runPlaybook = async (): Promise<number> => {
    const t = performance.now();
    await client.workflow.execute('runPlaybook', {
      taskQueue,
      workflowId: `bench-playbook-${randomUUID()}`,
      args: [{ plan, inputs: {}, subject: '-', trigger: { kind: 'test', key: 'bench' } }],
    });
    return performance.now() - t;
  };
  const runHandWritten = async (): Promise<number> => {
    const t = performance.now();
    await client.workflow.execute('handWritten', {
      taskQueue,
      workflowId: `bench-hand-${randomUUID()}`,
      args: [STEPS],
    });
    return performance.now() - t;
  };

  try {
    for (let i = 0; i < 5; i++) await Promise.all([runPlaybook(), runHandWritten()]); // warm-up
    const ratios: number[] = [];
    const playbookMs: number[] = [];
    const handMs: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      // Alternate which goes first so neither side always gets the warmer worker.
      let p: number;
      let h: number;
      if (i % 2 === 0) {
        p = await runPlaybook();
        h = await runHandWritten();
      } else {
        h = await runHandWritten();
        p = await runPlaybook();
      }
      playbookMs.push(p);
      handMs.push(h);
      ratios.push(p / h);
    }
    const sortedRatios = [...ratios].sort((a, b) => a - b);
    const median = (xs: number[]) =>
      quantile(
        [...xs].sort((a, b) => a - b),
        0.5,
      );
    console.log(`\ninterpreter vs hand-written, ${STEPS} no-op activities, ${PAIRS} sequential pairs:`);
    console.log(
      `  wall per run (median): playbook ${median(playbookMs).toFixed(1)} ms, hand-written ${median(handMs).toFixed(1)} ms`,
    );
    console.log(
      `  ratio playbook/hand-written per pair: median ${quantile(sortedRatios, 0.5).toFixed(3)}×, p10 ${quantile(sortedRatios, 0.1).toFixed(3)}×, p90 ${quantile(sortedRatios, 0.9).toFixed(3)}×`,
    );

    const throughput = async (fn: () => Promise<number>): Promise<number> => {
      const t = performance.now();
      await Promise.all(Array.from({ length: BATCH }, fn));
      return (BATCH / (performance.now() - t)) * 1000;
    };
    const rates: { playbook: number[]; hand: number[] } = { playbook: [], hand: [] };
    for (let i = 0; i < 3; i++) {
      rates.playbook.push(await throughput(runPlaybook));
      rates.hand.push(await throughput(runHandWritten));
    }
    const mp = median(rates.playbook);
    const mh = median(rates.hand);
    console.log(
      `  throughput, ${BATCH} concurrent runs (median of 3 alternating batches): playbook ${mp.toFixed(1)} runs/s, hand-written ${mh.toFixed(1)} runs/s (time ratio playbook/hand-written ${(mh / mp).toFixed(3)}×)`,
    );
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
    await nativeConnection.close();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchInterpreter();
