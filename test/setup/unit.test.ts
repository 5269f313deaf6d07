// The unit tier's guard (unit.ts) fires: starting a Temporal server, test or dev, or connecting to one,
// fails at once with the reason, whether a test calls the SDK or goes through idflow's own code.
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { resolveTemporalCli } from '../../src/dev/temporal/cliBinary.js';
import { startDevServer } from '../../src/dev/temporal/devServer.js';

// Not imported from unit.ts: importing it here would install the guard itself and prove nothing.
const UNIT_TIER_REFUSAL = /the unit tier has no Temporal server/;

describe('the unit tier', () => {
  it('has no Temporal server of the suite', () => {
    expect(inject('temporalAddress')).toBeUndefined();
  });

  it('refuses to start a Temporal server through the SDK', async () => {
    await expect(TestWorkflowEnvironment.createLocal()).rejects.toThrow(UNIT_TIER_REFUSAL);
    await expect(TestWorkflowEnvironment.createTimeSkipping()).rejects.toThrow(UNIT_TIER_REFUSAL);
  });

  it('refuses to connect a client or a worker', async () => {
    await expect(Connection.connect({ address: '127.0.0.1:7233' })).rejects.toThrow(UNIT_TIER_REFUSAL);
    await expect(NativeConnection.connect({ address: '127.0.0.1:7233' })).rejects.toThrow(UNIT_TIER_REFUSAL);
  });

  it('refuses the dev server idflow itself starts, in this process and in a spawned `idflow dev`', async () => {
    await expect(startDevServer()).rejects.toThrow(/TEMPORAL_CLI_PATH .*unit-tier-has-no-temporal/);
    // A spawned process inherits this environment and resolves the CLI the same way.
    await expect(resolveTemporalCli({ build: false })).rejects.toThrow(/unit-tier-has-no-temporal/);
  });
});
