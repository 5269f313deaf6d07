// Every endpoint's success and error bodies against the specs, field for field, plus checks that the
// conformance helper really is strict (a check that passes everything proves nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkResponse } from '../helpers/openapi.js';
import { FIXTURE_USERS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { client, type Client } from './harness.js';

let sim: Simulator;
let api: Client;

beforeAll(async () => {
  sim = await startSimulator({ seed: 3, users: 40 });
  api = client(sim);
});
afterAll(() => sim.close());

const MISSING = '0123456789abcdef01234567';

describe('spec conformance of every endpoint (the harness checks each response)', () => {
  it('v1 organizations', async () => {
    expect((await api.get('/api/organizations')).status).toBe(200);
    expect((await api.get(`/api/organizations/${sim.orgId}`)).status).toBe(200);
    expect((await api.get(`/api/organizations/${MISSING}`)).status).toBe(404);
    expect((await api.get('/api/organizations/nope')).status).toBe(400);
  });

  it('v1 systemusers reads', async () => {
    const user = sim.directory.findUserByUsername(FIXTURE_USERS.engineer.username)!;
    expect((await api.get('/api/systemusers?limit=100')).status).toBe(200);
    expect((await api.get('/api/systemusers?limit=5&fields=email%20username')).status).toBe(200);
    expect((await api.get(`/api/systemusers/${user._id}`)).status).toBe(200);
    expect((await api.get(`/api/systemusers/${MISSING}`)).status).toBe(404);
    expect((await api.get('/api/systemusers/xyz')).status).toBe(400);
    expect((await api.get('/api/systemusers?limit=101')).status).toBe(400);
    expect((await api.get('/api/systemusers', { noKey: true })).status).toBe(401);
  });

  it('v1 systemusers writes and actions', async () => {
    const created = await api.post<{ _id: string }>('/api/systemusers', {
      username: 'conf.user',
      email: 'conf.user@example.com',
      firstname: 'Conf',
      lastname: 'User',
      phoneNumbers: [{ type: 'mobile', number: '+1 555 0100' }],
      addresses: [{ type: 'work', locality: 'Denver' }],
      attributes: [{ name: 'badge', value: '42' }],
      state: 'STAGED',
    });
    expect(created.status).toBe(200);
    const id = created.body._id;
    expect(
      (await api.post('/api/systemusers', { username: 'conf.user', email: 'other@example.com' })).status,
    ).toBe(400);
    expect(
      (
        await api.put(`/api/systemusers/${id}`, {
          jobTitle: 'Tester',
          ssh_keys: [{ name: 'k', public_key: 'ssh-ed25519 AAAA' }],
        })
      ).status,
    ).toBe(200);
    expect((await api.put(`/api/systemusers/${id}`, { state: 'STAGED' })).status).toBe(400);
    expect((await api.put(`/api/systemusers/${MISSING}`, {})).status).toBe(404);
    expect((await api.post(`/api/systemusers/${id}/state/activate`, {})).status).toBe(200);
    expect(
      (await api.post(`/api/systemusers/${id}/resetmfa`, { exclusion: true, exclusionDays: 7 })).status,
    ).toBe(200);
    expect((await api.post(`/api/systemusers/${id}/expire`)).status).toBe(200);
    expect((await api.post(`/api/systemusers/${id}/unlock`)).status).toBe(200);
    expect((await api.post(`/api/systemusers/${id}/state/suspend`)).status).toBe(200);
    expect((await api.post(`/api/systemusers/${id}/state/activate`, {})).status).toBe(409);
    expect((await api.post(`/api/systemusers/${MISSING}/unlock`)).status).toBe(404);
  });

  it('v2 user groups, members and memberof', async () => {
    const engineering = sim.directory.groupByName('Engineering')!;
    const user = sim.directory.findUserByUsername(FIXTURE_USERS.newHire.username)!;
    expect((await api.get('/api/v2/usergroups?limit=100')).status).toBe(200);
    expect((await api.get('/api/v2/usergroups?fields=name')).status).toBe(200);
    expect((await api.get(`/api/v2/usergroups/${engineering.id}`)).status).toBe(200);
    expect((await api.get(`/api/v2/usergroups/${MISSING}`)).status).toBe(404);
    expect((await api.get(`/api/v2/usergroups/${engineering.id}/members?limit=100`)).status).toBe(200);
    expect(
      (
        await api.get(
          `/api/v2/users/${sim.directory.findUserByUsername(FIXTURE_USERS.itManager.username)!._id}/memberof`,
        )
      ).status,
    ).toBe(200);
    expect((await api.post('/api/v2/usergroups', { name: 'Conformance', description: 'd' })).status).toBe(
      201,
    );
    expect((await api.post('/api/v2/usergroups', { name: 'Conformance' })).status).toBe(409);
    expect((await api.post('/api/v2/usergroups', { description: 'no name' })).status).toBe(400);
    const members = `/api/v2/usergroups/${engineering.id}/members`;
    expect((await api.post(members, { op: 'add', type: 'user', id: user._id })).status).toBe(204);
    expect((await api.post(members, { op: 'add', type: 'user', id: user._id })).status).toBe(409);
    expect((await api.post(members, { op: 'remove', type: 'user', id: user._id })).status).toBe(204);
    expect((await api.post(members, { op: 'remove', type: 'user', id: user._id })).status).toBe(404);
    expect((await api.post(members, { op: 'add', type: 'system', id: user._id })).status).toBe(400);
    expect((await api.post(members, { op: 'add', type: 'user', id: MISSING })).status).toBe(404);
    expect((await api.get('/api/v2/usergroups', { noKey: true })).status).toBe(401);
  });

  it('v1 systems', async () => {
    const laptop = sim.directory.inventory.systemByHostname('jordan-mbp')!;
    expect((await api.get('/api/systems?limit=100')).status).toBe(200);
    expect((await api.get('/api/systems?filter=osFamily:$eq:darwin&sort=-lastContact')).status).toBe(200);
    expect((await api.get('/api/systems?fields=hostname%20os&search=mbp')).status).toBe(200);
    expect((await api.get(`/api/systems/${laptop._id}`)).status).toBe(200);
    expect((await api.get(`/api/systems/${laptop._id}?fields=hostname`)).status).toBe(200);
    expect((await api.get(`/api/systems/${MISSING}`)).status).toBe(404);
    expect((await api.get('/api/systems/nope')).status).toBe(400);
    expect((await api.get('/api/systems?limit=101')).status).toBe(400);
    expect((await api.get('/api/systems', { noKey: true })).status).toBe(401);
  });

  it('v1 applications', async () => {
    const apps = await api.get<{ results: { _id: string }[] }>('/api/applications?limit=100');
    expect(apps.status).toBe(200);
    expect((await api.get('/api/applications?filter=active:$eq:false&fields=name')).status).toBe(200);
    expect((await api.get(`/api/applications/${apps.body.results[0]!._id}`)).status).toBe(200);
    expect((await api.get(`/api/applications/${MISSING}`)).status).toBe(404);
    expect((await api.get('/api/applications/nope')).status).toBe(400);
  });

  it('v2 system groups, members, membership and memberof', async () => {
    const servers = sim.directory.inventory.systemGroupByName('Servers')!;
    const laptop = sim.directory.inventory.systemByHostname('jordan-mbp')!;
    expect((await api.get('/api/v2/systemgroups?limit=100&sort=name')).status).toBe(200);
    expect((await api.get('/api/v2/systemgroups?filter=name:eq:Servers&fields=name')).status).toBe(200);
    expect((await api.get(`/api/v2/systemgroups/${servers.id}`)).status).toBe(200);
    expect((await api.get(`/api/v2/systemgroups/${MISSING}`)).status).toBe(404);
    expect((await api.get(`/api/v2/systemgroups/${servers.id}/members`)).status).toBe(200);
    expect((await api.get(`/api/v2/systemgroups/${servers.id}/membership`)).status).toBe(200);
    expect((await api.get(`/api/v2/systems/${laptop._id}/memberof`)).status).toBe(200);
    const members = `/api/v2/systemgroups/${servers.id}/members`;
    expect((await api.post(members, { op: 'add', type: 'system', id: laptop._id })).status).toBe(204);
    expect((await api.post(members, { op: 'add', type: 'system', id: laptop._id })).status).toBe(409);
    expect((await api.post(members, { op: 'remove', type: 'system', id: laptop._id })).status).toBe(204);
    expect((await api.post(members, { op: 'remove', type: 'system', id: laptop._id })).status).toBe(404);
    expect((await api.post(members, { op: 'add', type: 'user', id: laptop._id })).status).toBe(400);
    expect((await api.post(members, { op: 'add', type: 'system', id: MISSING })).status).toBe(404);
  });

  it('v2 user and system associations', async () => {
    const user = sim.directory.findUserByUsername(FIXTURE_USERS.helpDesk.username)!;
    const loaner = sim.directory.inventory.systemByHostname('loaner-01')!;
    const userAssoc = `/api/v2/users/${user._id}/associations`;
    const systemAssoc = `/api/v2/systems/${loaner._id}/associations`;
    expect((await api.get(`${userAssoc}?targets=system`)).status).toBe(200);
    expect((await api.get(`${userAssoc}?targets=system,system_group,application`)).status).toBe(200);
    expect((await api.get(userAssoc)).status).toBe(400);
    expect((await api.get(`${userAssoc}?targets=user_group`)).status).toBe(400);
    expect((await api.get(`${systemAssoc}?targets=user,user_group`)).status).toBe(200);
    const bind = {
      op: 'add',
      type: 'system',
      id: loaner._id,
      attributes: { sudo: { enabled: true, withoutPassword: false } },
    };
    expect((await api.post(userAssoc, bind)).status).toBe(204);
    expect((await api.post(userAssoc, bind)).status).toBe(409);
    expect((await api.post(systemAssoc, { op: 'remove', type: 'user', id: user._id })).status).toBe(204);
    expect((await api.post(userAssoc, { op: 'remove', type: 'system', id: loaner._id })).status).toBe(404);
    expect((await api.post(userAssoc, { op: 'add', type: 'system', id: MISSING })).status).toBe(404);
    expect((await api.post(userAssoc, { op: 'add', type: 'bogus', id: loaner._id })).status).toBe(400);
    expect((await api.post(`/api/v2/users/${MISSING}/associations`, bind)).status).toBe(404);
  });

  it('v2 traversals', async () => {
    const user = sim.directory.findUserByUsername(FIXTURE_USERS.sysadmin.username)!;
    const server = sim.directory.inventory.systemByHostname('db-01')!;
    const app = sim.directory.applications.list()[0]!;
    expect((await api.get(`/api/v2/users/${user._id}/systems`)).status).toBe(200);
    expect((await api.get(`/api/v2/users/${user._id}/applications?limit=100`)).status).toBe(200);
    expect((await api.get(`/api/v2/systems/${server._id}/users?limit=100`)).status).toBe(200);
    expect((await api.get(`/api/v2/applications/${app._id}/users?limit=100`)).status).toBe(200);
    expect((await api.get(`/api/v2/applications/${app._id}/usergroups`)).status).toBe(200);
    expect((await api.get(`/api/v2/users/${MISSING}/systems`)).status).toBe(404);
    expect((await api.get(`/api/v2/systems/${MISSING}/users`)).status).toBe(404);
    expect((await api.get(`/api/v2/applications/${MISSING}/users`)).status).toBe(404);
    expect((await api.get('/api/v2/applications/nope/usergroups')).status).toBe(400);
  });

  it('injected 429 and 503 bodies', async () => {
    sim.setFaults({ rate429: 1 });
    expect((await api.get('/api/systemusers')).status).toBe(429);
    expect((await api.get('/api/v2/usergroups')).status).toBe(429);
    sim.setFaults({ rate503: 1 });
    expect((await api.get('/api/organizations')).status).toBe(503);
    sim.setFaults({});
  });
});

describe('the conformance helper is strict', () => {
  const user = (): Record<string, unknown> =>
    structuredClone(sim.directory.users()[0]!) as unknown as Record<string, unknown>;
  const check = (body: unknown, url = '/api/systemusers/0123456789abcdef01234567', status = 200) =>
    checkResponse({ method: 'GET', url, status, body, contentType: 'application/json' }).errors;

  it('accepts a real record, including the allow-listed v1 `id`', () => {
    expect(check(user())).toEqual([]);
  });

  it('fails a field the spec does not declare, at any depth', () => {
    expect(check({ ...user(), nickname: 'x' }).join()).toMatch(/nickname/);
    expect(check({ ...user(), mfa: { configured: true, colour: 'red' } }).join()).toMatch(/colour/);
    const list = { totalCount: 1, results: [{ ...user(), extra: 1 }] };
    expect(check(list, '/api/systemusers').join()).toMatch(/extra/);
  });

  it('fails wrong types and enum values', () => {
    expect(check({ ...user(), state: 'DELETED' })).not.toEqual([]);
    expect(check({ ...user(), suspended: 'no' })).not.toEqual([]);
  });

  it('holds error bodies to Error / ErrorDetails, and v2 allOf compositions stay strict', () => {
    expect(check({ code: 404, message: 'x', status: 'Not Found' }, undefined, 404)).toEqual([]);
    expect(
      check({ code: 404, message: 'x', status: 'Not Found', trace: 'y' }, undefined, 404).join(),
    ).toMatch(/trace/);
    const v2 = '/api/v2/usergroups';
    const details = { code: 400, message: 'x', status: 'invalidName', details: [{ '@type': 't' }] };
    expect(
      checkResponse({ method: 'POST', url: v2, status: 400, body: details, contentType: 'application/json' })
        .errors,
    ).toEqual([]);
    const extra = { ...details, hint: 'no' };
    expect(
      checkResponse({
        method: 'POST',
        url: v2,
        status: 400,
        body: extra,
        contentType: 'application/json',
      }).errors.join(),
    ).toMatch(/hint/);
  });

  it('fails an undocumented content type or a body where none is documented', () => {
    const suspend = '/api/systemusers/0123456789abcdef01234567/state/suspend';
    expect(
      checkResponse({ method: 'POST', url: suspend, status: 200, body: 'x', contentType: 'text/plain' })
        .errors,
    ).not.toEqual([]);
    expect(
      checkResponse({ method: 'POST', url: suspend, status: 200, body: '', contentType: null }).errors,
    ).toEqual([]);
    expect(check('text', undefined, 200)).not.toEqual([]);
  });
});
