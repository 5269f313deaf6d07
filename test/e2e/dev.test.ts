// `idflow dev` as a user runs it: the whole stack in one process, then the copy-paste commands it prints,
// run from "another terminal" (spawned CLI processes with the printed environment): an access request
// approved from the CLI, a directory sync and its report. Ctrl-C stops everything; a restart on the same
// data folder still knows the run (Temporal's state is a SQLite file there).
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import { freePort, runIdflow, startIdflow, type IdflowProcess } from '../helpers/cli.js';

const { engineer, engManager, helpDesk } = FIXTURE_USERS;

/** The `export A=1 B=2` lines `idflow dev` prints, as an environment. */
function printedEnv(output: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const line of output.matchAll(/^\s*export (.+)$/gm))
    for (const pair of (line[1] ?? '').split(/\s+/)) {
      const [key = '', ...value] = pair.split('=');
      env[key] = value.join('=');
    }
  return env;
}

describe('idflow dev', () => {
  let dev: IdflowProcess | undefined;
  afterAll(async () => {
    await dev?.close();
  });

  it('runs the stack, answers the printed commands, stops on Ctrl-C and keeps its state', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'idflow-dev-'));
    const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
    const args = [
      'dev',
      ...['--temporal-port', '--ui-port', '--simulator-port', '--http-port'].flatMap((flag, i) => [
        flag,
        String(ports[i]),
      ]),
      '--data-dir',
      dataDir,
      '--task-queue',
      'idflow-dev-test',
    ];
    const bundle = { IDFLOW_WORKFLOW_BUNDLE: inject('workflowBundlePath') };
    dev = startIdflow(args, bundle);
    await dev.printed('idflow dev is running');
    const env = printedEnv(dev.output());
    expect(env).toMatchObject({
      TEMPORAL_ADDRESS: `127.0.0.1:${ports[0]}`,
      IDFLOW_TASK_QUEUE: 'idflow-dev-test',
      IDFLOW_CODEC_KEYS: 'dev',
      IDFLOW_STORE: `sqlite:${dataDir}/snapshots.sqlite`,
    });

    // An access request, approved by the manager from the CLI; `run --wait` reports the outcome.
    const run = startIdflow(
      [
        'run',
        'examples/access-request.yaml',
        ...['-i', `email=${engineer.email}`, '-i', 'group=Support'],
        ...['--requested-by', helpDesk.email, '--key', 'dev-1', '--wait', '--json'],
      ],
      env,
    );
    // The manager's chat message (printed by the dev inbox) carries their approval link.
    const message = await dev.printed(/📨 \[approvals\] to [\s\S]*?\/approve\/\S+/);
    expect(message).toContain(`to ${engManager.email}: Approval needed`);
    const pending = await runIdflow(['approvals', '--for', engManager.email, '--json'], env);
    const [approval] = JSON.parse(pending.stdout) as { workflowId: string }[];
    expect(approval?.workflowId).toMatch(/^access-request:s-[0-9a-f]+:dev-1$/);
    const approved = await runIdflow(
      ['approve', approval?.workflowId ?? '', '--as', engManager.email, '--comment', 'ok'],
      env,
    );
    expect(approved.code).toBe(0);
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/"status": ?"COMPLETED"/);

    // The directory sync into the stack's store, then the auditor's report from it.
    const sync = await runIdflow(['sync', '--now', '--file', 'examples/schedules.yaml', '--wait'], env);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/read: users 120,/);
    const report = await runIdflow(['report', '--format', 'md'], env);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('# Directory compliance report');

    expect(await dev.stop('SIGINT')).toBe(0);

    // The same folder again: Temporal's SQLite file still holds the run.
    dev = startIdflow(args, bundle);
    await dev.printed('idflow dev is running');
    const runs = await runIdflow(['runs', '--playbook', 'access-request', '--json'], env);
    expect(
      (JSON.parse(runs.stdout) as { workflowId: string; status: string }[]).map((r) => [
        r.workflowId,
        r.status,
      ]),
    ).toEqual([[approval?.workflowId, 'COMPLETED']]);
    expect(await dev.stop('SIGINT')).toBe(0);
  }, 180_000);

  it('refuses a port in use by name, exit 2, and leaves nothing running behind the error', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const httpPort = (busy.address() as { port: number }).port;
    const temporalPort = await freePort();
    try {
      const r = await runIdflow(
        [
          'dev',
          ...['--temporal-port', String(temporalPort), '--ui-port', String(await freePort())],
          ...['--simulator-port', '0', '--http-port', String(httpPort)],
          ...['--data-dir', await mkdtemp(join(tmpdir(), 'idflow-dev-busy-'))],
        ],
        { IDFLOW_WORKFLOW_BUNDLE: inject('workflowBundlePath') },
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`127.0.0.1:${httpPort} is already in use`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      // The Temporal dev server it had started is gone: its port can be taken again.
      const again = createServer();
      await new Promise<void>((resolve, reject) => {
        again.once('error', reject);
        again.listen(temporalPort, '127.0.0.1', resolve);
      });
      await new Promise((resolve) => again.close(resolve));
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  }, 60_000);
});
