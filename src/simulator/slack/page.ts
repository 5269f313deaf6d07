// A tiny Slack client in the browser, for `idflow dev`: one page per person with the messages they can see
// (their direct message with the bot, the channels they are in), blocks rendered as Slack would show them,
// and buttons that make the stand-in send the signed press as that person. Everything shown comes from
// messages an app wrote, so every value goes through the escaping `html` tag; links are only made for
// http(s) and mailto URLs.
//
// The press form carries a per-process token, so another site cannot make a browser press a button here.
import { createHash } from 'node:crypto';
import { html, SafeHtml } from '../../common/html.js';
import { buttonsOf, type Block, type Button, type TextObject } from './blocks.js';
import { parseMrkdwn, type MrkdwnSegment } from './mrkdwn.js';
import type { StandInMessage, StandInUser, Workspace } from './workspace.js';

const STYLE = `
body{margin:0;font:15px/1.45 system-ui,sans-serif;color:#1d1c1d;background:#fff}
main{max-width:46rem;margin:0 auto;padding:1.5rem 1rem}
h1{font-size:1.3rem}h2{font-size:1.05rem;margin:1.5rem 0 .5rem;color:#616061}
.msg{border:1px solid #ddd;border-radius:8px;padding:.75rem 1rem;margin:.5rem 0}
.meta{color:#616061;font-size:.8rem}
.fields{display:grid;grid-template-columns:1fr 1fr;gap:.25rem 1rem}
.mention{background:#fff3c4;border-radius:3px;padding:0 2px}
.notice{border-left:4px solid #2eb67d;padding:.25rem .75rem}
.actions{display:flex;gap:.5rem;flex-wrap:wrap}
form{display:inline}
button{font:inherit;padding:.35rem .9rem;border:1px solid #bbb;border-radius:4px;background:#fff;cursor:pointer}
button.primary{background:#007a5a;color:#fff;border-color:#007a5a}
button.danger{background:#e01e5a;color:#fff;border-color:#e01e5a}
small{color:#616061}
`.trim();

// The browser hashes the element's exact text: built as a string, outside any formatted template.
const STYLE_ELEMENT = new SafeHtml(`<style>${STYLE}</style>`);
const STYLE_HASH = createHash('sha256').update(STYLE, 'utf8').digest('base64');

/** Nothing loads but the inline style; forms post only back here; no framing, no referrer. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

function document(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Slack stand-in</title>
        ${STYLE_ELEMENT}
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html>`.value;
}

const linkable = (url: string): boolean => /^(https?:|mailto:)/i.test(url);

function segment(workspace: Workspace, part: MrkdwnSegment): SafeHtml {
  switch (part.kind) {
    case 'text':
      return part.bold ? html`<strong>${part.text}</strong>` : html`${part.text}`;
    case 'link':
      return linkable(part.url)
        ? html`<a href="${part.url}" rel="noreferrer noopener" target="_blank">${part.label}</a>`
        : html`${part.label}`;
    case 'user':
      return html`<span class="mention">@${workspace.user(part.id)?.name ?? part.label ?? part.id}</span>`;
    case 'channel':
      return html`<span class="mention"
        >#${workspace.conversation(part.id)?.name ?? part.label ?? part.id}</span
      >`;
    case 'special':
      return html`<span class="mention">@${part.name}</span>`;
  }
}

function text(workspace: Workspace, object: TextObject): SafeHtml {
  if (object.type === 'plain_text') return html`${object.text}`;
  return html`${parseMrkdwn(object.text).map((part) => segment(workspace, part))}`;
}

function buttonHtml(button: Button, press: PressTarget): SafeHtml {
  if (button.url !== undefined && linkable(button.url))
    return html`<a href="${button.url}" rel="noreferrer noopener" target="_blank">${button.text.text}</a>`;
  return html`<form method="post" action="${press.action}">
    <input type="hidden" name="csrf" value="${press.csrf}" />
    <input type="hidden" name="channel" value="${press.message.channel}" />
    <input type="hidden" name="ts" value="${press.message.ts}" />
    <input type="hidden" name="action_id" value="${button.action_id ?? ''}" />
    <button type="submit" class="${button.style ?? ''}">${button.text.text}</button>
  </form>`;
}

interface PressTarget {
  action: string;
  csrf: string;
  message: StandInMessage;
}

function block(workspace: Workspace, item: Block, press: PressTarget): SafeHtml {
  switch (item.type) {
    case 'header':
      return html`<h3>${item.text.text}</h3>`;
    case 'divider':
      return html`<hr />`;
    case 'context':
      return html`<p><small>${item.elements.map((element) => text(workspace, element))}</small></p>`;
    case 'actions':
      return html`<div class="actions">${buttonsOf(item).map((b) => buttonHtml(b, press))}</div>`;
    case 'section':
      return html`<div>
        ${item.text !== undefined ? html`<p>${text(workspace, item.text)}</p>` : ''}
        ${
          item.fields !== undefined
            ? html`<div class="fields">
                ${item.fields.map((field) => html`<div>${text(workspace, field)}</div>`)}
              </div>`
            : ''
        }
        ${item.accessory !== undefined ? buttonHtml(item.accessory, press) : ''}
      </div>`;
  }
}

function messageHtml(workspace: Workspace, message: StandInMessage, action: string, csrf: string): SafeHtml {
  const press = { action, csrf, message };
  const body =
    message.blocks !== undefined && message.blocks.length > 0
      ? message.blocks.map((item) => block(workspace, item, press))
      : html`<p>${parseMrkdwn(message.text).map((part) => segment(workspace, part))}</p>`;
  return html`<article class="msg" id="${`m${message.ts}`}">
    <div class="meta">
      <strong>${workspace.bot.name}</strong> · ${message.ts}${message.versions.length > 1 ? ' (edited)' : ''}
      ${message.ephemeralTo !== undefined ? ' · only visible to you' : ''}
    </div>
    ${body}
  </article>`;
}

export interface PageContext {
  workspace: Workspace;
  csrf: string;
}

export function indexPage({ workspace }: PageContext): string {
  return document(
    'People',
    html`<h1>${workspace.teamName} — Slack stand-in</h1>
      <p>Open a person's page to see the messages the app sent them and press its buttons as them.</p>
      <ul>
        ${workspace.people().map(
          (user) =>
            html`<li>
              <a href="${`/_standin/users/${user.id}`}">${user.realName}</a>
              <small>${user.email ?? ''} · ${user.id}</small>${user.deleted ? ' (deactivated)' : ''}
            </li>`,
        )}
      </ul>`,
  );
}

export function userPage(context: PageContext, user: StandInUser, notice: string | undefined): string {
  const { workspace, csrf } = context;
  const action = `/_standin/users/${user.id}/press`;
  const conversations = workspace.conversations().filter((c) => c.members.has(user.id));
  const sections = conversations.map((conversation) => {
    const messages = workspace
      .messages()
      .filter(
        (m) => m.channel === conversation.id && (m.ephemeralTo === undefined || m.ephemeralTo === user.id),
      );
    const title =
      conversation.kind === 'im'
        ? `Direct message with ${workspace.bot.name}`
        : `#${conversation.name ?? ''}`;
    return html`<section>
      <h2>${title}</h2>
      ${messages.length === 0 ? html`<p><small>No messages.</small></p>` : messages.map((m) => messageHtml(workspace, m, action, csrf))}
    </section>`;
  });
  return document(
    user.realName,
    html`<p><a href="/_standin">← everyone</a></p>
      <h1>${user.realName} <small>${user.email ?? ''} · ${user.id}</small></h1>
      ${notice !== undefined ? html`<p class="notice" role="status">${notice}</p>` : ''}
      ${sections.length === 0 ? html`<p>The app has not written to ${user.realName} yet.</p>` : sections}`,
  );
}
