// Authentication, the org header for multi-tenant keys, unknown routes, and the rule that the API key
// never comes back in anything the simulator says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { client, type Client } from './harness.js';

const KEY = 'test-key-3f9a1c0d4b7e4e21a6c8d2f0b5e9a713';

describe('x-api-key', () => {
  let sim: Simulator;
  let api: Client;
  beforeAll(async () => {
    sim = await startSimulator({ apiKey: KEY, users: 10 });
    api = client(sim);
  });
  afterAll(() => sim.close());

  it.each([
    '/api/organizations',
    '/api/systemusers',
    '/api/v2/usergroups',
    '/__simulator/audit',
    '/api/unknown',
  ])('answers 401 without a key: %s', async (url) => {
    const response = await api.get<{ code: number }>(url, {
      noKey: true,
      skipSpecCheck: url === '/api/unknown',
    });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 401 });
  });

  it('answers 401 with a wrong key (same length or not), and 200 with the right one', async () => {
    for (const wrong of ['nope', KEY.replace(/.$/, '0'), `${KEY}x`]) {
      const response = await api.get('/api/systemusers', { noKey: true, headers: { 'x-api-key': wrong } });
      expect(response.status).toBe(401);
      expect(response.text).not.toContain(wrong);
    }
    expect((await api.get('/api/systemusers')).status).toBe(200);
  });

  it('never echoes the key: not in bodies, headers, the audit or the request log', async () => {
    sim.setFaults({ rate429: 1 });
    const faulted = await api.get('/api/systemusers');
    sim.setFaults({});
    const responses = [
      faulted,
      await api.get('/api/systemusers?limit=100'),
      await api.get('/api/systemusers?filter=nonsense'),
      await api.post('/api/systemusers', { username: 'k.user', email: 'k@example.com' }),
      await api.get('/api/v2/usergroups?limit=100'),
      await api.get('/api/organizations'),
      await api.get('/__simulator/requests'),
      await api.get('/__simulator/audit'),
      await api.get('/__simulator/faults'),
    ];
    expect(faulted.status).toBe(429);
    for (const response of responses) {
      expect(JSON.stringify([...response.headers.entries()])).not.toContain(KEY);
      expect(response.text).not.toContain(KEY);
    }
    expect(JSON.stringify([sim.audit(), sim.requests(), sim.directory.snapshot()])).not.toContain(KEY);
  });

  it('answers unknown routes and methods with 404 in the error shape', async () => {
    const v1 = await api.get<Record<string, unknown>>('/api/nothing-here', { skipSpecCheck: true });
    expect(v1.status).toBe(404);
    expect(v1.body).toEqual({
      code: 404,
      message: 'No route for GET /api/nothing-here',
      status: 'Not Found',
    });
    const v2 = await api.call<Record<string, unknown>>('DELETE', '/api/v2/usergroups', {
      skipSpecCheck: true,
    });
    expect(v2.status).toBe(404);
    expect(v2.body).toEqual({ code: 404, message: 'No route for DELETE /api/v2/usergroups' });
  });

  it('answers 415 in the error shape for a body that is not JSON', async () => {
    const response = await api.call('POST', '/api/systemusers', {
      rawBody: '<user/>',
      headers: { 'content-type': 'application/xml' },
      skipSpecCheck: true,
    });
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({ code: 415 });
  });
});

describe('x-org-id for multi-tenant keys', () => {
  let sim: Simulator;
  let api: Client;
  beforeAll(async () => {
    sim = await startSimulator({ multiTenant: true, users: 10, orgId: '5f1e2d3c4b5a69788796a5b4' });
    api = client(sim);
  });
  afterAll(() => sim.close());

  it('uses the given org id', () => {
    expect(sim.orgId).toBe('5f1e2d3c4b5a69788796a5b4');
    expect(sim.directory.organization._id).toBe(sim.orgId);
  });

  it('requires the header on directory routes', async () => {
    const missing = await api.get<{ message: string }>('/api/systemusers');
    expect(missing.status).toBe(401);
    expect(missing.body.message).toBe('ID not included for multi-tenant admin');
    const malformed = await api.get<{ message: string }>('/api/systemusers', {
      headers: { 'x-org-id': 'x' },
    });
    expect([malformed.status, malformed.body.message]).toEqual([400, 'Malformed ID']);
    const other = await api.get<{ message: string }>('/api/v2/usergroups', {
      headers: { 'x-org-id': '0123456789abcdef01234567' },
    });
    expect([other.status, other.body.message]).toEqual([404, 'Organization ID Not Found']);
    expect((await api.get('/api/v2/usergroups', { headers: { 'x-org-id': sim.orgId } })).status).toBe(200);
  });

  it('refuses the header on /organizations (unsupported route) and accepts its absence', async () => {
    expect((await api.get('/api/organizations')).status).toBe(200);
    const refused = await api.get<{ message: string }>('/api/organizations', {
      headers: { 'x-org-id': sim.orgId },
    });
    expect([refused.status, refused.body.message]).toEqual([403, 'ID included on unsupported route']);
  });
});
