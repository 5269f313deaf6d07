// `idflow server` as an operator runs it: a child process (from source, through tsx) with secrets from the
// environment, a secrets file and a secret file, logging at trace level. Every route is exercised — good and
// bad webhooks, API calls with good and bad tokens, an approval through its link — and then its whole
// output is searched for the sentinel secret values: there must be none.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { waitForState } from '../../src/client/runs.js';
import { PRESETS } from '../../src/server/presets.js';
import { signRequest } from '../../src/server/signature.js';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import { runIdflow } from '../helpers/cli.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { FIXTURES, request } from '../helpers/serverStack.js';

import { CLI } from '../helpers/cli.js';

const SENTINELS = {
  webhook: 'SENTINEL-webhook-secret-6f1e0c2b9a8d',
  rotated: 'SENTINEL-rotated-secret-3b5d7f9a1c2e',
  bearer: 'SENTINEL-bearer-token-8c4a2e6f0b1d',
  reader: 'SENTINEL-reader-token-0d2f4b6a8c1e',
  linkKey: 'SENTINEL-link-signing-key-5a7c9e1b3d5f7a9c',
};

interface ServerProcess {
  child: ChildProcess;
  output: string[];
  url: string;
}

function spawnServer(args: string[], env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'server', ...args], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: inject('temporalNamespace'),
      IDFLOW_LOG_LEVEL: 'trace',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready:\n${output.join('\n')}`)), 60_000);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      output.push(line);
      if (line.includes('"server started"')) {
        clearTimeout(timer);
        resolve({ child, output, url: (JSON.parse(line) as { listening: string }).listening });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}):\n${output.join('\n')}`));
    });
  });
}

describe('idflow server (the command)', () => {
  let stack: Stack;
  let dir: string;
  let server: ServerProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    stack = await startStack('server-cli');
    dir = await mkdtemp(join(tmpdir(), 'idflow-server-cli-'));
    await writeFile(
      join(dir, 'secrets.json'),
      JSON.stringify({ ROTATED_SECRET: SENTINELS.rotated, LINK_KEY: SENTINELS.linkKey }),
    );
    await writeFile(join(dir, 'reader.token'), `${SENTINELS.reader}\n`);
    await writeFile(
      join(dir, 'server.yaml'),
      `# yaml-language-server: $schema=../schemas/server-config.schema.json
listen: { host: 127.0.0.1, port: 0 }
playbooks: [${FIXTURES}approval.yaml]
tokens:
  - { name: ops, secret: OPS_TOKEN }
  - { name: reader, secretFile: reader.token, access: read }
approvals: { signingKey: LINK_KEY, ttl: 1h }
webhooks:
  hris:
    preset: generic
    secret: [HRIS_SECRET, ROTATED_SECRET]
    events:
      - when: \${{ event.type == 'access.requested' }}
        playbook: ${FIXTURES}approval.yaml
        key: \${{ event.id }}
        requestedBy: \${{ event.data.requester }}
        inputs: { email: '\${{ event.data.email }}', group: '\${{ event.data.group }}' }
`,
    );
    env = {
      IDFLOW_SERVER_CONFIG: join(dir, 'server.yaml'),
      IDFLOW_SECRETS_FILE: join(dir, 'secrets.json'),
      IDFLOW_TASK_QUEUE: stack.taskQueue,
      HRIS_SECRET: SENTINELS.webhook,
      OPS_TOKEN: SENTINELS.bearer,
    };
    server = await spawnServer([], env);
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await stack?.close();
  });

  it('--check loads the config and exits 0; a broken config exits 2 naming file:line:column', async () => {
    const ok = await runIdflow(['server', '--check'], env);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /^config ok: 1 webhook source\(s\), 1 playbook\(s\), 2 token\(s\), approval links on/,
    );

    await writeFile(
      join(dir, 'broken.yaml'),
      `webhooks:\n  hris:\n    preset: generic\n    secret: MISSING_SECRET\n    events:\n      - { playbook: ${FIXTURES}approval.yaml, key: '\${{ evnt.id }}', inputs: { email: a@example.com, group: x } }\n`,
    );
    const bad = await runIdflow(['server', '--config', join(dir, 'broken.yaml'), '--check'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/broken\.yaml:4:13: secret MISSING_SECRET is not set/);
    expect(bad.stderr).toMatch(/broken\.yaml:6:\d+: expression `evnt\.id`: Unknown variable: evnt/);
  });

  it('serves webhooks, the runs API and approval links; its logs hold no secret value, token or link', async () => {
    const base = server.url;
    const email = FIXTURE_USERS.engineer.email;
    const event = JSON.stringify({
      id: 'cli-evt-1',
      type: 'access.requested',
      data: { email, group: 'Support', requester: FIXTURE_USERS.helpDesk.email },
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const hook = (body: string, secret: string): ReturnType<typeof request> =>
      request(`${base}/hooks/hris`, {
        body,
        headers: {
          'content-type': 'application/json',
          ...signRequest(PRESETS.generic.scheme, secret, body, ts),
        },
      });

    const started = await hook(event, SENTINELS.webhook);
    expect(started.status).toBe(202);
    expect((await hook(event, SENTINELS.rotated)).status).toBe(200); // the rotated secret verifies too; same run
    expect((await hook(event, `${SENTINELS.webhook}x`)).status).toBe(401);
    const id = String(started.json.id);

    const auth = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
    expect((await request(`${base}/runs`, { headers: auth(SENTINELS.reader) })).status).toBe(200);
    expect((await request(`${base}/runs`, { headers: auth(`${SENTINELS.bearer}-wrong`) })).status).toBe(401);
    expect(
      (await request(`${base}/runs/${encodeURIComponent(id)}`, { headers: auth(SENTINELS.bearer) })).status,
    ).toBe(200);

    await waitForState(stack.client, id, (s) => s.approvals.some((a) => a.status === 'pending'));
    const minted = await request(`${base}/runs/${encodeURIComponent(id)}/approvals/approval/links`, {
      method: 'POST',
      headers: auth(SENTINELS.bearer),
    });
    expect(minted.status).toBe(200);
    const [link] = minted.json.links as { url: string }[];
    if (!link) throw new Error('no link');
    expect(link.url.startsWith(`${base}/approve/`)).toBe(true);
    expect((await request(link.url)).status).toBe(200);
    const token = link.url.split('/approve/')[1] ?? '';
    expect((await request(`${base}/approve/${token.slice(0, -3)}xyz`)).status).toBe(403);
    const decided = await request(link.url, {
      body: 'decision=approve&comment=ok',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(decided.status).toBe(200);
    expect(decided.text).toContain('<h1>You approved</h1>');
    expect(await stack.client.workflow.getHandle(id).result()).toMatchObject({ outputs: { granted: true } });
    expect((await request(`${base}/healthz`)).status).toBe(200);
    expect((await request(`${base}/metrics`)).status).toBe(200);

    // SIGTERM: the server finishes and exits 0.
    const exited = once(server.child, 'exit');
    server.child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);

    const log = server.output.join('\n');
    expect(log).toContain('"msg":"webhook refused"');
    expect(log).toContain('"msg":"approval decided through a link"');
    expect(log).toContain('"msg":"server stopped"');
    for (const [name, value] of Object.entries(SENTINELS))
      expect(log.includes(value), `${name} appears in the log`).toBe(false);
    expect(log.includes(token), 'an approval token appears in the log').toBe(false);
    expect(log.includes(token.split('.')[1] ?? '-'), 'an approval signature appears in the log').toBe(false);
  });
});
