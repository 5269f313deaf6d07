// The README's main command, `idflow demo`, as a user runs it (a spawned process with its own Temporal dev
// server, Web UI, simulator, worker and HTTP server): it must end with the run COMPLETED and exactly one
// add-member mutation. With --keep it stays up, and the Temporal Web UI — in headless Chromium — shows the
// run's encrypted input decoded through idflow's codec endpoint, which is how operators read runs.
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import { freePort, startIdflow, type IdflowProcess } from '../helpers/cli.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('idflow demo', () => {
  let demo: IdflowProcess;
  let browser: Browser | undefined;

  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'idflow-demo-'));
    demo = startIdflow(['demo', '--keep', '--ui-port', String(await freePort()), '--data-dir', dataDir], {
      IDFLOW_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
    });
    await demo.printed('Everything keeps running');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('ends with the run COMPLETED and exactly one add-member mutation in the simulator', () => {
    const output = demo.output();
    expect(output).toMatch(/• Run COMPLETED: outputs \{"granted":true/);
    expect(output).toContain('• Simulator audit: 1 add-member mutation(s)');
    expect(output).toMatch(/#\d+ POST \/api\/v2\/usergroups\/[0-9a-f]{24}\/members/);
    expect(output).toContain('✓ Demo complete.');
    // Encryption is on: the run is named by a pseudonym, never by the requester's email.
    expect(output).toMatch(/• Started run access-request:s-[0-9a-f]+:/);
  });

  it('shows the run decoded in the Temporal Web UI, through the codec endpoint', async () => {
    const url = /See it in the Temporal UI: (\S+)/.exec(demo.output())?.[1];
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
    expect(await demo.stop('SIGINT')).toBe(0);
  }, 60_000);
});
