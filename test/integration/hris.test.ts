// HRIS webhooks end to end: signed events through the real HTTP server start the example playbooks on the
// dev server (runs counted through the search attributes), re-deliveries start nothing, and every refused
// delivery — forged, stale, malformed, invalid, too large — starts nothing either.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hrisWebhookYaml } from '../../src/dev/devConfig.js';
import { PRESETS } from '../../src/server/presets.js';
import { readRunInput } from '../../src/server/runTrigger.js';
import { signRequest } from '../../src/server/signature.js';
import {
  countRuns,
  EXAMPLES,
  request,
  startServerStack,
  waitForRunCount,
  type ServerStack,
} from '../helpers/serverStack.js';

const SECRETS = {
  HRIS_SECRET: 'hris-signing-secret-7f3a9c1e5b',
  BAMBOO_KEY: 'bamboo-private-key-2d8e4f6a0c',
  BOB_SECRET: 'bob-webhook-secret-9b1d3f5e7a',
};

const CONFIG = `
webhooks:
${hrisWebhookYaml({ source: 'hris', secret: 'HRIS_SECRET', examples: EXAMPLES })}  bamboohr:
    preset: bamboohr
    secret: BAMBOO_KEY
    events:
      - name: terminated
        forEach: \${{ event.employees.filter(e, e.fields.status == 'Inactive') }}
        playbook: ${EXAMPLES}offboarding.yaml
        key: '\${{ string(item.id) }}-\${{ item.timestamp }}'
        inputs:
          email: \${{ item.fields.workEmail }}
          lastDay: \${{ item.fields.terminationDate }}
  hibob:
    preset: hibob
    secret: BOB_SECRET
    events:
      - name: left
        when: \${{ event.type == 'employee.left' }}
        playbook: ${EXAMPLES}offboarding.yaml
        key: '\${{ event.data.employeeId }}-\${{ event.triggeredAt }}'
        inputs:
          email: \${{ event.data.email }}
          lastDay: \${{ event.data.lastDay }}
`;

let n = 0;
const unique = (what: string): string => `${what}-${Date.now().toString(36)}-${n++}`;
const nowS = (): string => String(Math.floor(Date.now() / 1000));

function hireEvent(email: string, id = unique('evt')): Record<string, unknown> {
  return {
    id,
    type: 'employee.hired',
    occurredAt: new Date().toISOString(),
    data: {
      employeeId: 'E-1001',
      workEmail: email,
      firstName: 'Robin',
      lastName: 'Tanaka',
      department: 'Engineering',
      managerEmail: 'morgan.chen@example.com',
      startDate: '2099-01-05',
    },
  };
}

function leaveEvent(email: string, id = unique('evt')): Record<string, unknown> {
  return { id, type: 'employee.terminated', data: { workEmail: email, lastDay: '2099-02-27' } };
}

describe('HRIS webhooks through the HTTP server', () => {
  let s: ServerStack;
  const post = (
    source: string,
    body: string | Buffer,
    headers: Record<string, string>,
  ): ReturnType<typeof request> =>
    request(`${s.url}/hooks/${source}`, {
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });
  const postGeneric = (
    event: unknown,
    secret = SECRETS.HRIS_SECRET,
    ts = nowS(),
  ): ReturnType<typeof request> => {
    const body = JSON.stringify(event);
    return post('hris', body, signRequest(PRESETS.generic.scheme, secret, body, ts));
  };

  beforeAll(async () => {
    s = await startServerStack('hris', CONFIG, SECRETS);
  });
  /**
   * Proves a negative on eventually consistent visibility: a good event for someone else, once listed, shows
   * visibility has caught up with anything started before it.
   */
  const visibilityCaughtUp = async (): Promise<void> => {
    const marker = `${unique('marker')}@example.com`;
    expect((await postGeneric(hireEvent(marker))).status).toBe(202);
    await waitForRunCount(s.stack.client, 'onboarding', marker, 1);
  };
  afterAll(async () => {
    await s?.close();
  });

  it('a start event starts an onboarding run: 202 with the run id, inputs mapped from the event', async () => {
    const email = `${unique('robin')}@example.com`;
    const event = hireEvent(email);
    const res = await postGeneric(event);
    expect(res.status).toBe(202);
    const id = `onboarding:${email}:hris-${String(event.id)}`;
    expect(res.json).toEqual({
      status: 'started',
      id,
      runs: [{ id, playbook: 'onboarding', subject: email, started: true }],
    });
    await waitForRunCount(s.stack.client, 'onboarding', email, 1);
    const input = await readRunInput(s.stack.client, id);
    expect(input?.trigger).toEqual({ kind: 'webhook', source: 'hris', key: `hris-${String(event.id)}` });
    expect(input?.inputs).toMatchObject({
      email,
      firstname: 'Robin',
      lastname: 'Tanaka',
      department: 'Engineering',
      manager: 'morgan.chen@example.com',
      startDate: '2099-01-05',
      employeeId: 'E-1001',
    });
  });

  it('an end event starts an offboarding run', async () => {
    const email = `${unique('leaver')}@example.com`;
    const res = await postGeneric(leaveEvent(email));
    expect(res.status).toBe(202);
    expect(res.json.runs).toEqual([
      expect.objectContaining({ playbook: 'offboarding', subject: email, started: true }),
    ]);
    await waitForRunCount(s.stack.client, 'offboarding', email, 1);
    expect(await countRuns(s.stack.client, 'onboarding', email)).toBe(0);
  });

  it('a re-delivered event (new timestamp and signature, same event id) answers 200 with the same run and starts nothing', async () => {
    const email = `${unique('again')}@example.com`;
    const event = hireEvent(email);
    const first = await postGeneric(event);
    expect(first.status).toBe(202);
    await waitForRunCount(s.stack.client, 'onboarding', email, 1);
    for (let i = 0; i < 3; i++) {
      const again = await postGeneric(event, SECRETS.HRIS_SECRET, String(Math.floor(Date.now() / 1000) + i));
      expect(again.status).toBe(200);
      expect(again.json).toMatchObject({
        status: 'duplicate',
        id: first.json.id,
        runs: [expect.objectContaining({ started: false })],
      });
    }
    // Still one, even after the first run has ended: the look-up finds closed runs too.
    const firstRun = s.stack.client.workflow.getHandle(String(first.json.id));
    await firstRun.terminate('test: end the run');
    const afterEnd = await postGeneric(event);
    expect(afterEnd.status).toBe(200);
    expect(afterEnd.json).toMatchObject({
      status: 'duplicate',
      runs: [expect.objectContaining({ started: false })],
    });
    // Nothing new under that id (read directly, no visibility lag), nor under any other id (visibility,
    // once it shows a run started after the re-delivery).
    expect((await firstRun.describe()).status.name).toBe('TERMINATED');
    await visibilityCaughtUp();
    expect(await countRuns(s.stack.client, 'onboarding', email)).toBe(1);
  });

  it('refused deliveries — forged, stale, malformed, invalid, 2 MB — get 401/401/400/400/413 and start nothing', async () => {
    const email = `${unique('refused')}@example.com`;
    const forged = await postGeneric(hireEvent(email), 'not-the-secret-but-close');
    const stale = await postGeneric(
      hireEvent(email),
      SECRETS.HRIS_SECRET,
      String(Math.floor(Date.now() / 1000) - 600),
    );
    const unsigned = await post('hris', JSON.stringify(hireEvent(email)), {});
    const malformedText = '{"id": "x", "type": "employee.hired", "data": {';
    const malformed = await post(
      'hris',
      malformedText,
      signRequest(PRESETS.generic.scheme, SECRETS.HRIS_SECRET, malformedText, nowS()),
    );
    const noId = JSON.stringify({ ...hireEvent(email), id: undefined });
    const invalid = await post(
      'hris',
      noId,
      signRequest(PRESETS.generic.scheme, SECRETS.HRIS_SECRET, noId, nowS()),
    );
    const huge = JSON.stringify({ ...hireEvent(email), padding: 'x'.repeat(2 * 1024 * 1024) });
    const tooLarge = await post(
      'hris',
      huge,
      signRequest(PRESETS.generic.scheme, SECRETS.HRIS_SECRET, huge, nowS()),
    );

    expect([
      forged.status,
      stale.status,
      unsigned.status,
      malformed.status,
      invalid.status,
      tooLarge.status,
    ]).toEqual([401, 401, 401, 400, 400, 413]);
    // One message for every signature failure: nothing tells a forger which part was wrong.
    for (const r of [forged, stale, unsigned])
      expect(r.json).toEqual({
        error: 'unauthorized',
        message: 'the request signature or its timestamp is not valid',
      });
    expect(malformed.json).toEqual({ error: 'malformed_body', message: 'the body is not valid JSON' });
    expect(invalid.json).toEqual({
      error: 'invalid_request',
      message: "body must have required property 'id'",
    });
    expect(tooLarge.json).toEqual({
      error: 'payload_too_large',
      message: 'the request body is larger than 1048576 bytes',
    });

    await visibilityCaughtUp();
    expect(await countRuns(s.stack.client, 'onboarding', email)).toBe(0);
    expect(await countRuns(s.stack.client, 'offboarding', email)).toBe(0);
  });

  it('an event no rule maps is acknowledged with 200 and starts nothing', async () => {
    const res = await postGeneric({ id: unique('evt'), type: 'employee.promoted', data: {} });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ignored', runs: [] });
  });

  it('an event the mapping cannot read, or whose inputs the playbook refuses, is a 400 naming why', async () => {
    const email = `${unique('bad')}@example.com`;
    const noEmail = hireEvent(email);
    delete (noEmail.data as Record<string, unknown>).workEmail;
    const unmappable = await postGeneric(noEmail);
    expect(unmappable.status).toBe(400);
    expect(unmappable.json.error).toBe('unmappable_event');
    expect(unmappable.json.message).toMatch(
      /^expression `event\.data\.workEmail` \(line \d+, column \d+\) failed: /,
    );

    const wrongDept = hireEvent(email);
    (wrongDept.data as Record<string, unknown>).department = 'Astronautics';
    const refused = await postGeneric(wrongDept);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe('invalid_inputs');
    expect(refused.json.message).toMatch(
      /^invalid inputs for playbook onboarding:\n {2}inputs\.department must be equal to one of the allowed values/,
    );
  });

  it('an unknown source is a JSON 404', async () => {
    const res = await post('workday', '{}', {});
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: 'not_found', message: 'no route for POST at this path' });
  });

  it('BambooHR: a batch signed over body + timestamp starts one offboarding per inactive employee', async () => {
    const a = `${unique('bamboo-a')}@example.com`;
    const b = `${unique('bamboo-b')}@example.com`;
    const body = JSON.stringify({
      employees: [
        {
          id: 101,
          timestamp: '2026-03-02T10:00:00Z',
          changedFields: ['Status'],
          fields: { status: 'Inactive', workEmail: a, terminationDate: '2099-03-31' },
        },
        {
          id: 102,
          timestamp: '2026-03-02T10:00:00Z',
          changedFields: ['Job Title'],
          fields: { status: 'Active', workEmail: `${unique('stays')}@example.com` },
        },
        {
          id: 103,
          timestamp: '2026-03-02T10:00:01Z',
          changedFields: ['Status'],
          fields: { status: 'Inactive', workEmail: b, terminationDate: '2099-04-30' },
        },
      ],
    });
    const ts = nowS();
    const signature = createHmac('sha256', SECRETS.BAMBOO_KEY)
      .update(body + ts)
      .digest('hex');
    const res = await post('bamboohr', body, {
      'x-bamboohr-signature': signature,
      'x-bamboohr-timestamp': ts,
    });
    expect(res.status).toBe(202);
    expect(res.json.runs).toEqual([
      expect.objectContaining({ id: `offboarding:${a}:bamboohr-101-2026-03-02T10:00:00Z`, started: true }),
      expect.objectContaining({ id: `offboarding:${b}:bamboohr-103-2026-03-02T10:00:01Z`, started: true }),
    ]);
    await waitForRunCount(s.stack.client, 'offboarding', a, 1);
    await waitForRunCount(s.stack.client, 'offboarding', b, 1);
    const forged = await post('bamboohr', body, {
      'x-bamboohr-signature': signature,
      'x-bamboohr-timestamp': String(Number(ts) + 1),
    });
    expect(forged.status).toBe(401);
  });

  it('HiBob: the ping is acknowledged; an event signed base64 HMAC-SHA512 starts offboarding; a stale triggeredAt is refused', async () => {
    const ping = await post('hibob', 'Ping test', {});
    expect(ping.status).toBe(200);
    expect(ping.json).toEqual({ status: 'ping', runs: [] });

    const email = `${unique('bob')}@example.com`;
    const event = (at: Date): string =>
      JSON.stringify({
        companyId: 640123,
        type: 'employee.left',
        triggeredBy: '3332883884017713238',
        triggeredAt: at.toISOString().replace('Z', '123'),
        version: 'v2',
        data: { employeeId: '3332883804594373380', email, lastDay: '2099-05-29' },
      });
    const sign = (body: string): Record<string, string> => ({
      'bob-signature': createHmac('sha512', SECRETS.BOB_SECRET).update(body).digest('base64'),
    });
    const fresh = event(new Date());
    const res = await post('hibob', fresh, sign(fresh));
    expect(res.status).toBe(202);
    expect(res.json.runs).toEqual([
      expect.objectContaining({ playbook: 'offboarding', subject: email, started: true }),
    ]);

    const stale = event(new Date(Date.now() - 3_600_000));
    expect((await post('hibob', stale, sign(stale))).status).toBe(401);
    expect(
      (
        await post('hibob', fresh, {
          // A different first character (a signature may already start with `A`: 1 in 64).
          'bob-signature': sign(fresh)['bob-signature']?.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) ?? '',
        })
      ).status,
    ).toBe(401);
    await waitForRunCount(s.stack.client, 'offboarding', email, 1);
  });

  it('logs name what was refused and why, and never a secret', () => {
    const text = s.logs.join('\n');
    expect(text).toMatch(/"reason":"bad-signature"/);
    expect(text).toMatch(/"reason":"stale-timestamp"/);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  });
});
