// Fault and latency injection, the request log, and the control endpoints.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startSimulator,
  type Simulator,
  type RequestLogEntry,
  type AuditEntry,
} from '../../src/simulator/index.js';
import { FaultInjector } from '../../src/simulator/faults.js';
import { client, type Client } from './harness.js';

let sim: Simulator;
let api: Client;

beforeEach(async () => {
  sim = await startSimulator({ seed: 21, users: 20 });
  api = client(sim);
});
afterEach(() => sim.close());

describe('injected 429 and 503', () => {
  it('answers 429 with Retry-After and JumpCloud’s error body, and the faulted write changes nothing', async () => {
    sim.setFaults({ rate429: 1, retryAfterSeconds: 7 });
    const user = sim.directory.findUserByUsername('jordan.lee')!;
    const group = sim.directory.groupByName('Finance')!;
    const before = sim.directory.snapshot();

    const suspend = await api.post(`/api/systemusers/${user._id}/state/suspend`);
    expect(suspend.status).toBe(429);
    expect(suspend.headers.get('retry-after')).toBe('7');
    expect(suspend.body).toEqual({ code: 429, message: 'Too Many Requests', status: 'Too Many Requests' });
    const add = await api.post(`/api/v2/usergroups/${group.id}/members`, {
      op: 'add',
      type: 'user',
      id: user._id,
    });
    expect(add.status).toBe(429);
    expect(add.body).toEqual({ code: 429, message: 'Too Many Requests' });
    const create = await api.post('/api/systemusers', { username: 'ghost', email: 'ghost@example.com' });
    expect(create.status).toBe(429);

    expect(sim.directory.snapshot()).toEqual(before);
    expect(sim.audit()).toEqual([]);
    expect(sim.requests().map((entry) => [entry.status, entry.retryAfterSeconds])).toEqual([
      [429, 7],
      [429, 7],
      [429, 7],
    ]);

    sim.setFaults({});
    expect((await api.post(`/api/systemusers/${user._id}/state/suspend`)).status).toBe(200);
    expect(sim.audit().map((entry) => entry.operation)).toEqual(['systemuser.suspend']);
  });

  it('defaults Retry-After to 1 second', async () => {
    sim.setFaults({ rate429: 1 });
    expect((await api.get('/api/organizations')).headers.get('retry-after')).toBe('1');
  });

  it('answers 503 with the error body and no Retry-After', async () => {
    sim.setFaults({ rate503: 1 });
    const response = await api.get('/api/v2/usergroups');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(response.body).toEqual({ code: 503, message: 'Service Unavailable' });
  });

  it('faults a fraction of requests, in a sequence fixed by the seed', async () => {
    const statuses = async (target: Simulator): Promise<number[]> => {
      const c = client(target);
      target.setFaults({ rate429: 0.3, rate503: 0.2 });
      const out: number[] = [];
      for (let i = 0; i < 60; i++) out.push((await c.get('/api/organizations')).status);
      return out;
    };
    const twin = await startSimulator({ seed: 21, users: 20 });
    try {
      const first = await statuses(sim);
      expect(await statuses(twin)).toEqual(first);
      const count = (status: number) => first.filter((s) => s === status).length;
      expect(count(429)).toBeGreaterThan(5);
      expect(count(503)).toBeGreaterThan(2);
      expect(count(200)).toBeGreaterThan(20);
    } finally {
      await twin.close();
    }
  });

  it('adds latency with jitter: each request draws its delay, and is held that long', async () => {
    const injector = new FaultInjector(5, { latencyMs: 60, latencyJitterMs: 40 });
    const delays = Array.from({ length: 50 }, () => injector.draw().delayMs);
    for (const d of delays) expect(d >= 60 && d < 100, `delay ${d}`).toBe(true);
    expect(new Set(delays).size).toBeGreaterThan(10);

    sim.setFaults({ latencyMs: 60, latencyJitterMs: 40 });
    await api.get('/api/organizations');
    await api.get('/api/organizations');
    // The simulator's own log: from arrival to answer, at least the latency (1 ms for clock resolution). A
    // lower bound only: a busy machine makes it longer, never shorter.
    for (const entry of sim.requests()) expect(entry.respondedAt - entry.at).toBeGreaterThanOrEqual(59);
  });

  it('takes fault settings at start and refuses nonsense', async () => {
    const faulty = await startSimulator({ faults: { rate503: 1 } });
    try {
      expect((await client(faulty).get('/api/organizations')).status).toBe(503);
    } finally {
      await faulty.close();
    }
    expect(() => sim.setFaults({ rate429: 2 })).toThrow(RangeError);
    await expect(startSimulator({ faults: { latencyMs: -1 } })).rejects.toThrow(RangeError);
  });

  it('draws the same number of values per request whatever the settings', () => {
    const a = new FaultInjector(3, { rate429: 0.5 });
    const b = new FaultInjector(3, { rate429: 0.5 });
    b.set({ rate429: 0.5, latencyJitterMs: 10 });
    for (let i = 0; i < 20; i++) expect(a.draw().fault).toEqual(b.draw().fault);
  });
});

describe('request log', () => {
  it('records every API request with method, path and query, status and arrival time', async () => {
    const before = Date.now();
    await api.get('/api/systemusers?limit=5&skip=5');
    await api.get('/api/systemusers/zzz');
    await api.get('/api/systemusers', { noKey: true });
    const log = sim.requests();
    expect(log.map(({ seq, method, path, status }) => ({ seq, method, path, status }))).toEqual([
      { seq: 1, method: 'GET', path: '/api/systemusers?limit=5&skip=5', status: 200 },
      { seq: 2, method: 'GET', path: '/api/systemusers/zzz', status: 400 },
      { seq: 3, method: 'GET', path: '/api/systemusers', status: 401 },
    ]);
    for (const entry of log) expect(entry.at).toBeGreaterThanOrEqual(before - 5);
  });
});

describe('control endpoints', () => {
  it('serve the audit and request logs (with ?since) and are not logged themselves', async () => {
    const user = sim.directory.findUserByUsername('jordan.lee')!;
    await api.post(`/api/systemusers/${user._id}/expire`);
    await api.post(`/api/systemusers/${user._id}/unlock`);
    const audit = await api.get<AuditEntry[]>('/__simulator/audit');
    expect(audit.body.map((entry) => entry.operation)).toEqual(['systemuser.expire', 'systemuser.unlock']);
    expect(audit.body).toEqual(sim.audit());
    expect((await api.get<AuditEntry[]>('/__simulator/audit?since=1')).body.map((e) => e.seq)).toEqual([2]);
    const requests = await api.get<RequestLogEntry[]>('/__simulator/requests');
    expect(requests.body).toHaveLength(2);
    expect(sim.requests()).toHaveLength(2);
    expect((await api.get('/__simulator/audit?since=x')).status).toBe(400);
  });

  it('set faults over HTTP, are never faulted, and need the key', async () => {
    const set = await api.put<Record<string, number>>('/__simulator/faults', {
      rate429: 1,
      retryAfterSeconds: 3,
    });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({
      rate429: 1,
      rate503: 0,
      retryAfterSeconds: 3,
      latencyMs: 0,
      latencyJitterMs: 0,
      rateLimitPerSecond: 0,
    });
    expect((await api.get('/api/organizations')).status).toBe(429);
    expect((await api.get('/__simulator/faults')).status).toBe(200);
    expect((await api.get('/__simulator/audit')).status).toBe(200);
    expect((await api.put('/__simulator/faults', { rate429: 5 })).status).toBe(400);
    expect((await api.put('/__simulator/faults', { rate42: 1 })).status).toBe(400);
    expect((await api.put('/__simulator/faults', { rate429: '1' })).status).toBe(400);
    expect((await api.put('/__simulator/faults', {}, { noKey: true })).status).toBe(401);
    expect((await api.put('/__simulator/faults', {})).status).toBe(200);
    expect((await api.get('/api/organizations')).status).toBe(200);
  });
});
