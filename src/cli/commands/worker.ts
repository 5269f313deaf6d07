import type { Command } from 'commander';
import { ExitCode, UserError } from '../../common/errors.js';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(
      'Run a worker: executes playbook runs from the task queue against JumpCloud. Configured by environment (see README).',
    )
    .addHelpText(
      'after',
      '\nExample:\n  JUMPCLOUD_API_KEY=… TEMPORAL_ADDRESS=127.0.0.1:7233 idflow worker\n\nStops gracefully on SIGTERM/SIGINT (in-flight activities get IDFLOW_SHUTDOWN_GRACE to finish).\n\nExit codes: 0 stopped by a signal, 2 the configuration is wrong (every problem is listed), 1 Temporal unreachable or a crash.',
    )
    .action(async () => {
      const { ConfigError, loadWorkerConfig } = await import('../../worker/config.js');
      let config;
      try {
        config = loadWorkerConfig();
      } catch (err) {
        if (err instanceof ConfigError) throw new UserError(err.message, ExitCode.invalid);
        throw err;
      }
      const { runWorker } = await import('../../worker/run.js');
      try {
        await runWorker(config, process.env);
      } catch (err) {
        if (err instanceof ConfigError) throw new UserError(err.message, ExitCode.invalid);
        throw err;
      }
    });
}
