// Secrets stay secret. Every example runs with sentinel values for every secret there is — the JumpCloud
// API key, the chat webhook URLs, the HRIS webhook secret, the API bearer token, the approval-link key —
// through the real HTTP server (runs API, signed webhooks, approval links) and a worker process logging at
// debug level. Afterwards none of those values appears in the worker's output, the server's log, or any
// workflow history fetched from Temporal.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRuns } from '../../src/client/list.js';
import { hrisWebhookYaml } from '../../src/dev/devConfig.js';
import { runHandle, waitForState } from '../../src/client/runs.js';
import { PRESETS } from '../../src/server/presets.js';
import { signRequest } from '../../src/server/signature.js';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import { EXAMPLES, request, startServerStack, type ServerStack } from '../helpers/serverStack.js';
import { spawnWorker, type WorkerProcess } from '../helpers/workerProcess.js';

const SENTINELS = {
  JUMPCLOUD_API_KEY: 'jc-SENTINEL-a91f3c7e55d04b2e8c6f',
  CHAT_TOKEN: 'SENTINELchat4b8d2f6a',
  IT_TOKEN: 'SENTINELit7c1e9d3b',
  APPROVALS_TOKEN: 'SENTINELappr2e8a6c4f',
  HRIS_SECRET: 'hris-SENTINEL-5e2b8f1c9a7d',
  API_TOKEN: 'api-SENTINEL-3c9e7a1f5b2d8e4a',
  LINK_KEY: 'link-SENTINEL-0f4b8c2e6a1d9f3b7c5e8a2d',
};

const CONFIG = `
playbooks:
  - ${EXAMPLES}access-request.yaml
  - ${EXAMPLES}password-reset.yaml
  - ${EXAMPLES}mfa-reset.yaml
tokens:
  - { name: ci, secret: API_TOKEN }
approvals: { signingKey: LINK_KEY, ttl: 1h }
webhooks:
${hrisWebhookYaml({ source: 'hris', secret: 'HRIS_SECRET', examples: EXAMPLES })}`;

describe('sentinel secrets never leak', () => {
  let s: ServerStack;
  let worker: WorkerProcess;

  beforeAll(async () => {
    s = await startServerStack(
      'secrets',
      CONFIG,
      { HRIS_SECRET: SENTINELS.HRIS_SECRET, API_TOKEN: SENTINELS.API_TOKEN, LINK_KEY: SENTINELS.LINK_KEY },
      {
        simulator: { apiKey: SENTINELS.JUMPCLOUD_API_KEY },
      },
    );
    // Runs go to a worker process configured the production way, with everything logged at debug level.
    await s.stack.worker.stop();
    const dir = await mkdtemp(join(tmpdir(), 'idflow-secrets-'));
    const secretsFile = join(dir, 'secrets.json');
    await writeFile(
      secretsFile,
      JSON.stringify({
        CHAT_WEBHOOK_URL: s.stack.inbox.urlFor(`chat/${SENTINELS.CHAT_TOKEN}`),
        IT_REQUESTS_WEBHOOK_URL: s.stack.inbox.urlFor(`it/${SENTINELS.IT_TOKEN}`),
        APPROVALS_WEBHOOK_URL: s.stack.inbox.urlFor(`approvals/${SENTINELS.APPROVALS_TOKEN}`),
      }),
    );
    worker = await spawnWorker({
      IDFLOW_TASK_QUEUE: s.stack.taskQueue,
      JUMPCLOUD_BASE_URL: s.stack.sim.url,
      JUMPCLOUD_API_KEY: SENTINELS.JUMPCLOUD_API_KEY,
      IDFLOW_SECRETS_FILE: secretsFile,
      IDFLOW_APPROVAL_CHANNEL: 'APPROVALS_WEBHOOK_URL',
      IDFLOW_PUBLIC_URL: s.url,
      IDFLOW_APPROVAL_LINK_KEY: SENTINELS.LINK_KEY,
      IDFLOW_LOG_LEVEL: 'debug',
    });
  });
  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await s?.close();
  });

  const api = (path: string, body?: unknown) =>
    request(`${s.url}${path}`, {
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      headers: { authorization: `Bearer ${SENTINELS.API_TOKEN}`, 'content-type': 'application/json' },
    });
  const hook = (event: Record<string, unknown>) => {
    const body = JSON.stringify(event);
    const headers = signRequest(
      PRESETS.generic.scheme,
      SENTINELS.HRIS_SECRET,
      body,
      String(Math.floor(Date.now() / 1000)),
    );
    return request(`${s.url}/hooks/hris`, {
      body,
      headers: { ...headers, 'content-type': 'application/json' },
    });
  };
  /** Approves through the link the approvers' chat message carried. */
  const approveByLink = async (workflowId: string, stepId: string, approver: string) => {
    await waitForState(s.stack.client, workflowId, (st) =>
      st.approvals.some(
        (a) => a.stepId === stepId && a.status === 'pending' && a.announcement?.startsWith('sent') === true,
      ),
    );
    const message = s.stack.inbox
      .messages()
      .reverse()
      .find(
        (m) =>
          m.text.includes(workflowId) ||
          ((m.body as { blocks?: unknown }).blocks !== undefined &&
            JSON.stringify(m.body).includes(workflowId)),
      );
    const link = new RegExp(`${approver.replace(/[.]/g, '\\.')}: (\\S+)`).exec(message?.text ?? '')?.[1];
    expect(link, `a link for ${approver} in the approval message of ${workflowId}`).toBeDefined();
    const res = await fetch(link!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ decision: 'approve' }).toString(),
    });
    expect(res.status).toBe(200);
  };

  it('runs all five examples and finds no sentinel in logs or histories', async () => {
    const started: string[] = [];
    const start = async (playbook: string, inputs: Record<string, unknown>, requestedBy?: string) => {
      const res = await api('/runs', { playbook, inputs, ...(requestedBy ? { requestedBy } : {}) });
      expect(res.status, res.text).toBe(202);
      const id = String(res.json.id);
      started.push(id);
      return id;
    };

    const access = await start(
      'access-request',
      { email: FIXTURE_USERS.engineer.email, group: 'Support' },
      FIXTURE_USERS.helpDesk.email,
    );
    await approveByLink(access, 'approval', FIXTURE_USERS.engManager.email);
    const reset = await start('password-reset', { email: FIXTURE_USERS.locked.email });
    await approveByLink(reset, 'verify', FIXTURE_USERS.helpDesk.email);
    const mfa = await start('mfa-reset', { email: FIXTURE_USERS.engineer.email, reason: 'new phone' });
    await approveByLink(mfa, 'verify', FIXTURE_USERS.helpDesk.email);
    await approveByLink(mfa, 'managerApproval', FIXTURE_USERS.engManager.email);

    const today = new Date().toISOString().slice(0, 10);
    const hired = await hook({
      id: 'evt-secret-1',
      type: 'employee.hired',
      data: {
        workEmail: 'sentinel.hire@example.com',
        firstName: 'Sam',
        lastName: 'Tinel',
        department: 'Sales',
        managerEmail: FIXTURE_USERS.ceo.email,
        startDate: '2020-01-01',
      },
    });
    expect(hired.status).toBe(202);
    started.push(String(hired.json.id));
    const left = await hook({
      id: 'evt-secret-2',
      type: 'employee.terminated',
      data: {
        workEmail: FIXTURE_USERS.suspended.email,
        lastDay: today > '2020-01-02' ? '2020-01-02' : today,
      },
    });
    expect(left.status).toBe(202);
    started.push(String(left.json.id));

    for (const id of started) await runHandle(s.stack.client, id).result();
    // Every run did its job (and so exercised the secrets): each sent at least one chat message.
    expect(s.stack.inbox.messages().length).toBeGreaterThanOrEqual(8);
    // The secrets were really used: messages arrived at the secret URLs, the simulator accepted the key.
    const channels = new Set(s.stack.inbox.messages().map((m) => m.channel));
    expect(channels).toEqual(
      new Set([
        `chat/${SENTINELS.CHAT_TOKEN}`,
        `it/${SENTINELS.IT_TOKEN}`,
        `approvals/${SENTINELS.APPROVALS_TOKEN}`,
      ]),
    );
    expect(s.stack.sim.requests().every((r) => r.status !== 401)).toBe(true);
    expect(
      (await listRuns(s.stack.client, { status: 'Completed', limit: 100 })).length,
    ).toBeGreaterThanOrEqual(5);

    const histories = await Promise.all(
      started.map(async (id) => JSON.stringify(await runHandle(s.stack.client, id).fetchHistory())),
    );
    const worlds = {
      'worker output': worker.lines.join('\n'),
      'server log': s.logs.join('\n'),
      histories: histories.join('\n'),
    };
    expect(worker.lines.length).toBeGreaterThan(20); // debug logging really happened
    for (const [where, text] of Object.entries(worlds)) {
      for (const [name, value] of Object.entries(SENTINELS)) {
        expect(text.includes(value), `${name} found in ${where}`).toBe(false);
      }
    }
  }, 180_000);
});
