// `idflow simulator`: serve the simulator until SIGINT/SIGTERM. Options arrive as commander gives them
// (strings), or as numbers from code.
import { startSimulator, type SimulatorOptions } from './index.js';

export interface SimulatorCommandOptions {
  port?: string | number;
  host?: string;
  seed?: string | number;
  users?: string | number;
  groups?: string | number;
  devices?: string | number;
  apiKey?: string;
  rateLimit?: string | number;
  rate429?: string | number;
  rate503?: string | number;
  retryAfter?: string | number;
  latency?: string | number;
  latencyJitter?: string | number;
}

/** An option the user got wrong: the CLI prints it without a stack trace and exits 2. */
export class SimulatorOptionError extends Error {
  override name = 'SimulatorOptionError';
}

function numberOption(name: string, value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n))
    throw new SimulatorOptionError(`--${name} must be a number, got "${String(value)}"`);
  return n;
}

/** Turns CLI options into SimulatorOptions, refusing nonsense before anything starts. */
export function simulatorOptionsFrom(opts: SimulatorCommandOptions): SimulatorOptions {
  const out: SimulatorOptions = { faults: {} };
  const set = <K extends keyof SimulatorOptions>(key: K, value: SimulatorOptions[K] | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  set('port', numberOption('port', opts.port));
  set('host', opts.host);
  set('seed', numberOption('seed', opts.seed));
  set('users', numberOption('users', opts.users));
  set('groups', numberOption('groups', opts.groups));
  set('devices', numberOption('devices', opts.devices));
  set('apiKey', opts.apiKey);
  const faults = {
    rate429: numberOption('rate-429', opts.rate429),
    rate503: numberOption('rate-503', opts.rate503),
    retryAfterSeconds: numberOption('retry-after', opts.retryAfter),
    latencyMs: numberOption('latency', opts.latency),
    latencyJitterMs: numberOption('latency-jitter', opts.latencyJitter),
    rateLimitPerSecond: numberOption('rate-limit', opts.rateLimit),
  };
  out.faults = Object.fromEntries(Object.entries(faults).filter(([, value]) => value !== undefined));
  return out;
}

/** The fault options' names in messages → the flags that set them. */
const FAULT_FLAGS: Record<string, string> = {
  rate429: '--rate-429',
  rate503: '--rate-503',
  retryAfterSeconds: '--retry-after',
  latencyMs: '--latency',
  latencyJitterMs: '--latency-jitter',
  rateLimitPerSecond: '--rate-limit',
};

export async function runSimulatorCommand(
  opts: SimulatorCommandOptions,
  io: { log: (line: string) => void } = { log: (line) => console.log(line) },
): Promise<void> {
  const options = simulatorOptionsFrom(opts);
  let sim;
  try {
    sim = await startSimulator(options);
  } catch (err) {
    // Fault rates out of range (RangeError) are the user's to fix, as is a port someone else holds.
    if (err instanceof RangeError)
      throw new SimulatorOptionError(err.message.replace(/^\w+/, (name) => FAULT_FLAGS[name] ?? name));
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new SimulatorOptionError(`port ${String(options.port)} is in use: pick another with --port`);
    throw err;
  }
  io.log(`JumpCloud simulator listening at ${sim.url}`);
  io.log(`  API key:   ${sim.apiKey}   (send as the x-api-key header)`);
  io.log(`  Org id:    ${sim.orgId}`);
  io.log(
    `  Directory: ${sim.directory.users().length} users, ${sim.directory.groups().length} user groups, ${sim.directory.inventory.systems().length} devices`,
  );
  io.log(`  Insights:  POST ${sim.url}/insights/directory/v1/events`);
  io.log(
    `  Control:   GET ${sim.url}/__simulator/audit · GET ${sim.url}/__simulator/requests · PUT ${sim.url}/__simulator/faults`,
  );
  io.log('Press Ctrl+C to stop.');

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      sim.close().then(resolve, (error: unknown) => {
        console.error('[simulator] error while closing', error);
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  io.log('JumpCloud simulator stopped.');
}
