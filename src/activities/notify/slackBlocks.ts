// The approval direct message: what an approver sees in Slack — the request, this approver's own link,
// and Approve / Reject buttons whose values the interactions endpoint turns into a decision.
//
// Text a requester wrote (title parts, reason, fields, their name) lands in mrkdwn, where `<…>` makes links
// and mentions: `<https://evil|click>` would show "click" and open another site, `<!channel>` would notify
// everyone. Slack's rule is that `&`, `<` and `>` are the only characters to escape (as `&amp;` `&lt;`
// `&gt;`); after that such text shows literally. A bare `@channel` is plain text as long as messages are
// posted without `link_names` / `parse: full`, which the Slack client never sets. The header is plain_text,
// which Slack does not parse at all, so it is left as written.
//
// Every text is clipped to Slack's limits (header 150 characters, section 3000, field 2000; counted after
// escaping) so a long reason shortens the message instead of making Slack refuse it (`invalid_blocks`).

export const DECISION_BLOCK_ID = 'idflow.decision';
export const APPROVE_ACTION_ID = 'idflow.approve';
export const REJECT_ACTION_ID = 'idflow.reject';

export type PlainText = { type: 'plain_text'; text: string; emoji?: boolean };
export type MrkdwnText = { type: 'mrkdwn'; text: string };
export type SlackButton = {
  type: 'button';
  text: PlainText;
  action_id: string;
  value: string;
  style?: 'primary' | 'danger';
};
export type SlackBlock =
  | { type: 'header'; text: PlainText }
  | { type: 'section'; text: MrkdwnText }
  | { type: 'section'; fields: MrkdwnText[] }
  | { type: 'context'; elements: MrkdwnText[] }
  | { type: 'actions'; block_id: string; elements: SlackButton[] };

export interface SlackMessageContent {
  /** The notification and fallback text (mrkdwn). */
  text: string;
  blocks: SlackBlock[];
}

export interface ApprovalDmInput {
  /** What is to be decided, e.g. "Add jordan.lee to VPN Users". */
  title: string;
  /** Who asked. */
  requester: string;
  /** Whom the change is about, when that is someone else. */
  subject?: string;
  reason?: string;
  /** More facts, label → value, in order. */
  fields?: Readonly<Record<string, string | number | boolean>>;
  /** This approver's own link to the approval page (never anyone else's). */
  link?: string;
  /** What the buttons carry back in the press (opaque to Slack; at most 2000 characters each). */
  actions: { approveValue: string; rejectValue: string };
}

const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;
const FIELDS_PER_SECTION = 10;
const BUTTON_VALUE_MAX = 2000;
const ELLIPSIS = '…';

const MRKDWN_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Text shown literally in mrkdwn: no link, mention or command can come out of it. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => MRKDWN_ESCAPES[c] ?? c);
}

/**
 * `prefix` + `text` (escaped for mrkdwn unless `plain`), clipped with an ellipsis to at most `max` UTF-16
 * units — never more characters than Slack counts, never half an escape or half a surrogate pair.
 */
function clipped(prefix: string, text: string, max: number, plain = false): string {
  const whole = prefix + (plain ? text : escapeMrkdwn(text));
  if (whole.length <= max) return whole;
  let out = prefix;
  for (const char of text) {
    const next = plain ? char : escapeMrkdwn(char);
    if (out.length + next.length > max - ELLIPSIS.length) return out + ELLIPSIS;
    out += next;
  }
  return out;
}

/**
 * `<url|label>` for an http(s) URL. `|` and `>` would end the URL early, so they are percent-encoded;
 * `&` is escaped as everywhere in mrkdwn.
 */
export function mrkdwnLink(url: string, label: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError('approval link: not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new TypeError('approval link: must be http(s)');
  const href = parsed.href.replaceAll('|', '%7C').replaceAll('<', '%3C').replaceAll('>', '%3E');
  return `<${escapeMrkdwn(href)}|${escapeMrkdwn(label)}>`;
}

const mrkdwn = (text: string): MrkdwnText => ({ type: 'mrkdwn', text });

function button(label: string, actionId: string, value: string, style: 'primary' | 'danger'): SlackButton {
  if (value.length > BUTTON_VALUE_MAX)
    throw new RangeError(`${actionId}: a button value holds at most ${BUTTON_VALUE_MAX} characters`);
  return { type: 'button', text: { type: 'plain_text', text: label }, action_id: actionId, value, style };
}

export function approvalDm(input: ApprovalDmInput): SlackMessageContent {
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: clipped('', input.title, HEADER_MAX, true), emoji: false },
    },
  ];
  const who =
    clipped('*Requested by* ', input.requester, SECTION_MAX / 2) +
    (input.subject !== undefined && input.subject !== ''
      ? clipped('\n*For* ', input.subject, SECTION_MAX / 2)
      : '');
  blocks.push({ type: 'section', text: mrkdwn(who) });
  if (input.reason !== undefined && input.reason.trim() !== '')
    blocks.push({ type: 'section', text: mrkdwn(clipped('*Reason*\n', input.reason, SECTION_MAX)) });

  const fields = Object.entries(input.fields ?? {}).map(([label, value]) =>
    mrkdwn(clipped(`*${clipped('', label, FIELD_MAX / 4)}*\n`, String(value), FIELD_MAX)),
  );
  for (let at = 0; at < fields.length; at += FIELDS_PER_SECTION)
    blocks.push({ type: 'section', fields: fields.slice(at, at + FIELDS_PER_SECTION) });

  if (input.link !== undefined)
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`${mrkdwnLink(input.link, 'Open the request')} (your own link: do not forward it)`)],
    });
  blocks.push({
    type: 'actions',
    block_id: DECISION_BLOCK_ID,
    elements: [
      button('Approve', APPROVE_ACTION_ID, input.actions.approveValue, 'primary'),
      button('Reject', REJECT_ACTION_ID, input.actions.rejectValue, 'danger'),
    ],
  });
  return {
    text: clipped('Approval needed: ', `${input.title} (requested by ${input.requester})`, SECTION_MAX),
    blocks,
  };
}
