// The Slack stand-in's Web API: what each method answers, the token rules, the body encodings Slack accepts
// per method, Block Kit checks and injected rate limits. No Temporal: the stand-in runs in-process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../../src/simulator/seed.js';
import { FIXTURE_USERS } from '../../../src/simulator/fixtures.js';
import {
  slackUsersFromDirectory,
  startSlackStandIn,
  type SlackStandIn,
} from '../../../src/simulator/slack/index.js';
import { assertSlackConformsToSpec } from '../../helpers/slackSpec.js';
import { BOT_TOKEN, SIGNING_SECRET, slackApi, startTestStandIn, type SlackApi } from './harness.js';

let standIn: SlackStandIn;
let call: SlackApi;

const manager = FIXTURE_USERS.engManager.email;
const engineer = FIXTURE_USERS.engineer.email;

beforeAll(async () => {
  const directory = seedDirectory({ seed: 7, users: 30 });
  standIn = await startTestStandIn({
    users: slackUsersFromDirectory(directory),
    channels: [{ name: 'it-approvals', members: [manager, FIXTURE_USERS.itManager.email] }],
  });
  call = slackApi(standIn);
});
afterAll(() => standIn.stop());

const idOf = (email: string): string => {
  const user = standIn.user(email);
  if (!user) throw new Error(`no Slack user for ${email}`);
  return user.id;
};

describe('the workspace seeded from the JumpCloud directory', () => {
  it('has the same people by e-mail, but no account for a STAGED new hire and a deactivated one for SUSPENDED', () => {
    const directory = seedDirectory({ seed: 7, users: 30 });
    const staged = directory.users().filter((u) => u.state === 'STAGED');
    expect(staged.length).toBeGreaterThan(0);
    expect(standIn.users()).toHaveLength(directory.users().length - staged.length);
    expect(standIn.user(FIXTURE_USERS.newHire.email)).toBeUndefined();
    expect(standIn.user(FIXTURE_USERS.suspended.email)?.deleted).toBe(true);
    const person = standIn.user(manager);
    expect(person).toMatchObject({
      email: manager,
      name: 'morgan.chen',
      realName: 'Morgan Chen',
      deleted: false,
    });
    expect(person?.id).toMatch(/^U[A-Z0-9]{10}$/);
  });

  it('gives the same ids to the same people in another stand-in (a restarted idflow dev)', async () => {
    const again = await startTestStandIn({
      users: [{ email: manager.toUpperCase(), realName: 'Morgan Chen' }],
    });
    try {
      expect(again.user(manager)?.id).toBe(idOf(manager));
      expect(again.teamId).toBe(standIn.teamId);
    } finally {
      await again.stop();
    }
  });

  it('refuses options Slack could not have', async () => {
    const base = { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, users: [] };
    await expect(startSlackStandIn({ ...base, botToken: 'xoxp-user-token' })).rejects.toThrow(/xoxb/);
    await expect(startSlackStandIn({ ...base, signingSecret: '' })).rejects.toThrow(/signingSecret/);
    const twice = [
      { email: 'a@example.com', realName: 'A' },
      { email: 'A@example.com', realName: 'B' },
    ];
    await expect(startSlackStandIn({ ...base, users: twice })).rejects.toThrow(/two people/);
    await expect(startSlackStandIn({ ...base, users: [{ email: 'x', realName: 'X' }] })).rejects.toThrow(
      /e-mail/,
    );
  });
});

describe('tokens', () => {
  it('auth.test names the team and the bot user', async () => {
    const answer = await call('auth.test');
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.body).toMatchObject({
      ok: true,
      team: 'Acme Robotics',
      team_id: standIn.teamId,
      user: 'idflow',
      user_id: standIn.botUserId,
      bot_id: standIn.botId,
      url: 'https://acme-robotics.slack.com/',
    });
  });

  it('no token: not_authed; a wrong one: invalid_auth; both HTTP 200', async () => {
    for (const [token, error] of [
      [null, 'not_authed'],
      ['xoxb-1111-2222-wrong', 'invalid_auth'],
      ['', 'invalid_auth'],
    ] as const) {
      const answer = await call('chat.postMessage', { channel: idOf(manager), text: 'hi' }, { token });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ ok: false, error });
    }
    expect(standIn.dms(manager)).toHaveLength(0);
  });

  it('takes the token from a form field, but never from a JSON body', async () => {
    expect((await call('auth.test', {}, { as: 'form', tokenField: true })).body.ok).toBe(true);
    const json = await call('auth.test', { token: BOT_TOKEN }, { token: null });
    expect(json.body).toEqual({ ok: false, error: 'not_authed' });
  });
});

describe('users', () => {
  it('users.lookupByEmail finds a person by e-mail, any case, as a form body or a query', async () => {
    for (const as of ['form', 'query'] as const) {
      const answer = await call<{ user: { id: string; profile: { email: string; real_name: string } } }>(
        'users.lookupByEmail',
        { email: engineer.toUpperCase() },
        { as },
      );
      expect(answer.body.ok).toBe(true);
      expect(answer.body.user.id).toBe(idOf(engineer));
      expect(answer.body.user.profile).toMatchObject({ email: engineer, real_name: 'Jordan Lee' });
    }
  });

  it('users.lookupByEmail does not read a JSON body (Slack documents it as form-only)', async () => {
    const answer = await call('users.lookupByEmail', { email: engineer }, { as: 'json' });
    expect(answer.body).toEqual({ ok: false, error: 'users_not_found' });
  });

  it('users.lookupByEmail: users_not_found for a stranger, a new hire without an account, a deactivated account', async () => {
    for (const email of ['nobody@example.com', FIXTURE_USERS.newHire.email, FIXTURE_USERS.suspended.email]) {
      const answer = await call('users.lookupByEmail', { email }, { as: 'form' });
      expect(answer.body, email).toEqual({ ok: false, error: 'users_not_found' });
    }
  });

  it('users.info maps a Slack user id back to the e-mail; deactivated accounts say so', async () => {
    const answer = await call<{
      user: { name: string; deleted: boolean; is_bot: boolean; profile: { email: string } };
    }>('users.info', { user: idOf(manager) }, { as: 'form' });
    expect(answer.body.user).toMatchObject({ name: 'morgan.chen', deleted: false, is_bot: false });
    expect(answer.body.user.profile.email).toBe(manager);
    const gone = await call<{ user: { deleted: boolean } }>(
      'users.info',
      { user: idOf(FIXTURE_USERS.suspended.email) },
      { as: 'form' },
    );
    expect(gone.body.user.deleted).toBe(true);
    const bot = await call<{ user: { is_bot: boolean; profile: Record<string, unknown> } }>(
      'users.info',
      { user: standIn.botUserId },
      { as: 'form' },
    );
    expect(bot.body.user.is_bot).toBe(true);
    expect(bot.body.user.profile).not.toHaveProperty('email');
  });

  it('users.info: user_not_found for an unknown id, an e-mail in place of an id, or none', async () => {
    for (const params of [{ user: 'U0000000000' }, { user: manager }, {}]) {
      const answer = await call('users.info', params, { as: 'form' });
      expect(answer.body, JSON.stringify(params)).toEqual({ ok: false, error: 'user_not_found' });
    }
  });
});

describe('conversations.open', () => {
  it('opens the direct message once, then says it is already open', async () => {
    const person = idOf(FIXTURE_USERS.sysadmin.email);
    const first = await call<{ channel: { id: string }; already_open?: boolean }>('conversations.open', {
      users: person,
    });
    expect(first.body.ok).toBe(true);
    expect(first.body.channel.id).toMatch(/^D[A-Z0-9]{10}$/);
    expect(first.body.already_open).toBeUndefined();
    const again = await call<{ channel: Record<string, unknown>; already_open: boolean; no_op: boolean }>(
      'conversations.open',
      { users: person, return_im: true },
    );
    expect(again.body).toMatchObject({ ok: true, already_open: true, no_op: true });
    expect(again.body.channel).toMatchObject({ id: first.body.channel.id, is_im: true, user: person });
  });

  it('answers the errors Slack lists for it', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'users_list_not_supplied'],
      [{ users: 'U0000000000' }, 'user_not_found'],
      [{ users: idOf(FIXTURE_USERS.suspended.email) }, 'user_disabled'],
      [{ users: `${idOf(manager)},${idOf(engineer)}` }, 'too_many_users'],
      [{ channel: 'D0000000000' }, 'channel_not_found'],
    ];
    for (const [params, error] of cases) {
      expect((await call('conversations.open', params)).body, JSON.stringify(params)).toEqual({
        ok: false,
        error,
      });
    }
  });
});

describe('chat.postMessage and chat.update', () => {
  const blocks = [
    { type: 'section', text: { type: 'mrkdwn', text: '*Access request* for <@U000>' } },
    {
      type: 'actions',
      elements: [
        { type: 'button', text: { type: 'plain_text', text: 'Approve' }, style: 'primary', value: 'yes' },
        { type: 'button', text: { type: 'plain_text', text: 'Reject' }, action_id: 'no', value: 'no' },
      ],
    },
  ];

  it("posting to a person's id writes to their direct message and keeps the blocks, ids filled in as Slack does", async () => {
    const answer = await call<{ channel: string; ts: string; message: Record<string, unknown> }>(
      'chat.postMessage',
      {
        channel: idOf(engineer),
        text: 'Access request',
        blocks,
      },
    );
    expect(answer.body.ok).toBe(true);
    expect(answer.body.channel).toMatch(/^D/);
    expect(answer.body.ts).toMatch(/^\d{10}\.\d{6}$/);
    const [stored] = standIn.dms(engineer);
    expect(stored).toMatchObject({
      channel: answer.body.channel,
      ts: answer.body.ts,
      text: 'Access request',
    });
    const actions = stored?.blocks?.[1];
    expect(actions?.type).toBe('actions');
    if (actions?.type !== 'actions') throw new Error('unreachable');
    expect(actions.block_id).toEqual(expect.any(String));
    expect(actions.elements.map((e) => e.action_id)).toEqual([expect.any(String), 'no']);
    expect(answer.body.message).toMatchObject({
      type: 'message',
      ts: answer.body.ts,
      blocks: stored?.blocks,
    });
  });

  it('takes blocks as a JSON string in a form body', async () => {
    const answer = await call(
      'chat.postMessage',
      { channel: idOf(engineer), text: 'form', blocks },
      { as: 'form' },
    );
    expect(answer.body.ok).toBe(true);
    expect(standIn.dms(engineer).at(-1)?.blocks).toHaveLength(2);
  });

  it('posts to a channel by id or #name', async () => {
    const channel = standIn.conversations().find((c) => c.name === 'it-approvals');
    const byName = await call<{ channel: string }>('chat.postMessage', {
      channel: '#it-approvals',
      text: 'notice',
    });
    expect(byName.body.channel).toBe(channel?.id);
    expect(standIn.messages({ channel: channel?.id ?? '' }).map((m) => m.text)).toEqual(['notice']);
  });

  it('refuses what Slack refuses, and stores nothing then', async () => {
    const before = standIn.messages().length;
    const cases: [Record<string, unknown>, string][] = [
      [{ text: 'no channel' }, 'channel_not_found'],
      [{ channel: 'C0000000000', text: 'x' }, 'channel_not_found'],
      [{ channel: idOf(FIXTURE_USERS.suspended.email), text: 'x' }, 'channel_not_found'],
      [{ channel: idOf(engineer) }, 'no_text'],
      [{ channel: idOf(engineer), text: 'x'.repeat(40_001) }, 'msg_too_long'],
      [{ channel: idOf(engineer), text: 'x', blocks: { type: 'divider' } }, 'invalid_blocks_format'],
      [{ channel: idOf(engineer), text: 'x', blocks: [{ type: 'video' }] }, 'invalid_blocks'],
      [
        {
          channel: idOf(engineer),
          text: 'x',
          blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
        },
        'invalid_blocks',
      ],
      [
        {
          channel: idOf(engineer),
          text: 'x',
          blocks: [{ type: 'header', text: { type: 'mrkdwn', text: '*h*' } }],
        },
        'invalid_blocks',
      ],
      [{ channel: idOf(engineer), text: 'x', blocks: [{ type: 'section' }] }, 'invalid_blocks'],
      [
        {
          channel: idOf(engineer),
          text: 'x',
          blocks: [{ type: 'actions', elements: [blocks[1]?.elements?.[1], blocks[1]?.elements?.[1]] }],
        },
        'invalid_blocks',
      ],
    ];
    for (const [params, error] of cases) {
      expect((await call('chat.postMessage', params)).body, error).toEqual({ ok: false, error });
    }
    const form = await call(
      'chat.postMessage',
      { channel: idOf(engineer), text: 'x', blocks: '[{' },
      { as: 'form' },
    );
    expect(form.body).toEqual({ ok: false, error: 'invalid_blocks_format' });
    expect(standIn.messages()).toHaveLength(before);
    // The log says why, although Slack's answer carries only the code.
    const duplicate = standIn
      .requests()
      .filter((r) => r.error === 'invalid_blocks')
      .at(-1);
    expect(duplicate?.detail).toMatch(/duplicate action_id no/);
  });

  it('chat.update replaces the text, keeps blocks left out, and keeps every version', async () => {
    const posted = await call<{ channel: string; ts: string }>('chat.postMessage', {
      channel: idOf(manager),
      text: 'Pending',
      blocks,
    });
    const { channel, ts } = posted.body;
    const updated = await call<{ text: string; message: { blocks: unknown[] } }>('chat.update', {
      channel,
      ts,
      text: 'Approved by Morgan',
    });
    expect(updated.body).toMatchObject({ ok: true, channel, ts, text: 'Approved by Morgan' });
    expect(updated.body.message.blocks).toHaveLength(2);
    const done = [{ type: 'section', text: { type: 'mrkdwn', text: ':white_check_mark: Approved' } }];
    await call('chat.update', { channel, ts, blocks: done });
    const message = standIn.message(channel, ts);
    expect(message?.text).toBe('Approved by Morgan');
    expect(message?.blocks).toHaveLength(1);
    expect(message?.versions.map((v) => v.by)).toEqual(['chat.postMessage', 'chat.update', 'chat.update']);
  });

  it('chat.update: message_not_found, channel_not_found (a user id is not a channel), no_text', async () => {
    const posted = await call<{ channel: string; ts: string }>('chat.postMessage', {
      channel: idOf(manager),
      text: 'x',
    });
    const { channel, ts } = posted.body;
    const cases: [Record<string, unknown>, string][] = [
      [{ channel, ts: '1000000000.000001', text: 'y' }, 'message_not_found'],
      [{ channel, text: 'y' }, 'message_not_found'],
      [{ channel: idOf(manager), ts, text: 'y' }, 'channel_not_found'],
      [{ channel, ts }, 'no_text'],
      [{ channel, ts, blocks: [{ type: 'nope' }] }, 'invalid_blocks'],
    ];
    for (const [params, error] of cases) {
      expect((await call('chat.update', params)).body, error).toEqual({ ok: false, error });
    }
    expect(standIn.message(channel, ts)?.versions).toHaveLength(1);
  });
});

describe('faults and unknown methods', () => {
  it('an injected rate limit answers 429 ratelimited with Retry-After, for the named method only, then lets calls through', async () => {
    standIn.injectRateLimit({ method: 'chat.postMessage', times: 2, retryAfterSeconds: 7 });
    expect((await call('auth.test')).body.ok).toBe(true);
    for (let i = 0; i < 2; i++) {
      const limited = await call('chat.postMessage', { channel: idOf(engineer), text: 'x' });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
      expect(limited.body).toEqual({ ok: false, error: 'ratelimited' });
    }
    expect((await call('chat.postMessage', { channel: idOf(engineer), text: 'x' })).body.ok).toBe(true);
  });

  it('a malformed or non-object JSON body: invalid_json, json_not_object', async () => {
    expect((await call('chat.postMessage', {}, { rawJson: '{"channel":' })).body).toEqual({
      ok: false,
      error: 'invalid_json',
    });
    expect((await call('chat.postMessage', {}, { rawJson: '["x"]' })).body).toEqual({
      ok: false,
      error: 'json_not_object',
    });
  });

  it('a body of a type Slack does not take: invalid_post_type', async () => {
    const response = await fetch(`${standIn.apiUrl}/chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'text/plain' },
      body: 'channel=x&text=y',
    });
    const body: unknown = await response.json();
    expect(body).toEqual({ ok: false, error: 'invalid_post_type' });
    assertSlackConformsToSpec({
      method: 'chat.postMessage',
      status: response.status,
      contentType: response.headers.get('content-type'),
      body,
    });
  });

  it('an unknown method: 404 unknown_method, even with a good token', async () => {
    const answer = await call('chat.delete', { channel: 'D1', ts: '1' }, { skipSpecCheck: true });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ ok: false, error: 'unknown_method' });
  });

  it('logs every call without its token', () => {
    const log = standIn.requests();
    expect(log.length).toBeGreaterThan(20);
    expect(JSON.stringify(log)).not.toContain(BOT_TOKEN);
    expect(log.find((r) => r.error === 'ratelimited')).toMatchObject({
      method: 'chat.postMessage',
      status: 429,
    });
  });
});
