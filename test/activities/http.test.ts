// http.request against a local receiver: the allow-list, secrets in headers, and status handling.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkHost } from '../../src/activities/http/allowList.js';
import { createActivities } from '../../src/activities/index.js';
import { createSecretResolver } from '../../src/secrets/resolver.js';
import { expectNonRetryable, failureOf, useActivities } from './harness.js';
import { useReceiver } from './receiver.js';

const receiver = useReceiver();
const allowHosts: string[] = [];
const h = useActivities(
  {},
  {
    secrets: createSecretResolver({ fileContent: 'TICKETS_TOKEN="tok-very-secret-123"\n' }),
    http: { allowHosts },
  },
);
let base = '';
beforeAll(() => {
  allowHosts.push(`127.0.0.1:${receiver.port}`);
  base = receiver.origin;
});

describe('http.request', () => {
  it('sends JSON with a secret header and returns the parsed JSON answer', async () => {
    receiver.answer({ status: 201, body: '{"id":"IT-42"}', headers: { 'content-type': 'application/json' } });
    const out = await h.run('http.request', {
      method: 'POST',
      url: `${base}/api/tickets`,
      headers: { authorization: { secret: 'TICKETS_TOKEN', prefix: 'Bearer ' }, 'x-source': 'idflow' },
      json: { title: 'Return laptop', assignee: 'it@example.com' },
    });
    expect(out).toEqual({ status: 201, ok: true, json: { id: 'IT-42' }, text: null });
    const request = receiver.received.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', url: '/api/tickets' });
    expect(request.headers).toMatchObject({
      authorization: 'Bearer tok-very-secret-123',
      'x-source': 'idflow',
      'content-type': 'application/json',
    });
    expect(JSON.parse(request.body)).toEqual({ title: 'Return laptop', assignee: 'it@example.com' });
  });

  it('returns text for non-JSON answers and redacts an echoed secret', async () => {
    receiver.answer((request) => ({
      status: 200,
      body: `you sent ${String(request.headers.authorization)}`,
    }));
    const out = await h.run('http.request', {
      url: `${base}/echo`,
      headers: { authorization: { secret: 'TICKETS_TOKEN' } },
    });
    expect(out).toEqual({ status: 200, ok: true, json: null, text: 'you sent [redacted]' });
  });

  it('refuses a host that is not on the allow-list, naming the host and the rule, without retrying', async () => {
    const before = receiver.received.length;
    const failure = await expectNonRetryable(
      h.run('http.request', { url: 'https://evil.example.net/steal' }),
      'HttpHostNotAllowed',
    );
    expect(failure.message).toContain('host evil.example.net is not allowed');
    expect(failure.message).toContain(`IDFLOW_HTTP_ALLOW_HOSTS: 127.0.0.1:${receiver.port}`);
    // The same host on another port is another service.
    await expectNonRetryable(h.run('http.request', { url: 'http://127.0.0.1:1/x' }), 'HttpHostNotAllowed');
    expect(receiver.received.length).toBe(before);
  });

  it('refuses everything when no allow-list is configured (the default)', async () => {
    const bare = createActivities({ jumpcloud: h.client });
    const failure = await expectNonRetryable(
      (bare['http.request'] as (input: unknown) => Promise<unknown>)({ url: `${base}/x` }),
      'HttpHostNotAllowed',
    );
    expect(failure.message).toContain('the allow-list is empty');
  });

  it('fails on error statuses by default: 5xx retried, 4xx not; failOnError: false returns them', async () => {
    receiver.answer({ status: 502, body: 'bad gateway' });
    expect(await failureOf(h.run('http.request', { url: `${base}/x` }))).toMatchObject({
      type: 'HttpUnavailable',
      nonRetryable: false,
    });
    receiver.answer({ status: 403, body: 'forbidden' });
    const rejected = await expectNonRetryable(
      h.run('http.request', { url: `${base}/x?token=abc` }),
      'HttpRejected',
    );
    expect(rejected.message).toBe(`http.request: GET ${base}/x answered 403`);
    expect(await h.run('http.request', { url: `${base}/x`, failOnError: false })).toEqual({
      status: 403,
      ok: false,
      json: null,
      text: 'forbidden',
    });
  });

  it('an unknown secret fails without retrying and sends nothing', async () => {
    const before = receiver.received.length;
    await expectNonRetryable(
      h.run('http.request', { url: `${base}/x`, headers: { authorization: { secret: 'NOPE' } } }),
      'IdflowSecretNotFound',
    );
    expect(receiver.received.length).toBe(before);
  });

  it('refuses a response larger than the cap', async () => {
    receiver.answer({ status: 200, body: 'x'.repeat(300 * 1024) });
    await expectNonRetryable(h.run('http.request', { url: `${base}/big` }), 'HttpResponseTooLarge');
  });

  it('refuses a Host header and non-http URLs as invalid arguments', async () => {
    await expectNonRetryable(
      h.run('http.request', { url: `${base}/x`, headers: { Host: 'internal' } }),
      'IdflowInvalidArguments',
    );
    await expectNonRetryable(h.run('http.request', { url: 'file:///etc/passwd' }), 'IdflowInvalidArguments');
  });
});

describe('allow-list rules', () => {
  const allowed = (url: string, list: string[]): boolean => checkHost(new URL(url), list).allowed;

  it('matches exact hosts, *.domain for subdomains only, and host:port; no port means the default one', () => {
    expect(allowed('https://api.example.com/x', ['API.example.com'])).toBe(true);
    expect(allowed('https://api.example.com.evil.net/x', ['api.example.com'])).toBe(false);
    expect(allowed('https://a.b.example.com/x', ['*.example.com'])).toBe(true);
    expect(allowed('https://example.com/x', ['*.example.com'])).toBe(false);
    expect(allowed('https://badexample.com/x', ['*.example.com'])).toBe(false);
    expect(allowed('https://example.com/x', ['example.com:443'])).toBe(true);
    expect(allowed('https://example.com:8443/x', ['example.com:443'])).toBe(false);
    expect(allowed('https://api.example.com:8443/x', ['api.example.com'])).toBe(false);
    expect(allowed('https://example.com/x', [])).toBe(false);
  });
});
