// Activity tests call the implementations directly (no Temporal worker: these are the activities' own
// contracts) against a real simulator, one per test file, and read its audit to count mutations.
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, expect } from 'vitest';
import { createActivities, type ActivityDeps, type IdflowActivities } from '../../src/activities/index.js';
import { createJumpCloudClient, type JumpCloudClient } from '../../src/activities/jumpcloud/client.js';
import {
  FIXTURE_USERS,
  startSimulator,
  type AuditEntry,
  type SimSystem,
  type SimUser,
  type Simulator,
  type SimulatorOptions,
} from '../../src/simulator/index.js';

export interface ActivityHarness {
  readonly sim: Simulator;
  readonly client: JumpCloudClient;
  readonly acts: IdflowActivities;
  /**
   * Calls an activity as the worker would, with arguments as a playbook gives them: defaults left out
   * (the argument check fills them), and deliberately wrong ones for the validation tests.
   */
  run<N extends keyof IdflowActivities>(name: N, input: unknown): ReturnType<IdflowActivities[N]>;
  /** A fixture user's live record. */
  user(key: keyof typeof FIXTURE_USERS): SimUser;
  system(hostname: string): SimSystem;
  /** Audit position now; pass to `auditSince`. */
  mark(): number;
  auditSince(mark: number): AuditEntry[];
}

export function useActivities(
  options: SimulatorOptions = {},
  deps: Omit<ActivityDeps, 'jumpcloud'> = {},
): ActivityHarness {
  let sim: Simulator | undefined;
  let client: JumpCloudClient | undefined;
  let acts: IdflowActivities | undefined;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 11, users: 40, ...options });
    client = createJumpCloudClient({ baseUrl: sim.url, apiKey: sim.apiKey });
    acts = createActivities({ jumpcloud: client, ...deps });
  });
  afterAll(async () => {
    await client?.close();
    await sim?.close();
  });
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('harness not started yet');
    return value;
  };
  return {
    get sim() {
      return need(sim);
    },
    get client() {
      return need(client);
    },
    get acts() {
      return need(acts);
    },
    run(name, input) {
      const activity = need(acts)[name] as (input: unknown) => ReturnType<IdflowActivities[typeof name]>;
      return activity(input);
    },
    user(key) {
      const found = need(sim).directory.findUserByUsername(FIXTURE_USERS[key].username);
      if (!found) throw new Error(`fixture ${key} missing`);
      return found;
    },
    system(hostname) {
      const found = need(sim).directory.inventory.systemByHostname(hostname);
      if (!found) throw new Error(`fixture device ${hostname} missing`);
      return found;
    },
    mark: () => need(sim).audit().length,
    auditSince: (mark) => need(sim).audit().slice(mark),
  };
}

/** The ApplicationFailure a call rejects with (fails the test if it resolves or throws something else). */
export async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const outcome = await promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(ApplicationFailure);
  return outcome.error as ApplicationFailure;
}

/** Asserts a non-retryable failure of the given type. */
export async function expectNonRetryable(
  promise: Promise<unknown>,
  type: string,
): Promise<ApplicationFailure> {
  const failure = await failureOf(promise);
  expect({ type: failure.type, nonRetryable: failure.nonRetryable }).toEqual({ type, nonRetryable: true });
  return failure;
}

export const MISSING_ID = '0123456789abcdef01234567';
