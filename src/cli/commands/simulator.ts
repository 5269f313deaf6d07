import type { Command } from 'commander';
import { runSimulatorCommand, SimulatorOptionError } from '../../simulator/cli.js';
import { UserError } from '../../common/errors.js';

export function registerSimulator(program: Command): void {
  program
    .command('simulator')
    .description(
      'Serve the JumpCloud API simulator (v1 systemusers/organizations, v2 user groups) on loopback.',
    )
    .option('--port <port>', 'port to listen on (0 = any free port)', '8089')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--seed <n>', 'seed of the generated directory (same seed, same directory)', '1')
    .option('--users <n>', 'number of generated users', '25')
    .option('--groups <n>', 'user groups in all (the rest beyond the fixtures are generated)')
    .option('--devices <n>', 'devices in all (default: a laptop for most people)')
    .option('--api-key <key>', 'the x-api-key clients must send (default: a fixed development key)')
    .option('--rate-429 <fraction>', 'fraction of requests answered 429 Too Many Requests', '0')
    .option('--retry-after <seconds>', 'Retry-After sent with injected 429s', '1')
    .option('--rate-503 <fraction>', 'fraction of requests answered 503 Service Unavailable', '0')
    .option('--latency <ms>', 'added latency per request', '0')
    .option('--latency-jitter <ms>', 'extra random latency up to this much', '0')
    .option('--rate-limit <n>', 'requests per second before answering 429 with Retry-After (0 = none)', '0')
    .addHelpText(
      'after',
      '\nExample:\n  idflow simulator --port 8089 --users 250 --rate-429 0.1 --retry-after 2\n\nExit codes: 0 stopped by a signal, 2 bad options or the port is in use, 1 a crash.',
    )
    .action(async (opts: Record<string, string | undefined>) => {
      try {
        await runSimulatorCommand(opts);
      } catch (err) {
        if (err instanceof SimulatorOptionError) throw new UserError(err.message);
        throw err;
      }
    });
}
