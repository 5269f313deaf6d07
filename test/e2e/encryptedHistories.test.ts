// Encrypted histories, end to end: `idflow worker` processes configured the production way (payload keys
// in the secrets file, a guardrails file, debug logs) run real playbooks against the dev server. The raw
// histories — fetched by a client without the codec, searched as JSON and as protobuf bytes — hold none of
// the directory's emails or names, nor the key. With the keys, `idflow status` and the codec endpoint the
// Temporal UI calls show them. A rotation mid-run (new key in front, old one kept) decrypts what the old
// key wrote; a client without the old key cannot.
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { WorkflowFailedError } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import protos from '@temporalio/proto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, renderRunDescription } from '../../src/client/describe.js';
import { listRuns } from '../../src/client/list.js';
import { decide, runHandle, startRun, waitForState, type StartedRun } from '../../src/client/runs.js';
import { keyring, payloadEncryption, type PayloadEncryption } from '../../src/codec/index.js';
import { ledgerWorkflowId } from '../../src/workflows/guardrailLedger.js';
import { buildServer, type IdflowServer } from '../../src/server/app.js';
import { loadServerConfig } from '../../src/server/config.js';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import type { RunFailureDetails } from '../../src/workflows/types.js';
import { compileExample, compileOrThrow, runnablePlaybook } from '../helpers/playbooks.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { runIdflow, temporalEnv, type CliResult } from '../helpers/cli.js';
import { connectClient } from '../helpers/temporal.js';
import { spawnWorker, type WorkerProcess } from '../helpers/workerProcess.js';

const K1 = randomBytes(32);
const K2 = randomBytes(32);
const SENTINELS = [K1.toString('base64'), K1.toString('hex'), K2.toString('base64'), K2.toString('hex')];
const API_TOKEN = 'codec-test-token-0123456789abcdef';
const UI = 'http://127.0.0.1:8233';
const ENCRYPTED = Buffer.from('binary/encrypted').toString('base64');
const OFFBOARDING = fileURLToPath(new URL('../../examples/offboarding.yaml', import.meta.url));

/** Every `{metadata, data}` payload in a history's JSON. */
function payloadsIn(
  json: unknown,
  out: { metadata: Record<string, string>; data: string }[] = [],
): typeof out {
  if (Array.isArray(json)) for (const x of json) payloadsIn(x, out);
  else if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    if (o.metadata && typeof o.metadata === 'object' && typeof o.data === 'string')
      out.push(o as { metadata: Record<string, string>; data: string });
    else for (const v of Object.values(o)) payloadsIn(v, out);
  }
  return out;
}

describe('encrypted histories', () => {
  let stack: Stack;
  let worker: WorkerProcess | undefined;
  const workers: WorkerProcess[] = [];
  let secretsFile: string;
  let guardrailsFile: string;
  const encK1 = payloadEncryption(keyring([{ id: 'k1', key: K1 }]));
  const encBoth = payloadEncryption(
    keyring([
      { id: 'k2', key: K2 },
      { id: 'k1', key: K1 },
    ]),
  );
  const encK2 = payloadEncryption(keyring([{ id: 'k2', key: K2 }]));
  const clients: { client: Client; close: () => Promise<void> }[] = [];
  let server: IdflowServer;
  let serverUrl: string;
  const serverLogs: string[] = [];

  const spawn = async (keys: string): Promise<WorkerProcess> => {
    const w = await spawnWorker({
      IDFLOW_TASK_QUEUE: stack.taskQueue,
      JUMPCLOUD_BASE_URL: stack.sim.url,
      JUMPCLOUD_API_KEY: stack.sim.apiKey,
      IDFLOW_SECRETS_FILE: secretsFile,
      IDFLOW_GUARDRAILS_FILE: guardrailsFile,
      IDFLOW_CODEC_KEYS: keys,
      IDFLOW_LOG_LEVEL: 'debug',
    });
    workers.push(w);
    return w;
  };
  const client = async (encryption: PayloadEncryption): Promise<Client> => {
    const c = await connectClient({ encryption });
    clients.push(c);
    return c.client;
  };

  beforeAll(async () => {
    stack = await startStack('codec');
    // Runs go to `idflow worker` processes; the stack's own (unencrypted) worker steps aside.
    await stack.worker.stop();
    const dir = await mkdtemp(join(tmpdir(), 'idflow-codec-'));
    secretsFile = join(dir, 'secrets.json');
    await writeFile(
      secretsFile,
      JSON.stringify({
        CHAT_WEBHOOK_URL: stack.inbox.urlFor('chat'),
        IDFLOW_CODEC_KEY_K1: K1.toString('base64'),
        IDFLOW_CODEC_KEY_K2: K2.toString('hex'),
      }),
    );
    guardrailsFile = join(dir, 'guardrails.yaml');
    // A cap every mutation counts against: the ledger's updates are in the histories searched below.
    await writeFile(
      guardrailsFile,
      `limits:\n  '*': { perHour: 1000 }\nprotectedUsers: ['${FIXTURE_USERS.ceo.email}']\n`,
    );

    const configPath = join(dir, 'server.yaml');
    await writeFile(
      configPath,
      `tokens:\n  - { name: ui, secret: API_TOKEN, access: read }\ncodec:\n  cors: ['${UI}']\n  auth: token\n`,
    );
    const config = await loadServerConfig({
      env: {
        API_TOKEN,
        IDFLOW_CODEC_KEYS: 'k2,k1',
        IDFLOW_SECRETS_FILE: secretsFile,
        TEMPORAL_NAMESPACE: 'default',
      },
      configPath,
      host: '127.0.0.1',
      port: 0,
    });
    server = buildServer({
      config,
      client: stack.client,
      logger: pino({ level: 'trace' }, { write: (line: string) => void serverLogs.push(line) }),
    });
    serverUrl = await server.listen();
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) await w.kill('SIGTERM');
    await server?.close();
    for (const c of clients) await c.close();
    await stack?.close();
  });

  it('hides every email and name from the raw history, shows them with the key, and survives a key rotation', async () => {
    const { engineer, engManager, locked, helpDesk, newHire } = FIXTURE_USERS;
    worker = await spawn('k1');
    const c1 = await client(encK1);
    const access = compileExample('access-request.yaml');
    const reset = compileExample('password-reset.yaml');
    const start = (
      c: Client,
      enc: PayloadEncryption,
      plan: typeof access,
      inputs: Record<string, unknown>,
      by?: string,
    ): Promise<StartedRun> =>
      startRun(c, {
        plan,
        inputs,
        trigger: { kind: 'test', ...(by ? { requestedBy: by } : {}) },
        taskQueue: stack.taskQueue,
        key: `codec-${randomBytes(4).toString('hex')}`,
        subjects: enc,
      });

    // Under k1: one run left waiting for its approval, one approved, one that fails on an unknown email.
    const waiting = await start(
      c1,
      encK1,
      access,
      { email: engineer.email, group: 'Support' },
      helpDesk.email,
    );
    expect(waiting.workflowId).not.toContain(engineer.email);
    const done = await start(c1, encK1, reset, { email: locked.email });
    await waitForState(c1, done.workflowId, (s) => s.approvals.some((a) => a.status === 'pending'));
    await decide(c1, done.workflowId, 'approve', { approver: helpDesk.email });
    await done.handle.result();
    const stranger = 'nobody.anywhere@example.com';
    const failed = await start(c1, encK1, access, { email: stranger, group: 'Support' });
    const err = await failed.handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const details = ((err as WorkflowFailedError).cause as { details?: unknown[] })
      .details?.[0] as RunFailureDetails;
    expect(details.message).toContain(stranger);
    await waitForState(c1, waiting.workflowId, (s) => s.approvals.some((a) => a.status === 'pending'));
    // A guardrail refusal (the file protects the CEO): its message names a person, so it is encrypted too.
    const refused = await start(c1, encK1, compileOrThrow(runnablePlaybook('lock-out')), {
      email: FIXTURE_USERS.ceo.email,
    });
    await refused.handle.result();
    const refusedView = await describeRun(c1, refused.workflowId);
    expect(refusedView.guardrailViolations[0]?.message).toContain(
      `${FIXTURE_USERS.ceo.email} is a protected user`,
    );
    expect(
      worker.lines.some((l) => l.includes('guardrail refused a mutation') && l.includes('protectedUsers')),
    ).toBe(true);

    // Rotation: a worker with k2 in front (and k1 kept) takes over the waiting run.
    await worker.kill('SIGTERM');
    worker = await spawn('k2,k1');
    const both = await client(encBoth);
    await decide(both, waiting.workflowId, 'approve', { approver: engManager.email });
    // The result is written under k2: a client holding k1 alone could not read it.
    expect((await runHandle(both, waiting.workflowId).result()).outputs.granted).toBe(true);
    const later = await start(
      both,
      encBoth,
      access,
      { email: newHire.email, group: 'Support' },
      helpDesk.email,
    );
    const pending = await waitForState(both, later.workflowId, (s) =>
      s.approvals.some((a) => a.status === 'pending'),
    );
    await decide(both, later.workflowId, 'approve', { approver: pending.approvals[0]?.approvers[0] ?? '' });
    await later.handle.result();

    // 1. The raw histories (no codec), as JSON and as protobuf bytes: no email, no name, no key.
    const handles: WorkflowHandle[] = [
      ...[waiting, done, failed, refused, later].map((r) => runHandle(stack.client, r.workflowId)),
      stack.client.workflow.getHandle(ledgerWorkflowId(stack.taskQueue)),
    ];
    const histories = await Promise.all(handles.map((h) => h.fetchHistory()));
    const json = histories.map((h) => historyToJSON(h)).join('\n');
    const bytes = Buffer.concat(
      histories.map((h) => Buffer.from(protos.temporal.api.history.v1.History.encode(h).finish())),
    );
    const people = stack.sim.directory.users();
    expect(people.length).toBeGreaterThan(30);
    const forbidden = [
      stranger,
      ...people.flatMap((u) => [u.email, `${u.firstname} ${u.lastname}`]),
      ...SENTINELS,
    ];
    for (const text of forbidden) {
      expect(json.includes(text), `${text} in a history's JSON`).toBe(false);
      expect(bytes.includes(text), `${text} in a history's bytes`).toBe(false);
    }
    // Every payload is encrypted; the rotated run holds payloads of both keys.
    const waitingPayloads = payloadsIn(JSON.parse(historyToJSON(histories[0]!)));
    // (Search attributes are payloads the server indexes, and a patch marker is the SDK's own: no codec
    // touches them. They hold the playbook, the plan hash, the subject's pseudonym and a patch id.)
    const clear = waitingPayloads.filter((p) => p.metadata.encoding !== ENCRYPTED);
    expect(clear.map((p) => Buffer.from(p.data, 'base64').toString())).toEqual(
      expect.arrayContaining([`"${encK1.pseudonym(engineer.email)}"`, '"access-request"']) as string[],
    );
    for (const p of clear)
      expect(
        p.metadata.type !== undefined || Buffer.from(p.data, 'base64').toString().includes('"deprecated"'),
      ).toBe(true);
    const keyIds = new Set(
      waitingPayloads
        .filter((p) => p.metadata.encoding === ENCRYPTED)
        .map((p) => Buffer.from(p.metadata['encryption-key-id'] ?? '', 'base64').toString()),
    );
    expect(keyIds).toEqual(new Set(['k1', 'k2']));

    // 2. With the keys, `idflow status` shows the subject and the directory's data.
    const d = await describeRun(both, waiting.workflowId);
    expect(d.state?.subject).toBe(engineer.email);
    const shown = renderRunDescription(d);
    expect(shown).toContain(engineer.email);
    const failedView = await describeRun(both, failed.workflowId);
    expect(failedView.state?.failure?.message).toContain(stranger);
    // …and finds runs by subject through their pseudonyms, one per key.
    const listed = await listRuns(stack.client, {
      subject: encBoth.pseudonyms(engineer.email)[1]!,
      limit: 10,
    });
    expect(listed.map((r) => r.workflowId)).toContain(waiting.workflowId);
    // Without the old key, what it wrote cannot be read.
    const onlyNew = await client(encK2);
    await expect(runHandle(onlyNew, done.workflowId).result()).rejects.toThrow(/key id "k1"/);

    // 3. The codec endpoint, as the Temporal UI calls it.
    const preflight = await fetch(`${serverUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: UI,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace,authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('X-Namespace');
    const decodeBody = JSON.stringify({ payloads: waitingPayloads });
    const post = (headers: Record<string, string>) =>
      fetch(`${serverUrl}/codec/decode`, {
        method: 'POST',
        body: decodeBody,
        headers: { 'content-type': 'application/json', origin: UI, 'x-namespace': 'default', ...headers },
      });
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: `Bearer ${API_TOKEN}`, 'x-namespace': 'other' })).status).toBe(403);
    const decoded = await post({ authorization: `Bearer ${API_TOKEN}` });
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('access-control-allow-origin')).toBe(UI);
    const plain = (
      (await decoded.json()) as { payloads: { metadata: Record<string, string>; data: string }[] }
    ).payloads
      .map((p) => Buffer.from(p.data, 'base64').toString())
      .join('\n');
    expect(plain).toContain(engineer.email);
    expect(plain).toContain(engManager.email);

    // 4. No key in any log: the workers' (at debug level) and the server's.
    const logs = [...workers.flatMap((w) => w.lines), ...serverLogs].join('\n');
    expect(workers.every((w) => w.lines.length > 10)).toBe(true);
    for (const s of SENTINELS) expect(logs.includes(s), 'a codec key in the logs').toBe(false);
    // Nor the people: the refusal is logged by rule, action and count, never by whom it would have changed.
    for (const u of people) expect(logs.includes(u.email), `${u.email} in the logs`).toBe(false);
  }, 120_000);

  it('the CLI with the keys: a dry run with --wait, its status, and runs found by subject', async () => {
    const idflow = (...args: string[]): Promise<CliResult> =>
      runIdflow(args, {
        ...temporalEnv(stack.taskQueue),
        IDFLOW_CODEC_KEYS: 'k2,k1',
        IDFLOW_SECRETS_FILE: secretsFile,
      });
    const { suspended } = FIXTURE_USERS;
    const audit = stack.sim.audit().length;
    const dry = await idflow(
      'run',
      OFFBOARDING,
      '-i',
      `email=${suspended.email}`,
      '-i',
      'lastDay=2024-06-28',
      '--dry-run',
      '--wait',
    );
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('COMPLETED (dry run: nothing was changed)');
    expect(dry.stdout).toContain(`removeGroups: would remove ${suspended.email} from Sales`);
    expect(dry.stdout).toContain(`expirePassword: would expire the password of ${suspended.email}`);
    expect(stack.sim.audit().length).toBe(audit);
    const id = /^(offboarding:\S+)/m.exec(dry.stdout)?.[1] ?? '';
    expect(id).not.toContain(suspended.email);

    const status = await idflow('status', id);
    expect(status.stdout).toContain('DRY RUN: nothing was changed');
    expect(status.stdout).toContain(`subject ${suspended.email}`);
    const runs = await idflow('runs', '--subject', suspended.email);
    expect(runs.stdout).toContain(id);
  }, 60_000);
});
