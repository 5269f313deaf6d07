// HTTP failures from the simulator become classified JumpCloudApiErrors (and the right Temporal failures),
// success bodies come back in the shape JumpCloud sends, and the API key never leaks.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { JumpCloudApiError } from '../../src/activities/jumpcloud/errors.js';
import { JumpCloudFailureType, toActivityFailure } from '../../src/activities/jumpcloud/failures.js';
import type { SystemUserReturn, UserGroup } from '../../src/jumpcloud/types.js';
import { startSimulator } from '../../src/simulator/index.js';
import { createJumpCloudClient } from '../../src/activities/jumpcloud/client.js';
import { useSimulator } from './simulator.js';

const SENTINEL_KEY = 'SENTINEL-api-key-7f3a9c1e5b2d4086-never-print';
const s = useSimulator({ seed: 3, users: 30 });

async function failure(promise: Promise<unknown>): Promise<JumpCloudApiError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(JumpCloudApiError);
  return err as JumpCloudApiError;
}

function userBy(username: string): SystemUserReturn & { _id: string } {
  const user = s.sim.directory.findUserByUsername(username);
  if (user === undefined) throw new Error(`fixture ${username} missing`);
  return user;
}

describe('error classification', () => {
  it('401 with a wrong key: non-retryable, says method/path/status, and never contains the key', async () => {
    const client = s.client({ apiKey: SENTINEL_KEY });
    const mark = s.mark();
    const err = await failure(
      client.request({ method: 'GET', path: '/api/systemusers', query: { limit: 5 } }),
    );

    expect(err).toMatchObject({
      method: 'GET',
      path: '/api/systemusers',
      status: 401,
      reason: 'Unauthorized',
    });
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^JumpCloud GET \/api\/systemusers → 401 Unauthorized: /);
    expect(s.requestsSince(mark)).toHaveLength(1); // not retried

    const failure401 = toActivityFailure(err);
    for (const text of [
      err.message,
      err.stack ?? '',
      JSON.stringify(err),
      inspect(err, { depth: 10, showHidden: true }),
      JSON.stringify(failure401.details),
      inspect(failure401, { depth: 10 }),
      inspect(client, { depth: 10, showHidden: true }),
    ]) {
      expect(text).not.toContain(SENTINEL_KEY);
    }
    expect(failure401).toMatchObject({ type: JumpCloudFailureType.Unauthorized, nonRetryable: true });
  });

  it('404 for an unknown user: non-retryable with JumpCloud message', async () => {
    const client = s.client();
    const id = '5f0000000000000000000abc';
    const err = await failure(client.request({ method: 'GET', path: `/api/systemusers/${id}` }));
    expect(err).toMatchObject({ status: 404, reason: 'NotFound', retryable: false });
    expect(err.message).toBe(`JumpCloud GET /api/systemusers/${id} → 404 Not Found: ${err.jumpcloudMessage}`);
    expect(err.jumpcloudMessage).not.toBe('');
    expect(err.code).toBeUndefined(); // v1's `status` is only the reason phrase
    expect(toActivityFailure(err)).toMatchObject({
      type: JumpCloudFailureType.NotFound,
      nonRetryable: true,
      details: [{ method: 'GET', path: `/api/systemusers/${id}`, status: 404 }],
    });
  });

  it('400 keeps v2 machine-readable code; 409 is a non-retryable Conflict', async () => {
    const client = s.client();
    const bad = await failure(
      client.request({ method: 'POST', path: '/api/v2/usergroups', body: { name: '' } }),
    );
    expect(bad).toMatchObject({ status: 400, reason: 'BadRequest', code: 'invalidName', retryable: false });
    expect(toActivityFailure(bad).type).toBe(JumpCloudFailureType.BadRequest);

    const group = s.sim.directory.groupByName('IT Admins');
    const member = userBy('alex.rivera');
    const conflict = await failure(
      client.request({
        method: 'POST',
        path: `/api/v2/usergroups/${group?.id}/members`,
        body: { op: 'add', type: 'user', id: member._id },
      }),
    );
    expect(conflict).toMatchObject({ status: 409, reason: 'Conflict', retryable: false });
    expect(toActivityFailure(conflict)).toMatchObject({
      type: JumpCloudFailureType.Conflict,
      nonRetryable: true,
    });
  });

  it('strips the query string from the error path (filters may hold personal data)', async () => {
    const client = s.client();
    const err = await failure(
      client.request({
        method: 'GET',
        path: '/api/systemusers',
        query: { filter: 'email:$bogus:a@example.com' },
      }),
    );
    expect(err.status).toBe(400);
    expect(err.path).toBe('/api/systemusers');
    expect(JSON.stringify(toActivityFailure(err).details)).not.toContain('a@example.com');
  });
});

describe('success bodies', () => {
  it('returns JSON objects, undefined for 204/empty and strings for text bodies', async () => {
    const client = s.client();
    const user = userBy('casey.nguyen'); // STAGED
    const group = s.sim.directory.groupByName('Contractors');

    const updated = await client.request<SystemUserReturn>({
      method: 'PUT',
      path: `/api/systemusers/${user._id}`,
      body: { jobTitle: 'Staff Engineer' },
    });
    expect(updated).toMatchObject({ _id: user._id, jobTitle: 'Staff Engineer' });

    const added = await client.request({
      method: 'POST',
      path: `/api/v2/usergroups/${group?.id}/members`,
      body: { op: 'add', type: 'user', id: user._id },
    });
    expect(added).toBeUndefined(); // 204

    const activated = await client.request({
      method: 'POST',
      path: `/api/systemusers/${user._id}/state/activate`,
      body: {},
    });
    expect(activated).toBe(''); // a JSON string
    const expired = await client.request({ method: 'POST', path: `/api/systemusers/${user._id}/expire` });
    expect(expired).toBeUndefined(); // empty text/plain

    const created = await client.request<UserGroup>({
      method: 'POST',
      path: '/api/v2/usergroups',
      body: { name: 'Temps' },
    });
    expect(created).toMatchObject({ name: 'Temps' });
  });
});

describe('x-org-id', () => {
  it('is sent on every route except /api/organizations, as a multi-tenant key requires', async () => {
    const msp = await startSimulator({ port: 0, seed: 5, users: 12, multiTenant: true });
    const withOrg = createJumpCloudClient({ baseUrl: msp.url, apiKey: msp.apiKey, orgId: msp.orgId });
    const withoutOrg = createJumpCloudClient({ baseUrl: msp.url, apiKey: msp.apiKey });
    try {
      const users = await withOrg.request<{ totalCount: number }>({
        method: 'GET',
        path: '/api/systemusers',
      });
      expect(users.totalCount).toBe(12);
      const orgs = await withOrg.request<{ results: { _id: string }[] }>({
        method: 'GET',
        path: '/api/organizations',
      });
      expect(orgs.results.map((o) => o._id)).toEqual([msp.orgId]);

      const missing = await failure(withoutOrg.request({ method: 'GET', path: '/api/systemusers' }));
      expect(missing).toMatchObject({ status: 401, retryable: false });
    } finally {
      await withOrg.close();
      await withoutOrg.close();
      await msp.close();
    }
  });
});
