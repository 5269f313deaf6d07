// Rate limits, outages and transport failures against the simulator's fault injection. The simulator's
// request log (arrival time, status, Retry-After) is the witness for when and how often the client retried.
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createJumpCloudClient } from '../../src/activities/jumpcloud/client.js';
import { JumpCloudApiError } from '../../src/activities/jumpcloud/errors.js';
import { JumpCloudFailureType, toActivityFailure } from '../../src/activities/jumpcloud/failures.js';
import type { UserGroup } from '../../src/jumpcloud/types.js';
import { until, useSimulator } from './simulator.js';

const s = useSimulator({ seed: 11, users: 20 });
afterEach(() => s.sim.setFaults({}));

async function failure(promise: Promise<unknown>): Promise<JumpCloudApiError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(JumpCloudApiError);
  return err as JumpCloudApiError;
}

const ORGS = { method: 'GET', path: '/api/organizations' } as const;

describe('429 Too Many Requests', () => {
  it('waits out Retry-After, then succeeds (the retry arrives no sooner than the server asked)', async () => {
    const client = s.client();
    const mark = s.mark();
    s.sim.setFaults({ rate429: 1, retryAfterSeconds: 1 });
    const pending = client.request<{ totalCount: number }>(ORGS);
    await until(() => s.requestsSince(mark).some((r) => r.status === 429));
    s.sim.setFaults({});
    await expect(pending).resolves.toMatchObject({ totalCount: 1 });

    const [limited, retried, ...rest] = s.requestsSince(mark);
    expect(rest).toEqual([]);
    expect(limited).toMatchObject({ status: 429, retryAfterSeconds: 1 });
    expect(retried).toMatchObject({ status: 200, path: limited?.path });
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('retries a POST too: a 429 means the request was not processed', async () => {
    const client = s.client();
    const mark = s.mark();
    const auditMark = s.sim.audit().length;
    s.sim.setFaults({ rate429: 1, retryAfterSeconds: 1 });
    const pending = client.request<UserGroup>({
      method: 'POST',
      path: '/api/v2/usergroups',
      body: { name: 'Interns' },
    });
    await until(() => s.requestsSince(mark).some((r) => r.status === 429));
    s.sim.setFaults({});
    await expect(pending).resolves.toMatchObject({ name: 'Interns' });
    expect(s.requestsSince(mark).map((r) => r.status)).toEqual([429, 201]);
    expect(
      s.sim
        .audit()
        .slice(auditMark)
        .map((a) => a.operation),
    ).toEqual(['usergroup.create']);
  });

  it('gives up after maxRetries with a retryable error carrying retryAfterMs → nextRetryDelay', async () => {
    const client = s.client({ retry429: { maxRetries: 1 } });
    const mark = s.mark();
    s.sim.setFaults({ rate429: 1, retryAfterSeconds: 1 });
    const err = await failure(client.request(ORGS));

    expect(err).toMatchObject({
      status: 429,
      reason: 'RateLimited',
      retryable: true,
      retryAfterMs: 1000,
      attempts: 2,
    });
    expect(err.message).toContain('(after 2 attempts)');
    const log = s.requestsSince(mark);
    expect(log.map((r) => r.status)).toEqual([429, 429]);
    expect((log[1]?.at ?? 0) - (log[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);

    expect(toActivityFailure(err)).toMatchObject({
      type: JumpCloudFailureType.RateLimited,
      nonRetryable: false,
      nextRetryDelay: 1000,
      details: [{ method: 'GET', path: '/api/organizations', status: 429 }],
    });
  });

  it('does not block for a Retry-After beyond maxDelayMs: throws at once and lets Temporal wait', async () => {
    const client = s.client({ retry429: { maxDelayMs: 2_000 } });
    const mark = s.mark();
    s.sim.setFaults({ rate429: 1, retryAfterSeconds: 30 });
    const started = Date.now();
    const err = await failure(client.request(ORGS));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(err).toMatchObject({ reason: 'RateLimited', retryAfterMs: 30_000, attempts: 1 });
    expect(s.requestsSince(mark)).toHaveLength(1);
    expect(toActivityFailure(err).nextRetryDelay).toBe(30_000);
  });

  it('stops waiting when the caller aborts (activity cancellation) and throws the abort reason', async () => {
    const client = s.client();
    const mark = s.mark();
    s.sim.setFaults({ rate429: 1, retryAfterSeconds: 1 });
    const controller = new AbortController();
    const reason = new Error('activity cancelled');
    const pending = client.request({ ...ORGS, signal: controller.signal });
    await until(() => s.requestsSince(mark).length === 1);
    const started = Date.now();
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(500);
    expect(s.requestsSince(mark)).toHaveLength(1);
  });
});

describe('503 Service Unavailable', () => {
  it('retries a GET with backoff and succeeds once the service is back', async () => {
    const client = s.client({ retry: { baseDelayMs: 400 } });
    const mark = s.mark();
    s.sim.setFaults({ rate503: 1 });
    const pending = client.request(ORGS);
    await until(() => s.requestsSince(mark).some((r) => r.status === 503));
    s.sim.setFaults({});
    await expect(pending).resolves.toMatchObject({ totalCount: 1 });
    expect(s.requestsSince(mark).map((r) => r.status)).toEqual([503, 200]);
  });

  it('gives up on a GET after the bounded retries with a retryable Unavailable', async () => {
    const client = s.client({ retry: { maxRetries: 2, baseDelayMs: 20 } });
    const mark = s.mark();
    s.sim.setFaults({ rate503: 1 });
    const err = await failure(client.request(ORGS));
    expect(err).toMatchObject({ status: 503, reason: 'Unavailable', retryable: true, attempts: 3 });
    expect(s.requestsSince(mark).map((r) => r.status)).toEqual([503, 503, 503]);
    expect(toActivityFailure(err)).toMatchObject({
      type: JumpCloudFailureType.Unavailable,
      nonRetryable: false,
    });
  });

  it('does not retry a POST in-process (its effect may have applied); Temporal may, later', async () => {
    const client = s.client({ retry: { maxRetries: 2, baseDelayMs: 20 } });
    const mark = s.mark();
    s.sim.setFaults({ rate503: 1 });
    const err = await failure(
      client.request({ method: 'POST', path: '/api/v2/usergroups', body: { name: 'Never created' } }),
    );
    expect(err).toMatchObject({ status: 503, retryable: true, attempts: 1 });
    expect(s.requestsSince(mark)).toHaveLength(1);
  });
});

describe('transport failures', () => {
  it('connection refused: status 0, retryable Network, retried even for POST since nothing was sent', async () => {
    const port = await closedPort();
    const key = 'SENTINEL-network-key-5d1c0b9e8a7f6e5d';
    const client = createJumpCloudClient({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: key,
      retry: { baseDelayMs: 10 },
    });
    try {
      const get = await failure(client.request(ORGS));
      expect(get).toMatchObject({ status: 0, reason: 'Network', retryable: true, attempts: 3 });
      expect(get.message).toMatch(/^JumpCloud GET \/api\/organizations → network error: .*ECONNREFUSED/);
      const post = await failure(
        client.request({ method: 'POST', path: '/api/v2/usergroups', body: { name: 'x' } }),
      );
      expect(post.attempts).toBe(3);
      for (const text of [get.message, JSON.stringify(get), inspect(get, { depth: 10, showHidden: true })]) {
        expect(text).not.toContain(key);
      }
      expect(toActivityFailure(get)).toMatchObject({
        type: JumpCloudFailureType.Network,
        nonRetryable: false,
      });
    } finally {
      await client.close();
    }
  });

  it('a slow answer times out as a retryable Timeout; a timed-out POST is not resent', async () => {
    // undici checks sub-second timeouts on a ~1 s tick, so the latency must clear that tick.
    const client = s.client({ timeoutMs: 200, retry: { maxRetries: 1, baseDelayMs: 10 } });
    s.sim.setFaults({ latencyMs: 1_500 });
    const get = await failure(client.request(ORGS));
    expect(get).toMatchObject({ status: 0, reason: 'Timeout', retryable: true, attempts: 2 });
    expect(get.message).toContain('→ timeout');
    expect(toActivityFailure(get).type).toBe(JumpCloudFailureType.Timeout);

    const post = await failure(
      client.request({ method: 'POST', path: '/api/v2/usergroups', body: { name: 'Slow' } }),
    );
    expect(post).toMatchObject({ reason: 'Timeout', attempts: 1 });
    // The simulator logs only answered requests and these were cut off, so the client's counter is the
    // witness: two GET attempts, one POST.
    expect(client.stats().requestsSent).toBe(3);
  });
});

/** A port nothing listens on: bind an ephemeral port, then release it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
