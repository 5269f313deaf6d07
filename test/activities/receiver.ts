// A local HTTP receiver (node:http on port 0) standing in for chat webhooks and allow-listed APIs: it
// records what arrives and answers as the test says.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface Receiver {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly port: number;
  readonly received: Received[];
  /** What the next requests get (default 200 "ok"). */
  answer(next: Answer | ((request: Received) => Answer)): void;
}

export function useReceiver(): Receiver {
  let server: Server | undefined;
  let port = 0;
  const received: Received[] = [];
  let answer: (request: Received) => Answer = () => ({ status: 200, body: 'ok' });
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        received.push(request);
        const out = answer(request);
        res.writeHead(out.status, { 'content-type': 'text/plain', ...out.headers });
        res.end(out.body ?? '');
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server?.closeAllConnections();
      server?.close(() => resolve());
    });
  });
  return {
    get origin() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    received,
    answer(next) {
      answer = typeof next === 'function' ? next : () => next;
    },
  };
}
