// The Slack Web API client against the Slack stand-in (in-process, no Temporal): typed results, the body
// each method is sent as, Slack's errors as one typed error, and their mapping to Temporal failures —
// with the token nowhere in what an error or a log would show.
import { inspect } from 'node:util';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSlackClient,
  SlackApiError,
  SlackFailureType,
  toSlackFailure,
  type SlackClient,
} from '../../../src/activities/notify/slack.js';
import { type SlackStandIn } from '../../../src/simulator/slack/index.js';
import { BOT_TOKEN, startTestStandIn } from '../../simulator/slack/harness.js';
import { useReceiver } from '../receiver.js';

const receiver = useReceiver();

let standIn: SlackStandIn;
let slack: SlackClient;

beforeAll(async () => {
  standIn = await startTestStandIn({
    users: [
      { email: 'morgan.chen@example.com', realName: 'Morgan Chen', name: 'morgan.chen' },
      { email: 'riley.brooks@example.com', realName: 'Riley Brooks', deleted: true },
    ],
  });
  slack = createSlackClient({ token: BOT_TOKEN, baseUrl: standIn.apiUrl });
});
afterAll(() => standIn.stop());

async function failureOf(promise: Promise<unknown>): Promise<SlackApiError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof SlackApiError)) throw new Error(`expected a SlackApiError, got ${inspect(err)}`);
  return err;
}

function expectNoToken(err: unknown): void {
  for (const shown of [
    String(err),
    JSON.stringify(err),
    inspect(err, { depth: 5 }),
    inspect(toSlackFailure(err)),
  ]) {
    expect(shown).not.toContain(BOT_TOKEN);
    expect(shown).not.toContain('clienttesttoken');
  }
}

describe('the Slack client', () => {
  it('authTest names the team and the bot user', async () => {
    expect(await slack.authTest()).toEqual({
      teamId: standIn.teamId,
      team: 'Acme Robotics',
      botUserId: standIn.botUserId,
      botId: standIn.botId,
    });
  });

  it('lookupByEmail and usersInfo map between e-mail and Slack user, sent form-encoded as Slack requires', async () => {
    const person = await slack.lookupByEmail('Morgan.Chen@example.com');
    expect(person).toEqual({
      id: standIn.user('morgan.chen@example.com')?.id,
      teamId: standIn.teamId,
      name: 'morgan.chen',
      realName: 'Morgan Chen',
      email: 'morgan.chen@example.com',
      deleted: false,
      isBot: false,
    });
    expect(await slack.usersInfo(person.id)).toEqual(person);
    const calls = standIn.requests().filter((r) => r.method.startsWith('users.'));
    expect(calls.map((r) => r.contentType)).toEqual([
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded',
    ]);
  });

  it('usersInfo reports a deactivated account; lookupByEmail does not find one', async () => {
    const gone = standIn.user('riley.brooks@example.com');
    expect((await slack.usersInfo(gone?.id ?? '')).deleted).toBe(true);
    const err = await failureOf(slack.lookupByEmail('riley.brooks@example.com'));
    expect(err).toMatchObject({ reason: 'NotFound', slackError: 'users_not_found', retryable: false });
  });

  it('opens the direct message, posts into it with blocks (JSON), and updates the message', async () => {
    const person = await slack.lookupByEmail('morgan.chen@example.com');
    const { channel } = await slack.openConversation(person.id);
    expect(channel).toMatch(/^D[A-Z0-9]+$/);
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Access request* for VPN' } }];
    const posted = await slack.postMessage({ channel: person.id, text: 'Access request', blocks });
    expect(posted).toEqual({ channel, ts: expect.stringMatching(/^\d{10}\.\d{6}$/) as string });
    const updated = await slack.updateMessage({ channel, ts: posted.ts, text: 'Approved' });
    expect(updated).toEqual(posted);
    const message = standIn.message(channel, posted.ts);
    expect(message?.text).toBe('Approved');
    expect(message?.blocks).toHaveLength(1);
    expect(standIn.requests().find((r) => r.method === 'chat.postMessage')?.contentType).toBe(
      'application/json',
    );
  });
});

describe("Slack's errors", () => {
  it("name the method and Slack's code, with a reason to branch on, and never the arguments", async () => {
    const err = await failureOf(slack.lookupByEmail('nobody@example.com'));
    expect(err).toMatchObject({
      method: 'users.lookupByEmail',
      status: 200,
      slackError: 'users_not_found',
      reason: 'NotFound',
      retryable: false,
    });
    expect(err.message).toBe('Slack users.lookupByEmail → users_not_found');
    expect(inspect(err)).not.toContain('nobody@example.com');

    const blocks = await failureOf(
      slack.postMessage({
        channel: standIn.user('morgan.chen@example.com')?.id ?? '',
        text: 'x',
        blocks: [{ type: 'video' }],
      }),
    );
    expect(blocks).toMatchObject({ slackError: 'invalid_blocks', reason: 'Rejected', retryable: false });
    const missing = await failureOf(
      slack.updateMessage({ channel: 'D0000000000', ts: '1000000000.000001', text: 'x' }),
    );
    expect(missing).toMatchObject({ slackError: 'channel_not_found', reason: 'NotFound' });
  });

  it('a wrong token: Unauthorized, and neither it nor the right one appears anywhere in the error', async () => {
    const wrong = createSlackClient({
      token: 'xoxb-4242-4242-clienttesttokenWRONG',
      baseUrl: standIn.apiUrl,
    });
    const err = await failureOf(wrong.authTest());
    expect(err).toMatchObject({ slackError: 'invalid_auth', reason: 'Unauthorized', retryable: false });
    expectNoToken(err);
    expect(inspect(slack)).not.toContain(BOT_TOKEN);
  });

  it('a rate limit: retryable with Retry-After, and the failure asks Temporal to wait that long', async () => {
    standIn.injectRateLimit({ method: 'chat.postMessage', retryAfterSeconds: 7 });
    const err = await failureOf(
      slack.postMessage({ channel: standIn.user('morgan.chen@example.com')?.id ?? '', text: 'x' }),
    );
    expect(err).toMatchObject({
      status: 429,
      slackError: 'ratelimited',
      reason: 'RateLimited',
      retryable: true,
      retryAfterMs: 7000,
    });
    const failure = toSlackFailure(err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: SlackFailureType.RateLimited,
      nonRetryable: false,
      nextRetryDelay: 7000,
      details: [{ method: 'chat.postMessage', status: 429, slackError: 'ratelimited' }],
    });
    expectNoToken(err);
  });

  it('maps every reason to its failure type; only rate limits and outages are retried', async () => {
    const notFound = toSlackFailure(await failureOf(slack.usersInfo('U0000000000')));
    expect(notFound).toMatchObject({ type: 'SlackNotFound', nonRetryable: true, nextRetryDelay: undefined });
    const rejected = toSlackFailure(
      await failureOf(slack.openConversation(standIn.user('riley.brooks@example.com')?.id ?? '')),
    );
    expect(rejected).toMatchObject({
      type: 'SlackRejected',
      nonRetryable: true,
      details: [{ slackError: 'user_disabled' }],
    });
  });

  it("Slack's outage (HTTP 503 with Retry-After) and an unreadable answer", async () => {
    const viaReceiver = createSlackClient({ token: BOT_TOKEN, baseUrl: `${receiver.origin}/api` });
    receiver.answer({ status: 503, body: 'upstream down', headers: { 'retry-after': '3' } });
    const outage = await failureOf(viaReceiver.authTest());
    expect(outage).toMatchObject({ status: 503, reason: 'Unavailable', retryable: true, retryAfterMs: 3000 });
    expect(toSlackFailure(outage)).toMatchObject({
      type: 'SlackUnavailable',
      nonRetryable: false,
      nextRetryDelay: 3000,
    });

    receiver.answer({ status: 200, body: '<html>captive portal</html>' });
    const unreadable = await failureOf(viaReceiver.authTest());
    expect(unreadable).toMatchObject({ status: 200, reason: 'InvalidResponse', retryable: false });
    expect(unreadable.message).toBe('Slack auth.test → unreadable answer (not Slack JSON)');

    receiver.answer({ status: 200, body: '{"ok":true}', headers: { 'content-type': 'application/json' } });
    expect(await failureOf(viaReceiver.usersInfo('U1'))).toMatchObject({ reason: 'InvalidResponse' });
    // The token went to the receiver as a bearer header, and only there.
    expect(receiver.received.at(-1)?.headers['authorization']).toBe(`Bearer ${BOT_TOKEN}`);
  });

  it('no connection: Unavailable, retryable, and the error names no host', async () => {
    const closed = await startTestStandIn({ users: [] });
    const apiUrl = closed.apiUrl;
    await closed.stop();
    const err = await failureOf(createSlackClient({ token: BOT_TOKEN, baseUrl: apiUrl }).authTest());
    expect(err).toMatchObject({ status: 0, reason: 'Unavailable', retryable: true });
    expect(err.message).toMatch(/^Slack auth\.test → could not connect \(ECONNREFUSED\)$/);
    expect(inspect(err)).not.toContain(new URL(apiUrl).port);
  });

  it('toSlackFailure passes an ApplicationFailure through and rethrows anything else', () => {
    const failure = ApplicationFailure.nonRetryable('already mapped');
    expect(toSlackFailure(failure)).toBe(failure);
    const bug = new TypeError('a bug');
    expect(() => toSlackFailure(bug)).toThrow(bug);
  });

  it('refuses a missing token or a non-http base URL at construction', () => {
    expect(() => createSlackClient({ token: '' })).toThrow(/token is required/);
    expect(() => createSlackClient({ token: 'xoxb-a b' })).toThrow(/token is required/);
    expect(() => createSlackClient({ token: BOT_TOKEN, baseUrl: 'file:///etc' })).toThrow(/http/);
  });
});
