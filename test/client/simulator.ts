// One simulator per test file (started in beforeAll), and a way to read only the requests a test made.
import { afterAll, beforeAll } from 'vitest';
import { createJumpCloudClient, type JumpCloudClient } from '../../src/activities/jumpcloud/client.js';
import type { JumpCloudClientOptions } from '../../src/activities/jumpcloud/client.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { waitFor } from '../helpers/waitFor.js';

export interface SimulatorHandle {
  readonly sim: Simulator;
  /** A client pointed at the simulator; closed with it. */
  client(overrides?: Partial<JumpCloudClientOptions>): JumpCloudClient;
  /** Index into the request log: pass to `requestsSince` to see only what came after. */
  mark(): number;
  requestsSince(mark: number): ReturnType<Simulator['requests']>;
}

export function useSimulator(options: SimulatorOptions): SimulatorHandle {
  let sim: Simulator | undefined;
  const clients: JumpCloudClient[] = [];
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, ...options });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sim?.close();
  });
  const current = (): Simulator => {
    if (sim === undefined) throw new Error('simulator not started yet');
    return sim;
  };
  return {
    get sim() {
      return current();
    },
    client(overrides = {}) {
      const s = current();
      const c = createJumpCloudClient({ baseUrl: s.url, apiKey: s.apiKey, ...overrides });
      clients.push(c);
      return c;
    },
    mark: () => current().requests().length,
    requestsSince: (mark) => current().requests().slice(mark),
  };
}

/** Resolves once `check` holds, polling every few ms (for observing a request in flight). */
export async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  await waitFor(check, { timeoutMs, maxIntervalMs: 5 });
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Query parameters of a logged request path. */
export function queryOf(path: string): URLSearchParams {
  return new URL(path, 'http://x').searchParams;
}
