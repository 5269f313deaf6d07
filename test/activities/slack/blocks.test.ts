// The approval DM: its shape, and that requester-written text stays text. "Stays text" is checked the way a
// reader meets it: the DM is posted to the Slack stand-in (which refuses blocks Slack would refuse) and its
// mrkdwn is read as Slack reads it, where `<…>` makes links and mentions (issue 14, item 6).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackClient, type SlackClient } from '../../../src/activities/notify/slack.js';
import {
  APPROVE_ACTION_ID,
  approvalDm,
  DECISION_BLOCK_ID,
  escapeMrkdwn,
  mrkdwnLink,
  REJECT_ACTION_ID,
  type ApprovalDmInput,
  type SlackMessageContent,
} from '../../../src/activities/notify/slackBlocks.js';
import {
  parseMrkdwn,
  type MrkdwnSegment,
  type SlackStandIn,
  type StandInMessage,
} from '../../../src/simulator/slack/index.js';
import { BOT_TOKEN, startTestStandIn } from '../../simulator/slack/harness.js';
import { useReceiver } from '../receiver.js';

const APPROVER = 'morgan.chen@example.com';
const app = useReceiver();

let standIn: SlackStandIn;
let slack: SlackClient;

beforeAll(async () => {
  standIn = await startTestStandIn({
    users: [{ email: APPROVER, realName: 'Morgan Chen' }],
    interactionsUrl: `${app.origin}/slack/interactions`,
  });
  slack = createSlackClient({ token: BOT_TOKEN, baseUrl: standIn.apiUrl });
});
afterAll(() => standIn.stop());

const ATTACK =
  '<https://evil.example/phish|click here to approve> <!channel> <!here> @channel <@U0123456789> & <#C0123456789>';

const request: ApprovalDmInput = {
  title: 'Add jordan.lee to VPN Users',
  requester: 'Jordan Lee <jordan.lee@example.com>',
  subject: 'jordan.lee',
  reason: ATTACK,
  fields: { Group: 'VPN Users', 'Expires <!channel>': '2026-03-09', Days: 7 },
  link: 'https://idflow.example/approve/abc?t=1&u=2',
  actions: { approveValue: 'decision:approve:token-1', rejectValue: 'decision:reject:token-1' },
};

/** Posts a DM to the approver and returns it as the stand-in stored it (after Slack's Block Kit checks). */
async function delivered(content: SlackMessageContent): Promise<StandInMessage> {
  const person = await slack.lookupByEmail(APPROVER);
  const { channel, ts } = await slack.postMessage({ channel: person.id, ...content });
  const message = standIn.message(channel, ts);
  if (!message) throw new Error('not stored');
  return message;
}

/** Every mrkdwn text of a message, as sent. */
function mrkdwnTexts(message: StandInMessage): string[] {
  const texts: string[] = [message.text];
  for (const block of message.blocks ?? []) {
    if (block.type === 'section') {
      if (block.text?.type === 'mrkdwn') texts.push(block.text.text);
      for (const field of block.fields ?? []) if (field.type === 'mrkdwn') texts.push(field.text);
    }
    if (block.type === 'context')
      for (const element of block.elements) if (element.type === 'mrkdwn') texts.push(element.text);
  }
  return texts;
}

/** Every mrkdwn text of a message, read as Slack reads it. */
const segments = (message: StandInMessage): MrkdwnSegment[] => mrkdwnTexts(message).flatMap(parseMrkdwn);

const shownText = (parts: MrkdwnSegment[]): string =>
  parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');

describe('escapeMrkdwn', () => {
  it('escapes exactly &, < and >', () => {
    expect(escapeMrkdwn(`a & b <c> "d" 'e' *f* @channel`)).toBe(`a &amp; b &lt;c&gt; "d" 'e' *f* @channel`);
    expect(escapeMrkdwn('&amp;')).toBe('&amp;amp;');
  });

  it('without it the same text makes a link and mentions (so the checks below can fail)', () => {
    const raw = parseMrkdwn(ATTACK);
    expect(raw.filter((p) => p.kind === 'link')).toEqual([
      { kind: 'link', url: 'https://evil.example/phish', label: 'click here to approve' },
    ]);
    expect(raw.filter((p) => p.kind === 'special').map((p) => p.kind === 'special' && p.name)).toEqual([
      'channel',
      'here',
    ]);
    expect(parseMrkdwn(escapeMrkdwn(ATTACK))).toEqual([{ kind: 'text', text: ATTACK, bold: false }]);
  });
});

describe('approvalDm', () => {
  it('has the title, who asked, the reason, the facts, this approver’s link and the two buttons', () => {
    const { text, blocks } = approvalDm(request);
    expect(blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'section',
      'context',
      'actions',
    ]);
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: request.title, emoji: false },
    });
    expect(blocks[1]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*Requested by* Jordan Lee &lt;jordan.lee@example.com&gt;\n*For* jordan.lee',
      },
    });
    expect(blocks.at(-1)).toEqual({
      type: 'actions',
      block_id: DECISION_BLOCK_ID,
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Approve' },
          action_id: APPROVE_ACTION_ID,
          value: 'decision:approve:token-1',
          style: 'primary',
        },
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Reject' },
          action_id: REJECT_ACTION_ID,
          value: 'decision:reject:token-1',
          style: 'danger',
        },
      ],
    });
    expect(text).toBe(
      'Approval needed: Add jordan.lee to VPN Users (requested by Jordan Lee &lt;jordan.lee@example.com&gt;)',
    );
  });

  it('is accepted by Slack, and what the requester wrote shows as literal text: one link (the approval link), no mention', async () => {
    const message = await delivered(approvalDm(request));
    const parts = segments(message);
    expect(parts.filter((p) => p.kind === 'link')).toEqual([
      { kind: 'link', url: 'https://idflow.example/approve/abc?t=1&u=2', label: 'Open the request' },
    ]);
    expect(parts.filter((p) => p.kind === 'special' || p.kind === 'user' || p.kind === 'channel')).toEqual(
      [],
    );
    const shown = shownText(parts);
    expect(shown).toContain(ATTACK);
    expect(shown).toContain('Expires <!channel>');
    expect(shown).toContain('Jordan Lee <jordan.lee@example.com>');

    // And in the browser page of idflow dev: no link to the phishing site, the text shown as written.
    const page = await (await fetch(standIn.pageUrl(APPROVER))).text();
    expect(page).not.toContain('href="https://evil.example');
    expect(page).toContain('&lt;https://evil.example/phish|click here to approve&gt; &lt;!channel&gt;');
    expect(page).not.toContain('class="mention"');
  });

  it('carries the button values back in the press', async () => {
    const message = await delivered(approvalDm(request));
    app.answer({ status: 200 });
    const result = await standIn.press({
      as: APPROVER,
      channel: message.channel,
      ts: message.ts,
      actionId: REJECT_ACTION_ID,
    });
    expect(result.payload).toMatchObject({
      actions: [
        {
          action_id: REJECT_ACTION_ID,
          block_id: DECISION_BLOCK_ID,
          value: 'decision:reject:token-1',
          type: 'button',
        },
      ],
    });
  });

  it('clips long text to Slack’s limits (counted after escaping) instead of having the DM refused', async () => {
    const long = approvalDm({
      ...request,
      title: 'T'.repeat(500),
      requester: '&'.repeat(4000),
      reason: '<'.repeat(10_000),
      fields: Object.fromEntries(
        Array.from({ length: 23 }, (_, i) => [`Field ${i} ${'>'.repeat(600)}`, '&'.repeat(3000)]),
      ),
    });
    const header = long.blocks[0];
    expect(header?.type === 'header' && header.text.text).toBe(`${'T'.repeat(149)}…`);
    const reason = long.blocks[2];
    const reasonText = reason?.type === 'section' && 'text' in reason ? reason.text.text : '';
    // Whole `&lt;` entities only: 3000 minus what a fifth one and the ellipsis would need.
    expect(reasonText.length).toBeLessThanOrEqual(3000);
    expect(reasonText.length).toBeGreaterThan(2995);
    expect(reasonText.endsWith('&lt;…')).toBe(true);
    expect(
      long.blocks
        .filter((b) => b.type === 'section' && 'fields' in b)
        .map((b) => 'fields' in b && b.fields.length),
    ).toEqual([10, 10, 3]);
    const message = await delivered(long);
    expect(message.blocks).toHaveLength(long.blocks.length);
    // No escape was cut in half: every `&` left starts a whole entity.
    for (const text of mrkdwnTexts(message)) expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });

  it('keeps text that fits exactly, and clips emoji whole', () => {
    const exact = approvalDm({ ...request, title: 'x'.repeat(150) });
    expect(exact.blocks[0]?.type === 'header' && exact.blocks[0].text.text).toBe('x'.repeat(150));
    const emoji = approvalDm({ ...request, title: '😀'.repeat(100) });
    const title = emoji.blocks[0]?.type === 'header' ? emoji.blocks[0].text.text : '';
    expect(title.endsWith('…')).toBe(true);
    expect(title.length).toBeLessThanOrEqual(150);
    expect(title).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('leaves out what was not given', () => {
    const minimal = approvalDm({ title: 'Reset MFA', requester: 'Sam', actions: request.actions });
    expect(minimal.blocks.map((b) => b.type)).toEqual(['header', 'section', 'actions']);
    // A blank reason gets no section: who asked, then the facts.
    expect(approvalDm({ ...request, reason: '  ' }).blocks.filter((b) => b.type === 'section')).toHaveLength(
      2,
    );
  });
});

describe('mrkdwnLink', () => {
  it('keeps a URL with | and > in one piece', () => {
    const link = mrkdwnLink('https://idflow.example/a|b?q=<x>&r=1', 'Open');
    expect(parseMrkdwn(link)).toEqual([
      { kind: 'link', url: 'https://idflow.example/a%7Cb?q=%3Cx%3E&r=1', label: 'Open' },
    ]);
  });

  it('refuses anything but http(s)', () => {
    expect(() => mrkdwnLink('javascript:alert(1)', 'x')).toThrow(/http/);
    expect(() => mrkdwnLink('not a url', 'x')).toThrow(/URL/);
    expect(() => approvalDm({ ...request, link: 'mailto:boss@example.com' })).toThrow(/http/);
  });

  it('refuses a button value longer than Slack takes', () => {
    expect(() =>
      approvalDm({ ...request, actions: { approveValue: 'x'.repeat(2001), rejectValue: 'r' } }),
    ).toThrow(RangeError);
  });
});
