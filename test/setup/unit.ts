// Runs before every unit-tier test file. The unit tier has no Temporal server (no globalSetup starts one,
// and `npm run test:unit` must pass on a machine without the Temporal CLI), so anything that tries to start
// or reach one fails at once with the reason, instead of hanging on a connection or downloading a server.
// The mocks are lazy: a unit test that never imports the Temporal SDK does not pay for loading it.
import type * as TemporalClient from '@temporalio/client';
import type * as TemporalTesting from '@temporalio/testing';
import type * as TemporalWorker from '@temporalio/worker';
import { vi } from 'vitest';

const UNIT_TIER_REFUSAL =
  'the unit tier has no Temporal server: a test that needs one belongs in test/integration (in process) or test/e2e (spawned idflow processes)';

function refuse(what: string): () => Promise<never> {
  return () => Promise.reject(new Error(`${what}: ${UNIT_TIER_REFUSAL}`));
}

vi.mock('@temporalio/testing', async (importOriginal) => {
  const sdk = await importOriginal<typeof TemporalTesting>();
  class TestWorkflowEnvironment {
    static createLocal = refuse('TestWorkflowEnvironment.createLocal');
    static createTimeSkipping = refuse('TestWorkflowEnvironment.createTimeSkipping');
    static createFromExistingServer = refuse('TestWorkflowEnvironment.createFromExistingServer');
  }
  return { ...sdk, TestWorkflowEnvironment };
});

vi.mock('@temporalio/client', async (importOriginal) => {
  const sdk = await importOriginal<typeof TemporalClient>();
  class Connection extends sdk.Connection {
    static override connect = refuse('Connection.connect');
    static override lazy = (): never => {
      throw new Error(`Connection.lazy: ${UNIT_TIER_REFUSAL}`);
    };
  }
  return { ...sdk, Connection };
});

vi.mock('@temporalio/worker', async (importOriginal) => {
  const sdk = await importOriginal<typeof TemporalWorker>();
  class NativeConnection extends sdk.NativeConnection {
    static override connect = refuse('NativeConnection.connect');
  }
  return { ...sdk, NativeConnection };
});

// `idflow` processes a unit test might spawn find the Temporal CLI through this variable first; pointing it
// at nothing makes `idflow dev` or `demo` fail at once, naming the variable, rather than start a server.
process.env.TEMPORAL_CLI_PATH = '/nonexistent/unit-tier-has-no-temporal';
