// v1 systemusers writes: create and update rules, the lifecycle actions and what each leaves in the audit.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_USERS, startSimulator, type Simulator, type SimUser } from '../../src/simulator/index.js';
import { client, type Client } from './harness.js';

let sim: Simulator;
let api: Client;
const FIXED_NOW = new Date('2026-03-02T12:00:00.000Z');

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, users: 30, clock: () => FIXED_NOW });
  api = client(sim);
});
afterAll(() => sim.close());

let counter = 0;
/** A fresh user per test, so tests do not depend on each other's changes. */
function plant(fields: Partial<SimUser> = {}): SimUser {
  counter += 1;
  return sim.directory.addUser({
    username: `user.${counter}`,
    email: `user.${counter}@example.com`,
    ...fields,
  });
}

let auditBefore = 0;
beforeEach(() => {
  auditBefore = sim.audit().length;
});
const newAudit = () => sim.audit().slice(auditBefore);

describe('POST /api/systemusers', () => {
  it('creates a user with JumpCloud defaults and audits it', async () => {
    const { status, body } = await api.post<SimUser>('/api/systemusers', {
      username: 'ada.lovelace',
      email: 'ada.lovelace@example.com',
      firstname: 'Ada',
      lastname: 'Lovelace',
      department: 'Engineering',
      manager: sim.directory.findUserByUsername(FIXTURE_USERS.engManager.username)!._id,
      unknownField: 'ignored',
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      username: 'ada.lovelace',
      displayname: 'Ada Lovelace',
      state: 'ACTIVATED',
      activated: true,
      suspended: false,
      account_locked: false,
      password_expired: false,
      totp_enabled: false,
      mfa: { configured: false, exclusion: false },
      created: FIXED_NOW.toISOString(),
      organization: sim.orgId,
    });
    expect(body.id).toBe(body._id);
    expect(body).not.toHaveProperty('unknownField');
    expect(sim.directory.getUser(body._id)?.email).toBe('ada.lovelace@example.com');
    expect(newAudit()).toEqual([
      expect.objectContaining({
        operation: 'systemuser.create',
        method: 'POST',
        path: '/api/systemusers',
        targetId: body._id,
        at: FIXED_NOW.toISOString(),
      }),
    ]);
  });

  it('honours state STAGED and SUSPENDED, and the org default when state is left out', async () => {
    const staged = await api.post<SimUser>('/api/systemusers', {
      username: 's1',
      email: 's1@example.com',
      state: 'STAGED',
    });
    expect(staged.body).toMatchObject({ state: 'STAGED', activated: false, suspended: false });
    const suspended = await api.post<SimUser>('/api/systemusers', {
      username: 's2',
      email: 's2@example.com',
      state: 'SUSPENDED',
    });
    expect(suspended.body).toMatchObject({ state: 'SUSPENDED', suspended: true });
    const defaults = sim.directory.organization.settings.newSystemUserStateDefaults!;
    defaults.manualEntry = 'STAGED';
    try {
      const byDefault = await api.post<SimUser>('/api/systemusers', {
        username: 's3',
        email: 's3@example.com',
      });
      expect(byDefault.body.state).toBe('STAGED');
    } finally {
      defaults.manualEntry = 'ACTIVATED';
    }
  });

  it('refuses duplicates with 400 (not 409) and changes nothing', async () => {
    const existing = plant();
    const count = sim.directory.users().length;
    const dupUser = await api.post<{ code: number; message: string }>('/api/systemusers', {
      username: existing.username,
      email: 'new@example.com',
    });
    expect(dupUser.status).toBe(400);
    expect(dupUser.body.message).toMatch(/already exists/);
    const dupEmail = await api.post('/api/systemusers', {
      username: 'brand.new',
      email: existing.email.toUpperCase(),
    });
    expect(dupEmail.status).toBe(400);
    expect(sim.directory.users()).toHaveLength(count);
    expect(newAudit()).toEqual([]);
  });

  it.each([
    ['missing email', { username: 'x1' }],
    ['missing username', { email: 'x2@example.com' }],
    ['wrong type', { username: 'x3', email: 'x3@example.com', sudo: 'yes' }],
    ['unknown state', { username: 'x4', email: 'x4@example.com', state: 'DELETED' }],
    [
      'manager that is not a user',
      { username: 'x5', email: 'x5@example.com', manager: '0123456789abcdef01234567' },
    ],
    ['an array body', [{ username: 'x6', email: 'x6@example.com' }]],
  ])('answers 400 for %s', async (_name, body) => {
    expect((await api.post('/api/systemusers', body)).status).toBe(400);
    expect(newAudit()).toEqual([]);
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await api.call<{ code: number; message: string }>('POST', '/api/systemusers', {
      rawBody: '{"username": ',
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 400, status: 'Bad Request' });
  });
});

describe('PUT /api/systemusers/{id}', () => {
  it('updates only the fields given and audits them', async () => {
    const user = plant({ department: 'Sales', jobTitle: 'Account Executive' });
    const { status, body } = await api.put<SimUser>(`/api/systemusers/${user._id}`, {
      jobTitle: 'Account Manager',
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ department: 'Sales', jobTitle: 'Account Manager' });
    expect(newAudit()).toEqual([
      expect.objectContaining({
        operation: 'systemuser.update',
        targetId: user._id,
        detail: { fields: ['jobTitle'], state: 'ACTIVATED' },
      }),
    ]);
  });

  it('suspends and unsuspends through state or suspended, keeping both consistent', async () => {
    const user = plant();
    const url = `/api/systemusers/${user._id}`;
    expect((await api.put<SimUser>(url, { state: 'SUSPENDED' })).body).toMatchObject({
      state: 'SUSPENDED',
      suspended: true,
    });
    expect((await api.put<SimUser>(url, { suspended: false })).body).toMatchObject({
      state: 'ACTIVATED',
      suspended: false,
    });
    expect((await api.put<SimUser>(url, { suspended: true })).body).toMatchObject({
      state: 'SUSPENDED',
      suspended: true,
    });
    expect((await api.put<SimUser>(url, { state: 'ACTIVATED' })).body).toMatchObject({
      state: 'ACTIVATED',
      suspended: false,
      activated: true,
    });
  });

  it('refuses STAGED, contradictions and duplicate emails', async () => {
    const user = plant();
    const other = plant();
    const url = `/api/systemusers/${user._id}`;
    expect((await api.put(url, { state: 'STAGED' })).status).toBe(400);
    expect((await api.put(url, { state: 'ACTIVATED', suspended: true })).status).toBe(400);
    expect((await api.put(url, { email: other.email })).status).toBe(400);
    expect((await api.put(url, { email: user.email })).status).toBe(200);
    expect(sim.directory.getUser(user._id)?.state).toBe('ACTIVATED');
  });

  it('locks and unlocks, sets a password (fresh and unexpired), clears a manager', async () => {
    const manager = plant();
    const user = plant({ manager: manager._id, password_expired: true });
    const url = `/api/systemusers/${user._id}`;
    expect((await api.put<SimUser>(url, { account_locked: true })).body).toMatchObject({
      account_locked: true,
      account_locked_date: FIXED_NOW.toISOString(),
    });
    const after = (await api.put<SimUser>(url, { password: 'S3cure-enough!', manager: '' })).body;
    expect(after).toMatchObject({ password_expired: false, password_date: FIXED_NOW.toISOString() });
    expect(after).not.toHaveProperty('manager');
    expect(after).not.toHaveProperty('password');
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    expect((await api.put('/api/systemusers/not-an-id', {})).status).toBe(400);
    expect((await api.put('/api/systemusers/0123456789abcdef01234567', {})).status).toBe(404);
  });
});

describe('lifecycle actions', () => {
  it('activate moves STAGED to ACTIVATED and answers a JSON string', async () => {
    const user = plant({ state: 'STAGED' });
    const response = await api.post(`/api/systemusers/${user._id}/state/activate`, {});
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^application\/json/);
    expect(typeof response.body).toBe('string');
    expect(sim.directory.getUser(user._id)).toMatchObject({
      state: 'ACTIVATED',
      activated: true,
      suspended: false,
    });
    expect(newAudit()).toMatchObject([
      { operation: 'systemuser.activate', targetId: user._id, detail: { from: 'STAGED', to: 'ACTIVATED' } },
    ]);
  });

  it('activate refuses a suspended user with 409 and changes nothing', async () => {
    const user = plant({ state: 'SUSPENDED' });
    expect((await api.post(`/api/systemusers/${user._id}/state/activate`)).status).toBe(409);
    expect(sim.directory.getUser(user._id)?.state).toBe('SUSPENDED');
    expect(newAudit()).toEqual([]);
  });

  it('suspend answers 200 with no body; activated stays true', async () => {
    const user = plant();
    const response = await api.post(`/api/systemusers/${user._id}/state/suspend`);
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    expect(sim.directory.getUser(user._id)).toMatchObject({
      state: 'SUSPENDED',
      suspended: true,
      activated: true,
    });
    expect(newAudit().map((entry) => entry.operation)).toEqual(['systemuser.suspend']);
  });

  it('unlock clears the lock, its date and the failed-login count; answers text/plain', async () => {
    const user = plant({
      account_locked: true,
      account_locked_date: '2026-01-01T00:00:00.000Z',
      badLoginAttempts: 5,
    });
    const response = await api.post(`/api/systemusers/${user._id}/unlock`);
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^text\/plain/);
    expect(sim.directory.getUser(user._id)).toMatchObject({
      account_locked: false,
      account_locked_date: null,
      badLoginAttempts: 0,
    });
    expect(newAudit()).toEqual([
      expect.objectContaining({ operation: 'systemuser.unlock', targetId: user._id }),
    ]);
  });

  it('expire marks the password expired now', async () => {
    const user = plant();
    expect((await api.post(`/api/systemusers/${user._id}/expire`)).status).toBe(200);
    expect(sim.directory.getUser(user._id)).toMatchObject({
      password_expired: true,
      password_expiration_date: FIXED_NOW.toISOString(),
    });
    expect(newAudit()).toEqual([expect.objectContaining({ operation: 'systemuser.expire' })]);
  });

  it('resetmfa clears TOTP, restarts enrollment and applies an exclusion window', async () => {
    const user = plant({
      totp_enabled: true,
      mfa: { configured: true, exclusion: false },
      mfaEnrollment: {
        totpStatus: 'ENROLLED',
        overallStatus: 'ENROLLED',
        pushStatus: 'ENROLLED',
        webAuthnStatus: 'NOT_ENROLLED',
      },
    });
    const response = await api.post(`/api/systemusers/${user._id}/resetmfa`, {
      exclusion: true,
      exclusionDays: 7,
    });
    expect(response.status).toBe(200);
    expect(sim.directory.getUser(user._id)).toMatchObject({
      totp_enabled: false,
      mfa: {
        configured: false,
        exclusion: true,
        exclusionDays: 7,
        exclusionUntil: '2026-03-09T12:00:00.000Z',
      },
      mfaEnrollment: {
        totpStatus: 'NOT_ENROLLED',
        pushStatus: 'NOT_ENROLLED',
        overallStatus: 'NOT_ENROLLED',
      },
    });
    expect(newAudit()).toEqual([expect.objectContaining({ operation: 'systemuser.resetmfa' })]);
    expect((await api.post(`/api/systemusers/${user._id}/resetmfa`, { exclusionDays: 0 })).status).toBe(400);
  });

  it('answers 404 for unknown users and 400 for malformed ids on every action', async () => {
    for (const action of ['state/activate', 'state/suspend', 'resetmfa', 'expire', 'unlock']) {
      expect((await api.post(`/api/systemusers/0123456789abcdef01234567/${action}`)).status).toBe(404);
      expect((await api.post(`/api/systemusers/bogus/${action}`)).status).toBe(400);
    }
    expect(newAudit()).toEqual([]);
  });

  it('GET returns the record as stored, and `fields` narrows it', async () => {
    const user = plant({ jobTitle: 'Analyst' });
    const full = await api.get<SimUser>(`/api/systemusers/${user._id}`);
    expect(full.body).toEqual(JSON.parse(JSON.stringify(user)));
    const narrow = await api.get<Record<string, unknown>>(`/api/systemusers/${user._id}?fields=jobTitle`);
    expect(narrow.body).toEqual({ _id: user._id, id: user._id, jobTitle: 'Analyst' });
  });
});
