// One simulator, one JumpCloud client, one Temporal client and one worker (on a task queue of its own)
// for a test file, plus a helper to start a playbook from YAML text.
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createJumpCloudClient, type JumpCloudClient } from '../../src/activities/jumpcloud/client.js';
import { createSecretResolver } from '../../src/secrets/resolver.js';
import { inboxSecrets, startInbox, type Inbox } from '../../src/dev/inbox.js';
import { startRun, type StartedRun } from '../../src/client/runs.js';
import type { Plan } from '../../src/dsl/plan.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import type { Trigger } from '../../src/workflows/types.js';
import type { PayloadEncryption } from '../../src/codec/index.js';
import type { GlobalGuardrails } from '../../src/guardrails/policy.js';
import { compileOrThrow } from './playbooks.js';
import { connectClient, startWorker, uniqueTaskQueue, type RunningWorker } from './temporal.js';

export interface Stack {
  sim: Simulator;
  /** Chat messages the playbooks sent (CHAT_WEBHOOK_URL and IT_REQUESTS_WEBHOOK_URL point here). */
  inbox: Inbox;
  jc: JumpCloudClient;
  client: Client;
  taskQueue: string;
  worker: RunningWorker;
  /** Compiles `yaml` and starts it; the key defaults to a fresh one per call. */
  start(
    yaml: string | Plan,
    inputs: Record<string, unknown>,
    trigger?: Partial<Omit<Trigger, 'key'>>,
    key?: string,
    options?: { dryRun?: boolean },
  ): Promise<StartedRun>;
  /** Audit operations (e.g. 'usergroup.member.add') in order, with their target and group. */
  operations(): string[];
  close(): Promise<void>;
}

let keys = 0;

/** Options of a stack; all off unless a test asks (so the rest of the suite runs as before). */
export interface StackOptions {
  /** Worker and client encrypt payloads, and runs name their subject by pseudonym. */
  encryption?: PayloadEncryption;
  /** The operator's guardrails the worker enforces. @default the default policy */
  guardrails?: GlobalGuardrails;
  /**
   * Run on this time-skipping test server (test/helpers/timeSkipping.ts) instead of the suite's dev
   * server: awaiting a run's result skips over its timers. @default the dev server
   */
  timeSkipping?: TestWorkflowEnvironment;
}

export async function startStack(
  label: string,
  simOptions: SimulatorOptions = {},
  options: StackOptions = {},
): Promise<Stack> {
  const { timeSkipping, ...safety } = options;
  if (timeSkipping && safety.encryption) throw new Error('encryption is not wired for time-skipping stacks');
  const sim = await startSimulator({ port: 0, seed: 3, users: 40, ...simOptions });
  const jc = createJumpCloudClient({ baseUrl: sim.url, apiKey: sim.apiKey });
  const { client, close } = timeSkipping
    ? { client: timeSkipping.client, close: () => Promise.resolve() }
    : await connectClient(safety.encryption ? { encryption: safety.encryption } : {});
  const taskQueue = uniqueTaskQueue(label);
  const inbox = await startInbox();
  const worker = await startWorker(
    taskQueue,
    {
      jumpcloud: jc,
      secrets: createSecretResolver({ fileContent: JSON.stringify(inboxSecrets(inbox)) }),
      ...(safety.guardrails ? { guardrails: { policy: safety.guardrails } } : {}),
    },
    safety.encryption ? { encryption: safety.encryption } : {},
    timeSkipping,
  );
  return {
    sim,
    inbox,
    jc,
    client,
    taskQueue,
    worker,
    start(yaml, inputs, trigger = {}, key, options = {}) {
      const plan = typeof yaml === 'string' ? compileOrThrow(yaml) : yaml;
      return startRun(client, {
        plan,
        inputs,
        trigger: { kind: 'test', ...trigger },
        key: key ?? `${label}-${Date.now()}-${keys++}`,
        taskQueue,
        ...(options.dryRun ? { dryRun: true } : {}),
        ...(safety.encryption ? { subjects: safety.encryption } : {}),
      });
    },
    operations() {
      return sim.audit().map((a) => `${a.operation} ${a.path}`);
    },
    async close() {
      await worker.stop();
      await close();
      await jc.close();
      await inbox.close();
      await sim.close();
    },
  };
}
