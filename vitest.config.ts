import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One Temporal dev server and one workflow bundle per run, shared by every test file.
    globalSetup: ['test/setup/global.ts'],
    setupFiles: ['test/setup/perFile.ts'],
    // Temporal's native worker is safest in child processes rather than worker threads.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
