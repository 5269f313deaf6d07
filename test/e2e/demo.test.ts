// The README's main command, `idflow demo`, as a user runs it (a spawned process with its own Temporal dev
// server, Web UI, simulator, worker and HTTP server): it must end with the run COMPLETED and exactly one
// add-member mutation. With --keep it stays up, and the Temporal Web UI — in headless Chromium — shows the
// run's encrypted input decoded through idflow's codec endpoint, which is how operators read runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import { CLI } from '../helpers/cli.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

describe('idflow demo', () => {
  let demo: ChildProcess;
  let output = '';
  let browser: Browser | undefined;

  /** Resolves when the demo has printed `text`; fails with its output if it exits first. */
  function printed(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (output.includes(text)) {
          demo.stdout?.off('data', check);
          demo.off('exit', exited);
          resolve();
        }
      };
      const exited = (code: number | null): void =>
        reject(new Error(`idflow demo exited (${code}) before printing "${text}":\n${output}`));
      demo.stdout?.on('data', check);
      demo.once('exit', exited);
      check();
    });
  }

  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'idflow-demo-'));
    demo = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        CLI,
        'demo',
        '--keep',
        '--ui-port',
        String(await freePort()),
        '--data-dir',
        dataDir,
      ],
      {
        env: { ...process.env, IDFLOW_WORKFLOW_BUNDLE: inject('workflowBundlePath') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    demo.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    demo.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await printed('Everything keeps running');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (demo && demo.exitCode === null) {
      demo.kill('SIGKILL');
      await once(demo, 'exit');
    }
  });

  it('ends with the run COMPLETED and exactly one add-member mutation in the simulator', () => {
    expect(output).toMatch(/• Run COMPLETED: outputs \{"granted":true/);
    expect(output).toContain('• Simulator audit: 1 add-member mutation(s)');
    expect(output).toMatch(/#\d+ POST \/api\/v2\/usergroups\/[0-9a-f]{24}\/members/);
    expect(output).toContain('✓ Demo complete.');
    // Encryption is on: the run is named by a pseudonym, never by the requester's email.
    expect(output).toMatch(/• Started run access-request:s-[0-9a-f]+:/);
  });

  it('shows the run decoded in the Temporal Web UI, through the codec endpoint', async () => {
    const url = /See it in the Temporal UI: (\S+)/.exec(output)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/namespaces\/default\/workflows\/access-request%3As-/);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const decodes: number[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/codec/decode')) decodes.push(r.status());
    });
    await page.goto(url ?? '');
    // The input holds the engineer's email only inside the encrypted payload: seeing it means the UI
    // decoded it with the codec endpoint.
    await page.getByText(FIXTURE_USERS.engineer.email).first().waitFor({ timeout: 60_000 });
    expect(decodes.length).toBeGreaterThan(0);
    expect(decodes.every((s) => s === 200)).toBe(true);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}temporal-ui-decoded.png`, fullPage: true });
  }, 90_000);

  it('stops everything on Ctrl-C and exits 0', async () => {
    const exit = once(demo, 'exit') as Promise<[number | null]>;
    demo.kill('SIGINT');
    const [code] = await exit;
    expect(code).toBe(0);
  }, 60_000);
});
