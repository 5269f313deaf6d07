// A local mailbox for `idflow dev` and the tests: a real SMTP server (`smtp-server`, the one Nodemailer's
// author keeps) that accepts every message for any address and keeps it parsed (`mailparser`), so that
// approval e-mails are sent over the same protocol, by the same code, as in production — and a test can
// wait for the message to the manager and follow the link in it. A read-only page (GET /mail) shows them.
//
// Plain SMTP on loopback: no STARTTLS (the package's built-in certificate has a published key, so offering
// it would only pretend), AUTH only when `auth` is given (PLAIN or LOGIN, allowed without TLS because the
// connection never leaves the machine).
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { html, type SafeHtml } from '../common/html.js';
import { page, PAGE_HEADERS } from '../server/html.js';

export interface MailMessage {
  /** 1, 2, … in order of arrival. */
  id: number;
  receivedAt: string;
  /** The envelope: who sent it (MAIL FROM) and every address it was delivered to (RCPT TO, lower case). */
  envelope: { from: string; to: string[] };
  /** The From header, as written (e.g. `idflow <approvals@example.com>`). */
  from: string;
  /** The To header, as written. */
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Every header by lower-case name (the last one wins when repeated), values unfolded. */
  headers: Record<string, string>;
}

/** An SMTP reply the mailbox gives instead of accepting a recipient (tests of refusals and outages). */
export interface SmtpReply {
  code: number;
  message: string;
}

export interface MailboxOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** The SMTP port. @default 0 (any free port) */
  smtpPort?: number;
  /** The port of the GET /mail page. @default 0 (any free port) */
  httpPort?: number;
  /** Require SMTP AUTH with these credentials. @default none: anyone on this machine may send */
  auth?: { user: string; password: string };
  /** Refuse a recipient with this reply (e.g. 550 unknown user, 452 mailbox full). @default accept all */
  refuseRecipient?: (address: string) => SmtpReply | undefined;
  /** Largest message accepted, in bytes. @default 10 MiB */
  maxMessageBytes?: number;
}

export interface Mailbox {
  host: string;
  smtpPort: number;
  /** The page listing the messages. */
  pageUrl: string;
  /** Every message so far, oldest first. */
  messages(): MailMessage[];
  /** Messages delivered to `address` (case-insensitive), oldest first. */
  messagesTo(address: string): MailMessage[];
  /**
   * The first message delivered to `address` (and matching `where`, if given) — one already here, or the
   * next to arrive. Rejects after `timeoutMs` naming what did arrive.
   */
  waitFor(
    address: string,
    options?: { where?: (m: MailMessage) => boolean; timeoutMs?: number },
  ): Promise<MailMessage>;
  close(): Promise<void>;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return '';
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}

/** SMTP errors carry their reply code on the error object (smtp-server's convention). */
function smtpError(reply: SmtpReply): Error {
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"']+/g;

/** Text with its http(s) URLs as links (the approval link in an e-mail is what a person clicks). */
function linkified(text: string): SafeHtml {
  const parts: SafeHtml[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    parts.push(html`${text.slice(last, match.index)}`);
    parts.push(html`<a href="${match[0]}" rel="noreferrer">${match[0]}</a>`);
    last = match.index + match[0].length;
  }
  parts.push(html`${text.slice(last)}`);
  return html`${parts}`;
}

function mailPage(messages: readonly MailMessage[]): string {
  const items = [...messages].reverse().map(
    (m) =>
      html`<article id="message-${m.id}">
        <h2>${m.subject || '(no subject)'}</h2>
        <dl>
          <dt>From</dt>
          <dd>${m.from || m.envelope.from}</dd>
          <dt>To</dt>
          <dd>${m.envelope.to.join(', ')}</dd>
          <dt>Received</dt>
          <dd>${m.receivedAt}</dd>
        </dl>
        <pre>${linkified(m.text)}</pre>
      </article>`,
  );
  return page(
    'Mailbox',
    html`<h1>Mailbox</h1>
      <p>
        <small>Every e-mail sent to idflow's local SMTP server, newest first. Reload to see new ones.</small>
      </p>
      ${items.length === 0 ? html`<p>No e-mail yet.</p>` : items}`,
  );
}

/** Starts the SMTP server and the page; resolves once both accept connections. */
export async function startMailbox(options: MailboxOptions = {}): Promise<Mailbox> {
  const host = options.host ?? '127.0.0.1';
  const messages: MailMessage[] = [];
  const listeners = new Set<(m: MailMessage) => void>();
  const auth = options.auth;

  const smtp = new SMTPServer({
    banner: 'idflow local mailbox',
    // The package's default logger writes every command to stdout; the mailbox's own page is the log.
    logger: false,
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !auth,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    size: options.maxMessageBytes ?? 10 * 1024 * 1024,
    disableReverseLookup: true,
    onAuth(credentials, _session, callback) {
      const ok =
        auth !== undefined &&
        credentials.username === auth.user &&
        timingSafeEqual(sha256(credentials.password ?? ''), sha256(auth.password));
      // smtp-server answers a failed AUTH with 535 5.7.8.
      if (!ok) callback(new Error('Invalid username or password'));
      else callback(null, { user: auth.user });
    },
    onRcptTo(address, _session, callback) {
      const reply = options.refuseRecipient?.(address.address);
      callback(reply ? smtpError(reply) : undefined);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          if (stream.sizeExceeded) {
            callback(smtpError({ code: 552, message: 'message exceeds the size limit' }));
            return;
          }
          const headers: Record<string, string> = {};
          for (const { key, line } of parsed.headerLines)
            headers[key.toLowerCase()] = line
              .slice(line.indexOf(':') + 1)
              .replace(/\r?\n\s+/g, ' ')
              .trim();
          const message: MailMessage = {
            id: messages.length + 1,
            receivedAt: new Date().toISOString(),
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            },
            from: addressText(parsed.from),
            to: addressText(parsed.to),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            ...(typeof parsed.html === 'string' ? { html: parsed.html } : {}),
            headers,
          };
          messages.push(message);
          for (const listener of listeners) listener(message);
          callback();
        })
        .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(options.smtpPort ?? 0, host, () => {
      smtp.server.off('error', reject);
      resolve();
    });
  });
  // Errors on one connection (a client hanging up mid-message) must not bring the mailbox down.
  smtp.on('error', () => undefined);
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const web: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('read-only');
      return;
    }
    if (path !== '/mail' && path !== '/') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, PAGE_HEADERS).end(mailPage(messages));
  });
  await new Promise<void>((resolve, reject) => {
    web.once('error', reject);
    web.listen(options.httpPort ?? 0, host, () => {
      web.off('error', reject);
      resolve();
    });
  });
  const pageUrl = `http://${host}:${(web.address() as AddressInfo).port}/mail`;

  const isTo = (address: string) => {
    const wanted = address.toLowerCase();
    return (m: MailMessage) => m.envelope.to.includes(wanted);
  };

  return {
    host,
    smtpPort,
    pageUrl,
    messages: () => [...messages],
    messagesTo: (address) => messages.filter(isTo(address)),
    waitFor(address, waitOptions = {}) {
      const matches = (m: MailMessage) => isTo(address)(m) && (waitOptions.where?.(m) ?? true);
      const found = messages.find(matches);
      if (found) return Promise.resolve(found);
      const timeoutMs = waitOptions.timeoutMs ?? 10_000;
      return new Promise<MailMessage>((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          const seen = messages.map((m) => `${m.envelope.to.join(',')}: ${m.subject}`).join('; ') || 'none';
          reject(new Error(`no e-mail to ${address} within ${timeoutMs} ms (received: ${seen})`));
        }, timeoutMs);
        const listener = (m: MailMessage) => {
          if (!matches(m)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(m);
        };
        listeners.add(listener);
      });
    },
    close: async () => {
      web.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => web.close(() => resolve())),
        new Promise<void>((resolve) => smtp.close(() => resolve())),
      ]);
    },
  };
}
