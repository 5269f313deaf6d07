// A local stand-in for chat webhooks (Slack-style or plain JSON), for `idflow dev`, the demo and the tests:
// every message a playbook sends is kept and can be printed, so the notifications are part of what a
// local run shows.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InboxMessage {
  /** The path segment the webhook URL names, e.g. `chat` for http://…/chat. */
  channel: string;
  at: string;
  /** The message's `text` (Slack fallback text or the plain JSON text). */
  text: string;
  /** Who it is for, when the sender said (plain JSON `to`, or Slack's "For: …" context line). */
  to?: string;
  body: unknown;
}

export interface Inbox {
  url: string;
  /** The webhook URL of one channel; give it to the worker as a named secret. */
  urlFor(channel: string): string;
  messages(): InboxMessage[];
  /** Called for each message as it arrives. */
  onMessage(listener: (m: InboxMessage) => void): void;
  close(): Promise<void>;
}

function recipientOf(body: Record<string, unknown>): string | undefined {
  if (typeof body.to === 'string') return body.to;
  const blocks = Array.isArray(body.blocks)
    ? (body.blocks as { type?: string; elements?: { text?: string }[] }[])
    : [];
  const context = blocks.find((b) => b.type === 'context')?.elements?.[0]?.text;
  return context?.startsWith('For: ') ? context.slice(5) : undefined;
}

export async function startInbox(options: { port?: number; host?: string } = {}): Promise<Inbox> {
  const messages: InboxMessage[] = [];
  const listeners: ((m: InboxMessage) => void)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('expected a JSON body');
        return;
      }
      const record = (body ?? {}) as Record<string, unknown>;
      const to = recipientOf(record);
      const message: InboxMessage = {
        channel: (req.url ?? '/').replace(/^\/+/, '').split('?')[0] ?? '',
        at: new Date().toISOString(),
        text: typeof record.text === 'string' ? record.text : JSON.stringify(body),
        ...(to ? { to } : {}),
        body,
      };
      messages.push(message);
      for (const l of listeners) l(message);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    urlFor: (channel) => `${url}/${channel}`,
    messages: () => [...messages],
    onMessage: (l) => listeners.push(l),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The secret names the example playbooks use, pointed at channels of the inbox. */
export function inboxSecrets(inbox: Inbox): Record<string, string> {
  return { CHAT_WEBHOOK_URL: inbox.urlFor('chat'), IT_REQUESTS_WEBHOOK_URL: inbox.urlFor('it-requests') };
}
