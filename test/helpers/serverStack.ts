// A real `idflow server` (in this process, on a loopback port) in front of the suite's Temporal dev server
// (or a time-skipping test server),
// with the simulator and a worker from test/helpers/stack.ts; its log lines are kept for assertions.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { listRuns } from '../../src/client/list.js';
import { buildServer, type IdflowServer } from '../../src/server/app.js';
import { loadServerConfig } from '../../src/server/config.js';
import { startStack, type Stack } from './stack.js';
import { waitFor } from './waitFor.js';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { SimulatorOptions } from '../../src/simulator/index.js';

export const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/server/', import.meta.url));

export interface ServerStack {
  stack: Stack;
  server: IdflowServer;
  url: string;
  /** Every JSON log line the server wrote. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * `configYaml` is the server config; `env` holds its secrets. The server starts runs on the stack's task
 * queue, so the stack's worker runs them.
 */
export async function startServerStack(
  label: string,
  configYaml: string,
  env: Record<string, string>,
  options: {
    now?: () => number;
    simulator?: SimulatorOptions;
    /** Run on this time-skipping test server instead of the suite's dev server. */
    timeSkipping?: TestWorkflowEnvironment;
  } = {},
): Promise<ServerStack> {
  const { simulator, timeSkipping, ...serverOptions } = options;
  const stack = await startStack(label, simulator, timeSkipping ? { timeSkipping } : {});
  const dir = await mkdtemp(join(tmpdir(), `idflow-server-${label}-`));
  const configPath = join(dir, 'server.yaml');
  await writeFile(configPath, configYaml);
  const config = await loadServerConfig({ env, configPath, host: '127.0.0.1', port: 0 });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino({ level: 'trace', name: 'idflow-server' }, sink);
  const server = buildServer({
    config,
    client: stack.client,
    logger,
    taskQueue: stack.taskQueue,
    ...serverOptions,
  });
  const url = await server.listen();
  return {
    stack,
    server,
    url,
    logs,
    async close() {
      await server.close();
      await stack.close();
    },
  };
}

/** Runs of a playbook about a subject, as Temporal visibility (the search attributes) lists them. */
export async function countRuns(client: Client, playbook: string, subject: string): Promise<number> {
  return (await listRuns(client, { playbook, subject, limit: 100 })).length;
}

/** Waits until visibility lists `n` runs (it lags the start by a little). */
export async function waitForRunCount(
  client: Client,
  playbook: string,
  subject: string,
  n: number,
): Promise<void> {
  await waitFor(async () => (await countRuns(client, playbook, subject)) === n, {
    what: `${n} runs of ${playbook} for ${subject} listed`,
  });
}

export async function request(
  url: string,
  init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: Record<string, unknown>; text: string; headers: Headers }> {
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    ...(init.body !== undefined ? { body: init.body } : {}),
    headers: init.headers ?? {},
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // an HTML page or plain text
  }
  return { status: res.status, json, text, headers: res.headers };
}
