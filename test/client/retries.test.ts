// Rate limits, outages and transport failures against the simulator's fault injection. The client sends each
// request once and never retries: Temporal's retry policy retries the activity (one retry layer). What it
// keeps is the key-wide pause after a 429: the simulator's request log (arrival time, status, Retry-After) is
// the witness that no request left before the server's Retry-After.
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createJumpCloudClient } from '../../src/activities/jumpcloud/client.js';
import { JumpCloudApiError } from '../../src/activities/jumpcloud/errors.js';
import { JumpCloudFailureType, toActivityFailure } from '../../src/activities/jumpcloud/failures.js';
import type { UserGroup } from '../../src/jumpcloud/types.js';
import { useSimulator } from './simulator.js';

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
  it('fails at once as a retryable RateLimited carrying Retry-After → nextRetryDelay; sent once', async () => {
    const client = s.client();
    const mark = s.mark();
    s.sim.setFaults({ rate429: 1, retryAfterSeconds: 1 });
    const err = await failure(client.request(ORGS));
    expect(err).toMatchObject({ status: 429, reason: 'RateLimited', retryable: true, retryAfterMs: 1000 });
    expect(s.requestsSince(mark).map((r) => r.status)).toEqual([429]);
    expect(toActivityFailure(err)).toMatchObject({
      type: JumpCloudFailureType.RateLimited,
      nonRetryable: false,
      nextRetryDelay: 1000,
      details: [{ method: 'GET', path: '/api/organizations', status: 429 }],
    });
  });

  it('pauses every later request of the client (the limit is per key) until Retry-After has passed', async () => {
    const client = s.client();
    const mark = s.mark();
    s.sim.setFaults({ rate429: 1, retryAfterSeconds: 1 });
    await failure(client.request(ORGS));
    s.sim.setFaults({});
    // Another call, another path, even a POST: held back until the key's pause ends, then sent once.
    await expect(
      client.request<UserGroup>({ method: 'POST', path: '/api/v2/usergroups', body: { name: 'Interns' } }),
    ).resolves.toMatchObject({ name: 'Interns' });
    const [limited, next, ...rest] = s.requestsSince(mark);
    expect(rest).toEqual([]);
    expect(limited).toMatchObject({ status: 429, retryAfterSeconds: 1 });
    expect(next).toMatchObject({ status: 201, path: '/api/v2/usergroups' });
    expect((next?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('does not block for a pause beyond maxWaitMs: fails unsent at once and lets Temporal wait', async () => {
    const client = s.client({ rateLimitPause: { maxWaitMs: 2_000 } });
    const mark = s.mark();
    s.sim.setFaults({ rate429: 1, retryAfterSeconds: 30 });
    expect(await failure(client.request(ORGS))).toMatchObject({
      reason: 'RateLimited',
      retryAfterMs: 30_000,
    });
    s.sim.setFaults({});
    const unsent = await failure(client.request(ORGS));
    expect(unsent).toMatchObject({ reason: 'RateLimited', retryable: true });
    expect(unsent.jumpcloudMessage).toContain('not sent');
    expect(unsent.retryAfterMs).toBeGreaterThan(2_000);
    expect(toActivityFailure(unsent).nextRetryDelay).toBe(unsent.retryAfterMs);
    expect(s.requestsSince(mark)).toHaveLength(1);
  });

  it('stops waiting out a pause when the caller aborts (activity cancellation) and throws the abort reason', async () => {
    const client = s.client();
    const mark = s.mark();
    s.sim.setFaults({ rate429: 1, retryAfterSeconds: 5 });
    await failure(client.request(ORGS));
    s.sim.setFaults({});
    const controller = new AbortController();
    const reason = new Error('activity cancelled');
    const pending = client.request({ ...ORGS, signal: controller.signal });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(s.requestsSince(mark)).toHaveLength(1);
  });
});

describe('503 Service Unavailable', () => {
  it('is a retryable Unavailable after one attempt, for a GET as for a POST (Temporal retries the activity)', async () => {
    const client = s.client();
    const mark = s.mark();
    s.sim.setFaults({ rate503: 1 });
    const get = await failure(client.request(ORGS));
    const post = await failure(
      client.request({ method: 'POST', path: '/api/v2/usergroups', body: { name: 'Never created' } }),
    );
    for (const err of [get, post]) {
      expect(err).toMatchObject({ status: 503, reason: 'Unavailable', retryable: true });
      expect(toActivityFailure(err)).toMatchObject({
        type: JumpCloudFailureType.Unavailable,
        nonRetryable: false,
      });
    }
    expect(s.requestsSince(mark).map((r) => r.status)).toEqual([503, 503]);
  });
});

describe('transport failures', () => {
  it('connection refused: status 0, a retryable Network failure, one attempt, the key nowhere', async () => {
    const port = await closedPort();
    const key = 'SENTINEL-network-key-5d1c0b9e8a7f6e5d';
    const client = createJumpCloudClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: key });
    try {
      const get = await failure(client.request(ORGS));
      expect(get).toMatchObject({ status: 0, reason: 'Network', retryable: true });
      expect(get.message).toMatch(/^JumpCloud GET \/api\/organizations → network error: .*ECONNREFUSED/);
      for (const text of [get.message, JSON.stringify(get), inspect(get, { depth: 10, showHidden: true })]) {
        expect(text).not.toContain(key);
      }
      expect(toActivityFailure(get)).toMatchObject({
        type: JumpCloudFailureType.Network,
        nonRetryable: false,
      });
      expect(client.stats().requestsSent).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('a slow answer times out as a retryable Timeout, sent once', async () => {
    // undici checks sub-second timeouts on a ~1 s tick, so the latency must clear that tick.
    const client = s.client({ timeoutMs: 200 });
    s.sim.setFaults({ latencyMs: 1_500 });
    const get = await failure(client.request(ORGS));
    expect(get).toMatchObject({ status: 0, reason: 'Timeout', retryable: true });
    expect(get.message).toContain('→ timeout');
    expect(toActivityFailure(get).type).toBe(JumpCloudFailureType.Timeout);
    // The simulator logs only answered requests and this one was cut off: the client's counter is the witness.
    expect(client.stats().requestsSent).toBe(1);
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
