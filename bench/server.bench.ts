// HTTP server benchmarks, on loopback against a real Temporal dev server and worker (not a test):
//   1. approve through a link: POST /approve/:token → the Workflow Update answered → the page, latency
//      p50/p95/p99 over BENCH_APPROVALS (500) approvals, one at a time;
//   2. webhook ingestion with signature checks: signed events that each start a run, BENCH_EVENTS (1000) at
//      BENCH_CONCURRENCY (16) in flight; then the same events re-delivered (signature + look-up, nothing
//      started) and forged (signature check only, 401).
// Run: npx tsx bench/server.bench.ts
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { pino } from 'pino';
import { createJumpCloudClient } from '../src/activities/jumpcloud/client.js';
import { startRun, waitForState } from '../src/client/runs.js';
import { mintApprovalLinks } from '../src/trust/links.js';
import { buildServer } from '../src/server/app.js';
import { loadServerConfig } from '../src/server/config.js';
import { PRESETS } from '../src/server/presets.js';
import { signRequest } from '../src/server/signature.js';
import { startSimulator } from '../src/simulator/index.js';
import { startDevServer } from '../src/dev/temporal/devServer.js';
import { createIdflowWorker } from '../src/worker/createWorker.js';

const APPROVALS = Number(process.env.BENCH_APPROVALS ?? 500);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SECRET = 'bench-webhook-secret-0123456789abcdef';
const LINK_KEY = 'bench-link-signing-key-0123456789abcdef0123';

// The smallest playbooks that exercise the paths measured: one approval (no activity), one wait.
const APPROVAL_PLAYBOOK = `
apiVersion: idflow/v1
kind: Playbook
name: bench-approval
inputs:
  email: { type: string, format: email }
  approver: { type: string, format: email }
subject: \${{ inputs.email }}
steps:
  - id: approval
    approval:
      title: 'Bench approval for \${{ inputs.email }}'
      approvers: ['\${{ inputs.approver }}']
      timeout: 1h
      onTimeout: reject
`;
const HIRE_PLAYBOOK = `
apiVersion: idflow/v1
kind: Playbook
name: bench-hire
inputs:
  email: { type: string, format: email }
  startDate: { type: string }
subject: \${{ inputs.email }}
steps:
  - id: start
    wait: { for: 1h }
`;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

function summary(label: string, ms: number[], wallMs: number): void {
  const s = [...ms].sort((a, b) => a - b);
  const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
  console.log(
    `${label.padEnd(58)} n=${String(ms.length).padStart(4)}  p50 ${quantile(s, 0.5).toFixed(1).padStart(6)} ms  p95 ${quantile(s, 0.95).toFixed(1).padStart(6)} ms  p99 ${quantile(s, 0.99).toFixed(1).padStart(6)} ms  mean ${mean.toFixed(1).padStart(6)} ms  ${((ms.length / wallMs) * 1000).toFixed(0).padStart(5)}/s`,
  );
}

/** Runs `task(i)` for i < n with at most `limit` in flight; returns each one's latency. */
async function pooled(
  n: number,
  limit: number,
  task: (i: number) => Promise<void>,
): Promise<{ ms: number[]; wallMs: number }> {
  const ms: number[] = new Array<number>(n);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      for (let i = next++; i < n; i = next++) {
        const t = performance.now();
        await task(i);
        ms[i] = performance.now() - t;
      }
    }),
  );
  return { ms, wallMs: performance.now() - t0 };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
  );
  const dev = await startDevServer();
  const bundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('../src/workflows/index.ts', import.meta.url)),
    logger: new DefaultLogger('WARN'),
  });
  const sim = await startSimulator({ port: 0, seed: 1, users: 30 });
  const jumpcloud = createJumpCloudClient({ baseUrl: sim.url, apiKey: sim.apiKey });
  const taskQueue = `bench-server-${randomUUID().slice(0, 8)}`;
  const native = await NativeConnection.connect({ address: dev.address });
  const worker = await createIdflowWorker({
    connection: native,
    taskQueue,
    workflowBundle: bundle,
    deps: { jumpcloud },
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: dev.address });
  const client = new Client({ connection });

  const dir = await mkdtemp(join(tmpdir(), 'idflow-bench-server-'));
  await writeFile(join(dir, 'approval.yaml'), APPROVAL_PLAYBOOK);
  await writeFile(join(dir, 'hire.yaml'), HIRE_PLAYBOOK);
  await writeFile(
    join(dir, 'server.yaml'),
    `playbooks: [approval.yaml]
approvals: { signingKey: LINK_KEY, ttl: 1h }
webhooks:
  hris:
    preset: generic
    secret: HRIS_SECRET
    events:
      - playbook: hire.yaml
        key: \${{ event.id }}
        inputs: { email: '\${{ event.data.email }}', startDate: '\${{ event.data.startDate }}' }
`,
  );
  const config = await loadServerConfig({
    env: { HRIS_SECRET: SECRET, LINK_KEY },
    configPath: join(dir, 'server.yaml'),
    host: '127.0.0.1',
    port: 0,
  });
  const server = buildServer({ config, client, logger: pino({ level: 'error' }), taskQueue });
  const base = await server.listen();
  console.log(`server ${base}, Temporal dev server ${dev.address}, worker on ${taskQueue}\n`);

  try {
    // 1. Approvals: park APPROVALS runs on an approval, then approve each through its link.
    const plan = config.playbooks.get('bench-approval');
    if (!plan) throw new Error('bench playbook missing');
    const approver = 'approver@example.com';
    const prep = performance.now();
    const ids: string[] = new Array<string>(APPROVALS).fill('');
    await pooled(APPROVALS, 32, async (i) => {
      const { workflowId } = await startRun(client, {
        plan,
        inputs: { email: `user${i}@example.com`, approver },
        trigger: { kind: 'test' },
        key: randomUUID().slice(0, 8),
        taskQueue,
      });
      await waitForState(client, workflowId, (s) => s.approvals.some((a) => a.status === 'pending'), 120_000);
      ids[i] = workflowId;
    });
    console.log(
      `(${APPROVALS} runs parked on an approval in ${((performance.now() - prep) / 1000).toFixed(1)} s)`,
    );
    const links = ids.map((workflowId) => {
      const [link] = mintApprovalLinks({
        baseUrl: base,
        key: LINK_KEY,
        workflowId,
        stepId: 'approval',
        approvers: [approver],
        ttlMs: 3_600_000,
      });
      if (!link) throw new Error('no link');
      return link.url;
    });
    const approve = async (i: number): Promise<void> => {
      const res = await fetch(links[i] ?? '', {
        method: 'POST',
        body: 'decision=approve',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      const text = await res.text();
      if (res.status !== 200 || !text.includes('You approved'))
        throw new Error(`approval ${i}: ${res.status}`);
    };
    await approve(0); // warm-up (not counted)
    const approvals = await pooled(APPROVALS - 1, 1, (i) => approve(i + 1));
    summary('POST /approve/:token → Update answered (sequential)', approvals.ms, approvals.wallMs);

    // 2. Webhooks: signed events that each start a run; then re-delivered; then forged.
    const bodies = Array.from({ length: EVENTS }, (_, i) =>
      JSON.stringify({
        id: `evt-${randomUUID()}`,
        type: 'employee.hired',
        data: { email: `hire${i}@example.com`, startDate: '2099-01-01' },
      }),
    );
    const deliver = (body: string, secret: string, expect: number) => async (): Promise<void> => {
      const ts = String(Math.floor(Date.now() / 1000));
      const res = await fetch(`${base}/hooks/hris`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          ...signRequest(PRESETS.generic.scheme, secret, body, ts),
        },
      });
      await res.arrayBuffer();
      if (res.status !== expect) throw new Error(`webhook: ${res.status}, expected ${expect}`);
    };
    const started = await pooled(EVENTS, CONCURRENCY, (i) => deliver(bodies[i] ?? '', SECRET, 202)());
    summary(`webhook → run started (${CONCURRENCY} in flight)`, started.ms, started.wallMs);
    const again = await pooled(EVENTS, CONCURRENCY, (i) => deliver(bodies[i] ?? '', SECRET, 200)());
    summary(
      `webhook re-delivered → same run, nothing started (${CONCURRENCY} in flight)`,
      again.ms,
      again.wallMs,
    );
    const forged = await pooled(EVENTS, CONCURRENCY, (i) =>
      deliver(bodies[i] ?? '', `${SECRET}-forged`, 401)(),
    );
    summary(
      `webhook forged → 401, signature check only (${CONCURRENCY} in flight)`,
      forged.ms,
      forged.wallMs,
    );
  } finally {
    await server.close();
    worker.shutdown();
    await running;
    await connection.close();
    await native.close();
    await jumpcloud.close();
    await sim.close();
    await dev.stop();
  }
}

await main();
