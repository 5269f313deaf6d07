// The JSON a chat webhook receives. `slack`: a `text` fallback (what notifications and old clients show)
// plus Block Kit blocks (Slack, and the many webhooks that accept Slack's format); `json`: a plain object
// for generic receivers.
import type { ActionInput } from '../../catalog/index.js';

type MessageInput = ActionInput<'notify.message'>;

/** Slack's limits: a header block takes 150 characters, a section 3000, a message 10 fields. */
const HEADER_MAX = 150;

function fieldText(value: string | number | boolean): string {
  return typeof value === 'string' ? value : String(value);
}

export function slackPayload(input: MessageInput): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [];
  if (input.title !== undefined)
    blocks.push({
      type: 'header',
      text: { type: 'plain_text', text: input.title.slice(0, HEADER_MAX), emoji: true },
    });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: input.text } });
  const fields = Object.entries(input.fields ?? {});
  if (fields.length > 0) {
    blocks.push({
      type: 'section',
      fields: fields.map(([label, value]) => ({ type: 'mrkdwn', text: `*${label}*\n${fieldText(value)}` })),
    });
  }
  if (input.to !== undefined)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `For: ${input.to}` }] });
  return { text: input.title !== undefined ? `${input.title}: ${input.text}` : input.text, blocks };
}

export function genericPayload(input: MessageInput): Record<string, unknown> {
  return {
    ...(input.title !== undefined ? { title: input.title } : {}),
    text: input.text,
    ...(input.to !== undefined ? { to: input.to } : {}),
    fields: Object.fromEntries(Object.entries(input.fields ?? {}).map(([k, v]) => [k, fieldText(v)])),
  };
}
