// The CLI entry: option parsing, and a real run in a child process that prints where it listens and what
// key to use, serves, and stops cleanly on SIGINT.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulatorOptionsFrom } from '../../src/simulator/cli.js';
import { DEFAULT_SIMULATOR_API_KEY, startSimulator } from '../../src/simulator/index.js';
import { runIdflow } from '../helpers/cli.js';

describe('simulatorOptionsFrom', () => {
  it('turns commander strings into typed options', () => {
    expect(
      simulatorOptionsFrom({
        port: '8089',
        host: '127.0.0.1',
        seed: '7',
        users: '250',
        apiKey: 'k',
        rate429: '0.1',
        retryAfter: '2',
        rate503: '0',
        latency: '5',
        latencyJitter: '3',
      }),
    ).toEqual({
      port: 8089,
      host: '127.0.0.1',
      seed: 7,
      users: 250,
      apiKey: 'k',
      faults: { rate429: 0.1, rate503: 0, retryAfterSeconds: 2, latencyMs: 5, latencyJitterMs: 3 },
    });
    expect(simulatorOptionsFrom({})).toEqual({ faults: {} });
  });

  it('refuses non-numbers', () => {
    expect(() => simulatorOptionsFrom({ port: 'eighty' })).toThrow(/--port/);
  });
});

describe('idflow simulator with bad options', () => {
  it('names the flag, prints no stack trace and exits 2: a non-number, a rate out of range, a port in use', async () => {
    const busy = await startSimulator({ port: 0 });
    try {
      const port = new URL(busy.url).port;
      for (const [args, message] of [
        [['--users', 'many'], '--users must be a number, got "many"'],
        [['--rate-429', '2'], '--rate-429 must be between 0 and 1, got 2'],
        [['--port', port], `port ${port} is in use: pick another with --port`],
      ] as const) {
        const r = await runIdflow(['simulator', ...args]);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stderr).toContain(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
    } finally {
      await busy.close();
    }
  });
});

describe('runSimulatorCommand', () => {
  it('prints the URL and key, serves, and stops on SIGINT', async () => {
    const script = fileURLToPath(new URL('../simulator/fixtures/runSimulatorCommand.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SIM_PORT: '0', SIM_USERS: '12', SIM_SEED: '3' },
    });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (output += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 20_000);
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        const match = /listening at (http:\/\/\S+)/.exec(output);
        if (match?.[1] && output.includes('Press Ctrl+C')) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    expect(output).toContain(DEFAULT_SIMULATOR_API_KEY);
    const response = await fetch(`${url}/api/systemusers?limit=0`, {
      headers: { 'x-api-key': DEFAULT_SIMULATOR_API_KEY },
    });
    expect(await response.json()).toEqual({ totalCount: 12, results: [] });

    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(output).toContain('JumpCloud simulator stopped.');
  });
});
