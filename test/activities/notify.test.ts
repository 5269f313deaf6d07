// notify.message against a local webhook receiver: what is posted, how failures are classified, and that
// neither the secret's value (the URL) nor its host ever shows up in a failure.
import { type ApplicationFailure } from '@temporalio/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSecretResolver } from '../../src/secrets/resolver.js';
import { expectNonRetryable, failureOf, useActivities } from './harness.js';
import { useReceiver } from './receiver.js';

const receiver = useReceiver();
// The resolver reads this object when asked, so the receiver's port can be filled in once it listens.
const env: Record<string, string | undefined> = { NOT_A_URL: 'hunter2-not-a-url' };
const h = useActivities({}, { secrets: createSecretResolver({ env }) });

let webhook = '';
beforeAll(() => {
  webhook = `${receiver.origin}/services/T000/B000/s3cr3tT0k3n`;
  env['CHAT_WEBHOOK_URL'] = webhook;
  env['DEAD_WEBHOOK_URL'] = 'http://127.0.0.1:9/services/dead/s3cr3tT0k3n';
});

/** Nothing a workflow or a log could see of the failure may contain the URL, its token or its host:port. */
function expectNoLeak(failure: ApplicationFailure): void {
  const visible = JSON.stringify({
    message: failure.message,
    details: failure.details,
    stack: failure.stack,
    cause: failure.cause ? String(failure.cause) : null,
  });
  for (const secret of ['s3cr3tT0k3n', webhook, `127.0.0.1:${receiver.port}`, '127.0.0.1:9', 'hunter2']) {
    expect(visible).not.toContain(secret);
  }
}

describe('notify.message', () => {
  it('posts a Slack-compatible message (text + blocks) and reports delivery', async () => {
    receiver.answer({ status: 200, body: 'ok' });
    const out = await h.run('notify.message', {
      secret: 'CHAT_WEBHOOK_URL',
      to: 'jordan.lee@example.com',
      title: 'Access granted',
      text: 'Jordan is now in *Support*.',
      fields: { Group: 'Support', Approvals: 1 },
    });
    expect(out).toEqual({ delivered: true, status: 200 });
    const request = receiver.received.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', url: '/services/T000/B000/s3cr3tT0k3n' });
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({
      text: 'Access granted: Jordan is now in *Support*.',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Access granted', emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: 'Jordan is now in *Support*.' } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Group*\nSupport' },
            { type: 'mrkdwn', text: '*Approvals*\n1' },
          ],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'For: jordan.lee@example.com' }] },
      ],
    });
  });

  it('posts a plain JSON body for generic receivers', async () => {
    await h.run('notify.message', { secret: 'CHAT_WEBHOOK_URL', text: 'hello', format: 'json' });
    expect(JSON.parse(receiver.received.at(-1)!.body)).toEqual({ text: 'hello', fields: {} });
  });

  it('a 5xx is retryable, a 429 carries Retry-After as the next retry delay', async () => {
    receiver.answer({ status: 503, body: 'busy' });
    const unavailable = await failureOf(h.run('notify.message', { secret: 'CHAT_WEBHOOK_URL', text: 'x' }));
    expect(unavailable).toMatchObject({ type: 'NotifyUnavailable', nonRetryable: false });
    expect(unavailable.details).toEqual([{ secret: 'CHAT_WEBHOOK_URL', status: 503 }]);
    expectNoLeak(unavailable);

    receiver.answer({ status: 429, body: 'slow down', headers: { 'retry-after': '7' } });
    const limited = await failureOf(h.run('notify.message', { secret: 'CHAT_WEBHOOK_URL', text: 'x' }));
    expect(limited).toMatchObject({ type: 'NotifyUnavailable', nonRetryable: false, nextRetryDelay: 7000 });
  });

  it('a 4xx is not retried; a body echoing the URL is redacted', async () => {
    receiver.answer((request) => ({ status: 404, body: `no_service for ${receiver.origin}${request.url}` }));
    const failure = await expectNonRetryable(
      h.run('notify.message', { secret: 'CHAT_WEBHOOK_URL', text: 'x' }),
      'NotifyRejected',
    );
    expect(failure.message).toContain('secret CHAT_WEBHOOK_URL answered 404: no_service for [redacted]');
    expectNoLeak(failure);
  });

  it('an unreachable webhook is a retryable failure naming only the secret and the error code', async () => {
    const failure = await failureOf(h.run('notify.message', { secret: 'DEAD_WEBHOOK_URL', text: 'x' }));
    expect(failure).toMatchObject({ type: 'NotifyUnavailable', nonRetryable: false });
    expect(failure.message).toMatch(
      /^notify\.message: the webhook in secret DEAD_WEBHOOK_URL: could not connect \(\w+\)$/,
    );
    expectNoLeak(failure);
  });

  it('an unknown secret, or one that is not a URL, fails without retrying and without the value', async () => {
    const missing = await expectNonRetryable(
      h.run('notify.message', { secret: 'NO_SUCH_SECRET', text: 'x' }),
      'IdflowSecretNotFound',
    );
    expect(missing.message).toBe(
      'notify.message: no secret named NO_SUCH_SECRET (looked in the worker environment)',
    );
    const invalid = await expectNonRetryable(
      h.run('notify.message', { secret: 'NOT_A_URL', text: 'x' }),
      'IdflowInvalidSecret',
    );
    expectNoLeak(invalid);
  });

  it('never reads the worker’s own credentials from the environment', async () => {
    env['JUMPCLOUD_API_KEY'] = webhook;
    await expectNonRetryable(
      h.run('notify.message', { secret: 'JUMPCLOUD_API_KEY', text: 'x' }),
      'IdflowSecretNotFound',
    );
  });

  it('refuses a secret value in place of a name (invalid arguments)', async () => {
    await expectNonRetryable(
      h.run('notify.message', { secret: 'https://hooks.example.com/x', text: 'x' }),
      'IdflowInvalidArguments',
    );
  });
});
