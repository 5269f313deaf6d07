// The runs API behind bearer tokens, /healthz and /metrics, through the real HTTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForState } from '../../src/client/runs.js';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import type { RunResult } from '../../src/workflows/types.js';
import {
  FIXTURES,
  request,
  startServerStack,
  waitForRunCount,
  type ServerStack,
} from '../helpers/serverStack.js';

const SECRETS = {
  OPS_TOKEN: 'ops-bearer-token-5c2e8a1f9d7b3',
  VIEWER_TOKEN: 'viewer-bearer-token-1a9f7d5b3e',
  LINK_KEY: 'approval-link-signing-key-4e6c8a0b2d4f6e8a0c',
};

const CONFIG = `
publicUrl: https://idflow.example.com
bodyLimit: 4096
playbooks: [${FIXTURES}approval.yaml]
tokens:
  - { name: ops, secret: OPS_TOKEN }
  - { name: viewer, secret: VIEWER_TOKEN, access: read }
approvals: { signingKey: LINK_KEY, ttl: 24h }
`;

describe('runs API', () => {
  let s: ServerStack;
  const api = (
    path: string,
    init: { method?: string; body?: unknown; token?: string | null } = {},
  ): ReturnType<typeof request> => {
    const token = init.token === undefined ? SECRETS.OPS_TOKEN : init.token;
    return request(`${s.url}${path}`, {
      ...(init.method ? { method: init.method } : {}),
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
      },
    });
  };

  beforeAll(async () => {
    s = await startServerStack('api', CONFIG, SECRETS);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('refuses a missing, wrong or malformed bearer token with 401; a read token may not write (403)', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer nope-nope-nope-nope' },
      { authorization: SECRETS.OPS_TOKEN },
      { authorization: `Basic ${SECRETS.OPS_TOKEN}` },
    ]) {
      const res = await request(`${s.url}/runs`, { headers });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: 'unauthorized', message: 'a valid bearer token is required' });
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="idflow"');
    }
    expect((await api('/runs', { token: SECRETS.VIEWER_TOKEN })).status).toBe(200);
    const write = await api('/runs', {
      method: 'POST',
      body: { playbook: 'server-test-approval' },
      token: SECRETS.VIEWER_TOKEN,
    });
    expect(write.status).toBe(403);
    expect(write.json).toEqual({ error: 'forbidden', message: 'token viewer may only read' });
  });

  it('starts a run (202), answers the same key with the same run (200), lists, describes and cancels it', async () => {
    // A subject of its own (other test files run jordan.lee's requests): the counts below are exact.
    const email = FIXTURE_USERS.sysadmin.email;
    const body = {
      playbook: 'server-test-approval',
      inputs: { email, group: 'Support', reason: 'on call' },
      key: 'api-test-1',
      requestedBy: FIXTURE_USERS.helpDesk.email,
    };
    const started = await api('/runs', { method: 'POST', body });
    expect(started.status).toBe(202);
    const id = `server-test-approval:${email}:api-test-1`;
    expect(started.json).toEqual({ id, playbook: 'server-test-approval', subject: email, started: true });
    const again = await api('/runs', { method: 'POST', body });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ id, started: false });

    const state = await waitForState(s.stack.client, id, (st) =>
      st.approvals.some((a) => a.status === 'pending'),
    );
    const manager = state.approvals[0]?.approvers[0];
    expect(manager).toMatch(/@example\.com$/);
    await waitForRunCount(s.stack.client, 'server-test-approval', email, 1);
    const listed = await api(
      `/runs?playbook=server-test-approval&subject=${encodeURIComponent(email)}&status=Running`,
      {
        token: SECRETS.VIEWER_TOKEN,
      },
    );
    expect(listed.status).toBe(200);
    expect(listed.json.runs).toEqual([
      expect.objectContaining({ workflowId: id, status: 'RUNNING', playbook: 'server-test-approval' }),
    ]);

    const described = await api(`/runs/${encodeURIComponent(id)}`, { token: SECRETS.VIEWER_TOKEN });
    expect(described.status).toBe(200);
    expect(described.json).toMatchObject({
      workflowId: id,
      executionStatus: 'RUNNING',
      state: { status: 'waitingForApproval' },
    });

    const links = await api(`/runs/${encodeURIComponent(id)}/approvals/approval/links`, { method: 'POST' });
    expect(links.status).toBe(200);
    expect(links.json.links).toEqual([
      {
        approver: manager,
        url: expect.stringMatching(/^https:\/\/idflow\.example\.com\/approve\/[\w-]+\.[\w-]+$/) as unknown,
        expiresAt: expect.any(String) as unknown,
      },
    ]);

    const cancelled = await api(`/runs/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
    expect(cancelled.status).toBe(202);
    expect(cancelled.json).toEqual({ id, status: 'cancelling' });
    await s.stack.client.workflow
      .getHandle(id)
      .result()
      .catch(() => undefined);
    const twice = await api(`/runs/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
    expect(twice.status).toBe(409);
    expect(twice.json.error).toBe('not_running');
  });

  it('starts a dry run on request: it says what it would change and changes nothing', async () => {
    const email = FIXTURE_USERS.locked.email;
    const audit = s.stack.sim.audit().length;
    const started = await api('/runs', {
      method: 'POST',
      body: {
        playbook: 'server-test-approval',
        inputs: { email, group: 'Marketing' },
        key: 'api-dry-1',
        dryRun: true,
      },
    });
    expect(started.status).toBe(202);
    const id = `server-test-approval:${email}:dry-run-api-dry-1`;
    expect(started.json).toEqual({
      id,
      playbook: 'server-test-approval',
      subject: email,
      started: true,
      dryRun: true,
    });
    const result = (await s.stack.client.workflow.getHandle(id).result()) as RunResult;
    expect(result.dryRun?.mutations.map((m) => [m.step, m.op])).toEqual([['grant', 'userGroup.member.add']]);
    expect(s.stack.sim.audit().length).toBe(audit);
    const described = await api(`/runs/${encodeURIComponent(id)}`, { token: SECRETS.VIEWER_TOKEN });
    expect(described.json).toMatchObject({ executionStatus: 'COMPLETED', state: { dryRun: true } });
  });

  it('answers bad requests with {error, message}: unknown playbook, invalid inputs, bad query, unknown run', async () => {
    const unknown = await api('/runs', { method: 'POST', body: { playbook: 'nope' } });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({
      error: 'unknown_playbook',
      message: 'no playbook nope on this server (it has: server-test-approval)',
    });

    const inputs = await api('/runs', {
      method: 'POST',
      body: { playbook: 'server-test-approval', inputs: { email: 'not-an-email' } },
    });
    expect(inputs.status).toBe(400);
    expect(inputs.json.error).toBe('invalid_inputs');
    expect(inputs.json.message).toContain('missing input `group`');

    const extra = await api('/runs', {
      method: 'POST',
      body: { playbook: 'server-test-approval', colour: 'red' },
    });
    expect(extra.status).toBe(400);
    expect(extra.json).toEqual({
      error: 'invalid_request',
      message: 'body must NOT have additional properties',
    });

    const notJson = await request(`${s.url}/runs`, {
      body: '{"playbook":',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRETS.OPS_TOKEN}` },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error).toBe('invalid_request');
    expect(notJson.text).not.toMatch(/at .*\.js/); // no stack trace

    const big = await api('/runs', {
      method: 'POST',
      body: { playbook: 'server-test-approval', inputs: { reason: 'x'.repeat(5000) } },
    });
    expect(big.status).toBe(413); // the configured bodyLimit
    expect(big.json).toEqual({
      error: 'payload_too_large',
      message: 'the request body is larger than 4096 bytes',
    });

    expect((await api('/runs?status=Sleeping')).status).toBe(400);
    expect((await api('/runs?limit=100000')).status).toBe(400);
    const missing = await api('/runs/no-such-run');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'not_found', message: 'no run with id no-such-run' });
  });

  it('GET /healthz reports Temporal reachable; GET /metrics speaks Prometheus', async () => {
    const health = await request(`${s.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: 'ok', temporal: 'reachable' });
    const metrics = await request(`${s.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.text).toContain('# TYPE idflow_http_requests_total counter');
    expect(metrics.text).toMatch(
      /idflow_http_requests_total\{route="\/runs",method="GET",status="401"\} \d+/,
    );
    expect(metrics.text).toMatch(
      /idflow_runs_started_total\{playbook="server-test-approval",trigger="api"\} 1/,
    );
    expect(metrics.text).toMatch(
      /idflow_http_request_duration_seconds_bucket\{route="\/healthz",le="\+Inf"\} \d+/,
    );
  });

  it('never logs a bearer token or the link-signing key', () => {
    const text = s.logs.join('\n');
    expect(text).toContain('"route":"/runs"');
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  });
});
