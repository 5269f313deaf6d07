// Button presses as Slack delivers them: the stand-in POSTs a signed, form-encoded block_actions payload to
// the app's Request URL. The "app" here is a local receiver that verifies the signature with
// src/trust/slackSignature.ts over the raw body, as idflow's server will, and answers 401 when it fails.
// Also: the response_url, who may press what, and the browser page.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_USERS } from '../../../src/simulator/fixtures.js';
import { seedDirectory } from '../../../src/simulator/seed.js';
import {
  parseMrkdwn,
  slackUsersFromDirectory,
  type SlackStandIn,
  type StandInMessage,
} from '../../../src/simulator/slack/index.js';
import { verifySlackRequest, type SlackSignatureCheck } from '../../../src/trust/slackSignature.js';
import { useReceiver, type Received } from '../../activities/receiver.js';
import { SIGNING_SECRET, slackApi, startTestStandIn, type SlackApi } from './harness.js';

const app = useReceiver();
let standIn: SlackStandIn;
let call: SlackApi;
let now = new Date('2026-03-02T10:00:00.000Z');
const checks: SlackSignatureCheck[] = [];

const manager = FIXTURE_USERS.engManager.email;
const engineer = FIXTURE_USERS.engineer.email;
const itManager = FIXTURE_USERS.itManager.email;

/** The app's side: verify, then answer 200 (or 401 and do nothing, as idflow must). */
function verify(request: Received): SlackSignatureCheck {
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return verifySlackRequest({
    secret: SIGNING_SECRET,
    timestamp: header('x-slack-request-timestamp'),
    signature: header('x-slack-signature'),
    rawBody: Buffer.from(request.body, 'utf8'),
    now,
  });
}

beforeAll(async () => {
  standIn = await startTestStandIn({
    users: slackUsersFromDirectory(seedDirectory({ seed: 2, users: 20 })),
    channels: [{ name: 'access-requests', members: [manager, engineer] }],
    clock: () => now,
    verificationToken: 'legacy-verification-token',
  });
  call = slackApi(standIn);
  app.answer((request) => {
    const check = verify(request);
    checks.push(check);
    return check.ok ? { status: 200 } : { status: 401, body: 'bad signature' };
  });
  standIn.setInteractionsUrl(`${app.origin}/slack/interactions`);
});
afterAll(() => standIn.stop());
beforeEach(() => {
  now = new Date(now.getTime() + 60_000);
});

const idOf = (email: string): string => standIn.user(email)?.id ?? '';

const decisionBlocks = [
  { type: 'section', text: { type: 'mrkdwn', text: '*Access request*' } },
  {
    type: 'actions',
    block_id: 'idflow.decision',
    elements: [
      {
        type: 'button',
        action_id: 'idflow.approve',
        text: { type: 'plain_text', text: 'Approve' },
        style: 'primary',
        value: 'approve-token',
      },
      {
        type: 'button',
        action_id: 'idflow.reject',
        text: { type: 'plain_text', text: 'Reject' },
        style: 'danger',
        value: 'reject-token',
      },
    ],
  },
];

async function postTo(channel: string, text = 'Access request'): Promise<StandInMessage> {
  const answer = await call<{ channel: string; ts: string }>('chat.postMessage', {
    channel,
    text,
    blocks: decisionBlocks,
  });
  if (!answer.body.ok) throw new Error(`post failed: ${answer.body.error}`);
  const message = standIn.message(answer.body.channel, answer.body.ts);
  if (!message) throw new Error('not stored');
  return message;
}

function payloadOf(request: Received | undefined): Record<string, unknown> {
  const form = new URLSearchParams(request?.body ?? '');
  expect([...form.keys()]).toEqual(['payload']);
  return JSON.parse(form.get('payload') ?? '') as Record<string, unknown>;
}

describe('a press', () => {
  it('arrives form-encoded, signed with the signing secret over the raw body, as Slack builds block_actions', async () => {
    const message = await postTo(idOf(manager));
    const result = await standIn.press({
      as: manager,
      channel: message.channel,
      ts: message.ts,
      actionId: 'idflow.approve',
    });
    expect(result.status).toBe(200);
    expect(checks.at(-1)).toEqual({ ok: true });

    const request = app.received.at(-1);
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/slack/interactions');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers['x-slack-request-timestamp']).toBe(String(Math.floor(now.getTime() / 1000)));
    const payload = payloadOf(request);
    expect(payload).toEqual(result.payload);
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: idOf(manager), username: 'morgan.chen', name: 'morgan.chen', team_id: standIn.teamId },
      team: { id: standIn.teamId, domain: 'acme-robotics' },
      api_app_id: standIn.appId,
      token: 'legacy-verification-token',
      container: {
        type: 'message',
        message_ts: message.ts,
        channel_id: message.channel,
        is_ephemeral: false,
      },
      channel: { id: message.channel, name: 'directmessage' },
      message: { type: 'message', ts: message.ts, text: 'Access request', user: standIn.botUserId },
      response_url: result.responseUrl,
      actions: [
        {
          action_id: 'idflow.approve',
          block_id: 'idflow.decision',
          value: 'approve-token',
          type: 'button',
          style: 'primary',
          text: { type: 'plain_text', text: 'Approve' },
        },
      ],
    });
    const action = (payload['actions'] as Record<string, unknown>[])[0];
    expect(action?.['action_ts']).toMatch(/^\d{10}\.\d{6}$/);
    expect(payload['trigger_id']).toMatch(/^\d+\.\w+\.[0-9a-f]{32}$/);
    expect(result.responseUrl.startsWith(`${standIn.url}/actions/${standIn.teamId}/`)).toBe(true);
    expect(standIn.interactions().at(-1)).toMatchObject({
      user: idOf(manager),
      actionId: 'idflow.approve',
      value: 'approve-token',
      signature: 'valid',
      status: 200,
    });
  });

  it.each([
    ['forged', 'mismatch'],
    ['stale', 'stale'],
    ['future', 'future'],
    ['missing', 'missing'],
  ] as const)('with a %s signature is refused by a verifying app (%s)', async (mode, reason) => {
    const message = await postTo(idOf(manager));
    const result = await standIn.press({
      as: manager,
      channel: message.channel,
      ts: message.ts,
      actionId: 'idflow.reject',
      signature: mode,
    });
    expect(result.status).toBe(401);
    expect(checks.at(-1)).toEqual({ ok: false, reason });
    const request = app.received.at(-1);
    expect(payloadOf(request)['user']).toMatchObject({ id: idOf(manager) });
    if (mode === 'stale' || mode === 'future') {
      const skew = Number(request?.headers['x-slack-request-timestamp']) - Math.floor(now.getTime() / 1000);
      expect(Math.abs(skew)).toBeGreaterThan(300);
    }
  });

  it("cannot be made by someone who cannot see the message: another person's DM, a deactivated account, a button that is not there", async () => {
    const message = await postTo(idOf(manager));
    const target = { channel: message.channel, ts: message.ts, actionId: 'idflow.approve' };
    await expect(standIn.press({ ...target, as: engineer })).rejects.toThrow(/cannot see/);
    await expect(standIn.press({ ...target, as: FIXTURE_USERS.suspended.email })).rejects.toThrow(
      /deactivated/,
    );
    await expect(standIn.press({ ...target, as: manager, actionId: 'idflow.escalate' })).rejects.toThrow(
      /no button/,
    );
    await expect(standIn.press({ ...target, as: 'U0000000000' })).rejects.toThrow(/no Slack user/);
  });

  it('in a channel, any member can press: the app must check who (the presser is in the payload)', async () => {
    const channel = standIn.conversations().find((c) => c.name === 'access-requests');
    const message = await postTo(channel?.id ?? '');
    const result = await standIn.press({
      as: engineer,
      channel: message.channel,
      ts: message.ts,
      actionId: 'idflow.approve',
    });
    expect(result.status).toBe(200);
    expect(result.payload).toMatchObject({
      user: { id: idOf(engineer) },
      channel: { id: channel?.id, name: 'access-requests' },
    });
    await expect(
      standIn.press({ as: itManager, channel: message.channel, ts: message.ts, actionId: 'idflow.approve' }),
    ).rejects.toThrow(/cannot see/);
  });
});

describe('the response_url', () => {
  async function pressed(): Promise<{ message: StandInMessage; responseUrl: string }> {
    const message = await postTo(idOf(manager));
    const { responseUrl } = await standIn.press({
      as: manager,
      channel: message.channel,
      ts: message.ts,
      actionId: 'idflow.approve',
    });
    return { message, responseUrl };
  }

  const respond = async (url: string, body: unknown): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };

  it('replace_original updates the message in place (the buttons go away)', async () => {
    const { message, responseUrl } = await pressed();
    const outcome = [
      { type: 'section', text: { type: 'mrkdwn', text: ':white_check_mark: Approved by you' } },
    ];
    expect(await respond(responseUrl, { replace_original: true, text: 'Approved', blocks: outcome })).toEqual(
      {
        status: 200,
        body: { ok: true },
      },
    );
    const current = standIn.message(message.channel, message.ts);
    expect(current?.text).toBe('Approved');
    expect(current?.blocks).toEqual([{ ...outcome[0], block_id: expect.any(String) as string }]);
    expect(current?.versions.map((v) => v.by)).toEqual(['chat.postMessage', 'response_url']);
    await expect(
      standIn.press({ as: manager, channel: message.channel, ts: message.ts, actionId: 'idflow.approve' }),
    ).rejects.toThrow(/no button/);
  });

  it('without replace_original posts a new message only the presser sees, or one for everyone (in_channel)', async () => {
    const { message, responseUrl } = await pressed();
    await respond(responseUrl, { text: 'Only you can see this' });
    await respond(responseUrl, { text: 'Everyone sees this', response_type: 'in_channel' });
    const [ephemeral, visible] = standIn.messages({ channel: message.channel }).slice(-2);
    expect(ephemeral).toMatchObject({ text: 'Only you can see this', ephemeralTo: idOf(manager) });
    expect(visible).toMatchObject({ text: 'Everyone sees this', ephemeralTo: undefined });
    // An ephemeral message cannot be updated through chat.update.
    const update = await call('chat.update', { channel: message.channel, ts: ephemeral?.ts, text: 'x' });
    expect(update.body).toEqual({ ok: false, error: 'message_not_found' });
  });

  it('delete_original removes the message', async () => {
    const { message, responseUrl } = await pressed();
    await respond(responseUrl, { delete_original: true });
    expect(standIn.message(message.channel, message.ts)).toBeUndefined();
  });

  it('works five times, for thirty minutes; refuses bad bodies without using one up', async () => {
    const { responseUrl } = await pressed();
    expect(await respond(responseUrl, { replace_original: true, blocks: [{ type: 'nope' }] })).toEqual({
      status: 400,
      body: { ok: false, error: 'invalid_blocks' },
    });
    for (let i = 1; i <= 5; i++)
      expect((await respond(responseUrl, { text: `reply ${i}` })).status).toBe(200);
    expect(await respond(responseUrl, { text: 'sixth' })).toEqual({
      status: 404,
      body: { ok: false, error: 'expired_url' },
    });
    const fresh = await pressed();
    now = new Date(now.getTime() + 30 * 60_000 + 1000);
    expect((await respond(fresh.responseUrl, { text: 'late' })).status).toBe(404);
    expect(
      (await respond(`${standIn.url}/actions/${standIn.teamId}/1/not-a-token`, { text: 'x' })).status,
    ).toBe(404);
  });
});

describe('the page for idflow dev', () => {
  const get = async (url: string): Promise<{ status: number; text: string; headers: Headers }> => {
    const response = await fetch(url, { redirect: 'manual' });
    return { status: response.status, text: await response.text(), headers: response.headers };
  };

  it('lists the people, and shows a person their messages with blocks and buttons; markup from the app is escaped', async () => {
    const message = await postTo(idOf(itManager), 'Plain <b>bold</b>');
    await call('chat.postMessage', {
      channel: idOf(itManager),
      text: 'x',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Grant <img src=x onerror=alert(1)>' } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'See <https://example.com/runs/1|the run> &lt;script&gt;' },
        },
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: '<javascript:alert(1)|click me> <!channel>' }],
        },
      ],
    });
    const index = await get(`${standIn.url}/_standin`);
    expect(index.status).toBe(200);
    expect(index.text).toContain(`/_standin/users/${idOf(itManager)}`);

    const page = await get(standIn.pageUrl(itManager));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(page.text).toContain('Approve</button>');
    expect(page.text).toContain(`value="${message.ts}"`);
    expect(page.text).toContain('Grant &lt;img src=x onerror=alert(1)&gt;');
    expect(page.text).not.toContain('<img');
    expect(page.text).toContain(
      '<a href="https://example.com/runs/1" rel="noreferrer noopener" target="_blank">the run</a>',
    );
    expect(page.text).toContain('&lt;script&gt;');
    expect(page.text).not.toContain('<script');
    expect(page.text).not.toContain('href="javascript:');
    expect(page.text).toContain('<span class="mention">@channel</span>');
  });

  it('presses a button as that person, with the form token, and shows what the app answered', async () => {
    const message = await postTo(idOf(itManager));
    const page = await get(standIn.pageUrl(itManager));
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const form = (token: string): string =>
      new URLSearchParams({
        csrf: token,
        channel: message.channel,
        ts: message.ts,
        action_id: 'idflow.reject',
      }).toString();
    const press = (body: string): Promise<Response> =>
      fetch(`${standIn.pageUrl(itManager)}/press`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        redirect: 'manual',
      });

    const before = app.received.length;
    const foreign = await press(form('not-the-token'));
    expect(foreign.status).toBe(403);
    expect(app.received).toHaveLength(before);

    const sent = await press(form(csrf));
    expect(sent.status).toBe(303);
    expect(app.received).toHaveLength(before + 1);
    expect(payloadOf(app.received.at(-1))).toMatchObject({
      user: { id: idOf(itManager) },
      actions: [{ action_id: 'idflow.reject', value: 'reject-token' }],
    });
    const after = await get(new URL(sent.headers.get('location') ?? '', standIn.url).href);
    expect(after.text).toContain('it answered 200');
  });
});

describe('mrkdwn as Slack reads it', () => {
  it('control sequences become links and mentions; escaped text and a bare @channel stay text', () => {
    expect(
      parseMrkdwn(
        '*Hi* <https://a.example/x?y=1&amp;z=2|the run> <@U123> <!here> &lt;https://evil|click&gt; @channel',
      ),
    ).toEqual([
      { kind: 'text', text: 'Hi', bold: true },
      { kind: 'text', text: ' ', bold: false },
      { kind: 'link', url: 'https://a.example/x?y=1&z=2', label: 'the run' },
      { kind: 'text', text: ' ', bold: false },
      { kind: 'user', id: 'U123' },
      { kind: 'text', text: ' ', bold: false },
      { kind: 'special', name: 'here' },
      { kind: 'text', text: ' <https://evil|click> @channel', bold: false },
    ]);
  });
});
