// Directory sync benchmark: a full sync of a large simulator directory (default 50k users, 2k user groups,
// 20k devices; no artificial latency) by a real `idflow worker` process on a real Temporal dev server,
// measuring wall time, the worker's peak RSS (its /proc high-water mark: the worker, its activities and the
// SQLite store; the simulator and this driver are other processes) and requests/s. Then a smaller directory against a simulator that
// rate-limits (BENCH_RATE_LIMIT req/s): requests/s achieved against that limit, and 429s seen.
// Run: npx tsx bench/sync.bench.ts  (or npm run bench -- sync)
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { DEFAULT_SIMULATOR_API_KEY } from '../src/simulator/index.js';
import { loadRules, BUILTIN_RULES_DIR } from '../src/sync/config/load.js';
import type { DirectorySyncInput, DirectorySyncResult } from '../src/sync/types.js';
import { startDevServer } from '../src/dev/temporal/devServer.js';

const USERS = Number(process.env.BENCH_USERS ?? 50_000);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 2_000);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 20_000);
const RATE_LIMIT = Number(process.env.BENCH_RATE_LIMIT ?? 500);
const CLI = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

/** Where the wall time goes: each activity type's summed run time (started → closed), from the history. */
async function phases(handle: WorkflowHandle): Promise<string> {
  const events = (await handle.fetchHistory()).events ?? [];
  const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
    Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;
  const typeOf = new Map<string, string>();
  const startedAt = new Map<string, number>();
  const total = new Map<string, number>();
  for (const e of events) {
    const id = String(e.eventId);
    const at = ms(e.eventTime);
    if (e.activityTaskScheduledEventAttributes)
      typeOf.set(id, e.activityTaskScheduledEventAttributes.activityType?.name ?? '?');
    const started = e.activityTaskStartedEventAttributes;
    if (started) startedAt.set(String(started.scheduledEventId), at);
    const closed = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes;
    if (closed) {
      const scheduled = String(closed.scheduledEventId);
      const type = (typeOf.get(scheduled) ?? '?').replace(/^idflow\.sync\./, '');
      total.set(type, (total.get(type) ?? 0) + at - (startedAt.get(scheduled) ?? at));
    }
  }
  return [...total].map(([type, t]) => `${type} ${(t / 1000).toFixed(1)} s`).join(', ');
}

interface SimProcess {
  url: string;
  child: ChildProcess;
}

async function startSimulatorProcess(args: string[]): Promise<SimProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'simulator', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /listening at (\S+)/.exec(line);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
  });
  return { url, child };
}

async function simulatorRequests(url: string): Promise<{ at: number; status: number }[]> {
  const res = await fetch(`${url}/__simulator/requests`, {
    headers: { 'x-api-key': DEFAULT_SIMULATOR_API_KEY },
  });
  return (await res.json()) as { at: number; status: number }[];
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MB`;
}

/** The worker's resident memory now and at its peak (Linux /proc: VmRSS and the high-water mark VmHWM). */
async function memoryOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string): number =>
    Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

async function startWorkerProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'worker'], {
    env: { ...process.env, IDFLOW_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes('worker started')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code})`)));
  });
  return child;
}

async function runSync(
  label: string,
  simArgs: string[],
  options: { requestsPerSecond?: number; bundlePath: string },
): Promise<void> {
  const started = Date.now();
  const sim = await startSimulatorProcess(simArgs);
  console.log(
    `${label}: simulator ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${simArgs.join(' ')})`,
  );
  const dir = await mkdtemp(join(tmpdir(), 'idflow-bench-sync-'));
  const server = await startDevServer();
  const clientConnection = await Connection.connect({ address: server.address });
  const client = new Client({ connection: clientConnection, namespace: server.namespace });
  const taskQueue = `bench-sync-${Date.now()}`;
  // The worker as deployed: `idflow worker` in a process of its own, configured by the environment, with a
  // pre-built workflow bundle. Its memory is read from /proc, so nothing of this process is counted.
  const worker = await startWorkerProcess({
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: server.namespace,
    IDFLOW_TASK_QUEUE: taskQueue,
    IDFLOW_WORKFLOW_BUNDLE: options.bundlePath,
    JUMPCLOUD_BASE_URL: sim.url,
    JUMPCLOUD_API_KEY: DEFAULT_SIMULATOR_API_KEY,
    IDFLOW_STORE: `sqlite:${join(dir, 'snapshots.sqlite')}`,
    ...(options.requestsPerSecond ? { IDFLOW_SYNC_RATE: String(options.requestsPerSecond) } : {}),
  });
  const { rules, playbooks } = loadRules([BUILTIN_RULES_DIR]);
  const input: DirectorySyncInput = { source: 'bench', scope: {}, rules, playbooks };

  const before = await memoryOf(worker.pid!);
  const t0 = Date.now();
  const handle = await client.workflow.start('directorySync', {
    args: [input],
    taskQueue,
    workflowId: `bench-${taskQueue}`,
  });
  const result = (await handle.result()) as DirectorySyncResult;
  const wallMs = Date.now() - t0;
  const after = await memoryOf(worker.pid!);

  const requests = await simulatorRequests(sim.url);
  const inWindow = requests.filter((r) => r.at >= t0 && r.at <= t0 + wallMs);
  const limited = inWindow.filter((r) => r.status === 429).length;
  const seconds = new Map<number, number>();
  for (const r of inWindow)
    seconds.set(Math.floor(r.at / 1000), (seconds.get(Math.floor(r.at / 1000)) ?? 0) + 1);
  const busiest = Math.max(0, ...seconds.values());
  console.log(
    `${label}: wall ${(wallMs / 1000).toFixed(1)} s; worker peak RSS ${mb(after.peak)} (${mb(before.rss)} idle before the sync, ${mb(after.rss)} after)`,
  );
  console.log(
    `${label}: ${inWindow.length} requests, ${(inWindow.length / (wallMs / 1000)).toFixed(0)} req/s average, busiest second ${busiest}` +
      (simArgs.includes('--rate-limit') ? `, ${limited} answered 429` : ''),
  );
  console.log(`${label}: phases ${await phases(handle)}`);
  console.log(`${label}: counts ${JSON.stringify(result.counts)}`);
  console.log(`${label}: findings ${result.findings.map((f) => `${f.rule} ${f.findings}`).join(', ')}`);

  worker.kill('SIGTERM');
  await once(worker, 'exit');
  await clientConnection.close();
  await server.stop();
  sim.child.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
}

export async function benchSync(): Promise<void> {
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
  );
  const dir = await mkdtemp(join(tmpdir(), 'idflow-bench-bundle-'));
  const bundlePath = join(dir, 'workflow-bundle.js');
  const bundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('../src/workflows/index.ts', import.meta.url)),
    logger: new DefaultLogger('WARN'),
  });
  await writeFile(bundlePath, bundle.code);
  await runSync(
    'full',
    ['--users', String(USERS), '--groups', String(GROUPS), '--devices', String(DEVICES)],
    {
      bundlePath,
    },
  );
  // Against a rate limit: the simulator answers 429 beyond RATE_LIMIT req/s; the worker paces itself to it.
  const small = [
    '--users',
    '5000',
    '--groups',
    '200',
    '--devices',
    '2000',
    '--rate-limit',
    String(RATE_LIMIT),
  ];
  await runSync(`limited ${RATE_LIMIT}/s, paced`, small, { bundlePath, requestsPerSecond: RATE_LIMIT });
  await runSync(`limited ${RATE_LIMIT}/s, unpaced`, small, { bundlePath });
  await rm(dir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSync();
