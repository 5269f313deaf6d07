// How Slack reads mrkdwn text, as far as it matters for what a reader sees and clicks
// (https://api.slack.com/reference/surfaces/formatting): `<…>` are control sequences — links
// `<https://x|label>`, user and channel mentions `<@U…>` / `<#C…>`, special mentions `<!channel>`,
// `<!here>`, `<!everyone>` — and `&amp;` `&lt;` `&gt;` are the only escapes, decoded for display. A bare
// `@channel` is text: messages posted through the API are not parsed for names unless the app asks
// (`link_names`, `parse: full`), and the stand-in models the default.
//
// So text an app escapes (`&` `<` `>`) can never become a link or a mention; text it does not escape can.
// The stand-in's page renders with this, and tests read the segments to prove an escaping is right.

export type MrkdwnSegment =
  | { kind: 'text'; text: string; bold: boolean }
  | { kind: 'link'; url: string; label: string }
  | { kind: 'user'; id: string; label?: string }
  | { kind: 'channel'; id: string; label?: string }
  | { kind: 'special'; name: string };

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };
const decode = (text: string): string =>
  text.replace(/&(?:amp|lt|gt);/g, (entity) => ENTITIES[entity] ?? entity);

function controlSequence(inner: string): MrkdwnSegment {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : decode(inner.slice(bar + 1));
  if (target.startsWith('@')) return { kind: 'user', id: target.slice(1), ...(label ? { label } : {}) };
  if (target.startsWith('#')) return { kind: 'channel', id: target.slice(1), ...(label ? { label } : {}) };
  if (target.startsWith('!')) return { kind: 'special', name: target.slice(1).split('^')[0] ?? '' };
  const url = decode(target);
  return { kind: 'link', url, label: label ?? url };
}

/** `*bold*` spans within a run of plain text (the rest of Slack's styling changes no meaning). */
function styled(text: string): MrkdwnSegment[] {
  const out: MrkdwnSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(/\*([^*\n]+)\*/g)) {
    if (match.index > last)
      out.push({ kind: 'text', text: decode(text.slice(last, match.index)), bold: false });
    out.push({ kind: 'text', text: decode(match[1] ?? ''), bold: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: decode(text.slice(last)), bold: false });
  return out;
}

export function parseMrkdwn(text: string): MrkdwnSegment[] {
  const out: MrkdwnSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(/<([^<>]+)>/g)) {
    out.push(...styled(text.slice(last, match.index)));
    out.push(controlSequence(match[1] ?? ''));
    last = match.index + match[0].length;
  }
  out.push(...styled(text.slice(last)));
  return out;
}
