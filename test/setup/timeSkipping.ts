// Finds (or builds, once) the time-skipping test server for the integration tier's timer tests, and tells
// the test files where it is. Each file that needs one starts its own (test/helpers/timeSkipping.ts): time
// skips for the whole server, so two files sharing one would fire each other's timers.
import type { TestProject } from 'vitest/node';
import { resolveTimeSkippingServer, type TimeSkippingServerResolution } from './timeSkippingServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    timeSkippingServer: TimeSkippingServerResolution;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const server = await resolveTimeSkippingServer({ log: (line) => console.log(`[setup] ${line}`) });
  project.provide('timeSkippingServer', server);
}
