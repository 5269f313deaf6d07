import { configDefaults, defineConfig } from 'vitest/config';

// Three tiers, chosen by what a test needs (README, "Tests"):
// - unit: every area folder (dsl, expr, catalog, simulator, store on SQLite, activities against the
//   simulator, pure helpers). No Temporal, nothing outside this process but loopback sockets; runs alone in
//   seconds (`npm run test:unit`), and test/setup/unit.ts makes an attempt to start or reach Temporal fail.
// - integration: test/integration, in process against the suite's Temporal dev server (workflows, the HTTP
//   server, replay, PostgreSQL) or, for timers, a time-skipping test server of a test file's own.
// - e2e: test/e2e, `idflow` as users run it: spawned processes, the demo, `idflow dev`, Chromium.
// Integration and e2e share one dev server and one workflow bundle per run (test/setup/global.ts).
const TIERS = { integration: 'test/integration/**/*.test.ts', e2e: 'test/e2e/**/*.test.ts' };

export default defineConfig({
  test: {
    // Temporal's native worker is safest in child processes rather than worker threads.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...Object.values(TIERS)],
          setupFiles: ['test/setup/unit.ts'],
          // Unit files share their worker's module cache: loading the simulator, ajv and the compiler once
          // per worker rather than once per file more than halves the tier's CPU time. A file that changes
          // globals restores them (test/dsl/graph.test.ts).
          isolate: false,
          // CPU-bound and self-contained: every core. Runs first (fast feedback), then the other tiers.
          maxWorkers: '100%',
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [TIERS.integration],
          globalSetup: ['test/setup/global.ts', 'test/setup/timeSkipping.ts'],
          setupFiles: ['test/setup/perFile.ts'],
          // One file per core (vitest's default, one fewer, runs them one by one on two cores): these files
          // mostly wait — on Retry-After pauses, spawned processes, the server — so another fills the wait.
          // Every test has its own task queue, simulator and ports, so they do not see each other.
          maxWorkers: '100%',
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: [TIERS.e2e],
          globalSetup: ['test/setup/global.ts'],
          setupFiles: ['test/setup/perFile.ts'],
          maxWorkers: '100%',
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
