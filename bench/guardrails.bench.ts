// What safety costs, on loopback against a real Temporal dev server, the simulator and a worker:
//   1. one ledger reservation (an Update-with-Start on the ledger workflow), one at a time and from 8
//      callers at once (they queue per process);
//   2. a mutation with a cap vs without: a forEach of BENCH_MUTATIONS (60) suspensions, one at a time;
//   3. the payload codec: encode + decode of a 2 KiB payload (AES-256-GCM).
// Run: npx tsx bench/guardrails.bench.ts (or `npm run bench guardrails`)
import { mkdtemp, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createJumpCloudClient } from '../src/activities/jumpcloud/client.js';
import { startRun } from '../src/client/runs.js';
import { keyring, payloadEncryption } from '../src/codec/index.js';
import { compilePlaybook } from '../src/dsl/index.js';
import { createTemporalLedger } from '../src/activities/guardrails/ledgerClient.js';
import { FIXTURE_USERS, startSimulator } from '../src/simulator/index.js';
import { startDevServer } from '../src/dev/temporal/devServer.js';
import { createIdflowWorker } from '../src/worker/createWorker.js';
import { machine } from './measure.js';

const MUTATIONS = Number(process.env.BENCH_MUTATIONS ?? 60);
const RESERVATIONS = Number(process.env.BENCH_RESERVATIONS ?? 300);

const playbook = (name: string, cap: boolean): string => `apiVersion: idflow/v1
kind: Playbook
name: ${name}
inputs:
  emails: { type: array, items: { type: string } }
${cap ? `guardrails:\n  limits:\n    jumpcloud.user.suspend: { perRun: 100000, perHour: 100000 }\n` : ''}steps:
  - id: each
    forEach:
      items: \${{ inputs.emails }}
      steps:
        - id: user
          uses: jumpcloud.user.find
          with: { email: '\${{ item }}' }
        - id: suspend
          uses: jumpcloud.user.suspend
          with: { userId: '\${{ steps.user.output.id }}' }
`;

function stats(label: string, ms: number[]): void {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  console.log(
    `${label.padEnd(52)} n=${String(ms.length).padStart(4)}  p50 ${q(0.5).toFixed(1).padStart(6)} ms  p95 ${q(0.95).toFixed(1).padStart(6)} ms`,
  );
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  console.log(`machine: ${machine()}`);
  const server = await startDevServer();
  const bundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('../src/workflows/index.ts', import.meta.url)),
    logger: {
      log: () => undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: console.error,
    },
  });
  const dir = await mkdtemp(join(tmpdir(), 'idflow-bench-'));
  await writeFile(join(dir, 'bundle.js'), bundle.code);
  const sim = await startSimulator({ port: 0, seed: 9, users: MUTATIONS * 2 + 40 });
  const jumpcloud = createJumpCloudClient({ baseUrl: sim.url, apiKey: sim.apiKey });
  const native = await NativeConnection.connect({ address: server.address });
  const taskQueue = 'bench-guardrails';
  const worker = await createIdflowWorker({
    connection: native,
    taskQueue,
    workflowBundle: { codePath: join(dir, 'bundle.js') },
    deps: { jumpcloud },
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  try {
    const ledger = createTemporalLedger(client, taskQueue);
    const caps = [{ scope: 'globalHour' as const, action: '*', limit: 1_000_000, rule: 'bench' }];
    await ledger.reserve({ key: 'warm-up', workflowId: 'bench', playbook: 'bench', action: 'x', caps });
    const one: number[] = [];
    for (let i = 0; i < RESERVATIONS; i++) {
      const t = performance.now();
      await ledger.reserve({ key: `seq-${i}`, workflowId: 'bench', playbook: 'bench', action: 'x', caps });
      one.push(performance.now() - t);
    }
    stats('ledger reservation, one at a time', one);
    const eight: number[] = [];
    const wall = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async (_, c) => {
        for (let i = 0; i < RESERVATIONS / 8; i++) {
          const t = performance.now();
          await ledger.reserve({
            key: `par-${c}-${i}`,
            workflowId: 'bench',
            playbook: 'bench',
            action: 'x',
            caps,
          });
          eight.push(performance.now() - t);
        }
      }),
    );
    stats('ledger reservation, 8 callers (queued per process)', eight);
    console.log(
      `${'  throughput'.padEnd(52)} ${((eight.length / (performance.now() - wall)) * 1000).toFixed(0)} reservations/s`,
    );

    const fixtures = new Set(Object.values(FIXTURE_USERS).map((f) => f.email));
    const people = sim.directory
      .users()
      .filter((u) => u.state === 'ACTIVATED' && !fixtures.has(u.email))
      .map((u) => u.email);
    for (const [name, cap, emails] of [
      ['no-cap', false, people.slice(0, MUTATIONS)],
      ['cap', true, people.slice(MUTATIONS, 2 * MUTATIONS)],
    ] as const) {
      const compiled = compilePlaybook(playbook(`bench-${name}`, cap), `${name}.yaml`);
      if (!compiled.ok) throw new Error('bench playbook does not compile');
      const t = performance.now();
      const run = await startRun(client, {
        plan: compiled.plan,
        inputs: { emails: [...emails] },
        trigger: { kind: 'test' },
        taskQueue,
      });
      await run.handle.result();
      const per = (performance.now() - t) / emails.length;
      console.log(
        `${`find + suspend, ${cap ? 'with' : 'without'} a cap`.padEnd(52)} ${per.toFixed(1).padStart(6)} ms per item (${emails.length} items, sequential)`,
      );
    }

    const enc = payloadEncryption(keyring([{ id: 'bench', key: randomBytes(32) }]));
    const payload = defaultPayloadConverter.toPayload({ text: 'x'.repeat(2048) });
    const codec: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = performance.now();
      await enc.codec.decode(await enc.codec.encode([payload]));
      codec.push(performance.now() - t);
    }
    stats('codec encode + decode, 2 KiB payload', codec);
  } finally {
    worker.shutdown();
    await running;
    await native.close();
    await connection.close();
    await jumpcloud.close();
    await sim.close();
    await server.stop();
  }
}

await main();
