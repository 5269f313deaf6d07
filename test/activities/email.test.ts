// Sending e-mail over real SMTP (the local mailbox), and how each SMTP outcome becomes a Temporal failure:
// 4xx and unreachable servers retryable, 5xx permanent with the code and the reply, the password nowhere.
import { createServer } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailSender, EmailConfigError, type SmtpSettings } from '../../src/activities/notify/email.js';
import { startMailbox, type Mailbox } from '../../src/dev/mailbox.js';

const PASSWORD = 'smtp-password-sentinel-7f3a';
const FROM = 'idflow <approvals@example.com>';
let mailbox: Mailbox;

beforeAll(async () => {
  mailbox = await startMailbox({
    auth: { user: 'idflow', password: PASSWORD },
    refuseRecipient: (address) => {
      if (address.startsWith('unknown@')) return { code: 550, message: `5.1.1 <${address}>: no such user` };
      if (address.startsWith('full@')) return { code: 452, message: '4.2.2 mailbox full, try later' };
      return undefined;
    },
  });
});
afterAll(() => mailbox.close());

function settings(overrides: Partial<SmtpSettings> = {}): SmtpSettings {
  return {
    host: mailbox.host,
    port: mailbox.smtpPort,
    security: 'none',
    from: FROM,
    auth: { user: 'idflow', password: PASSWORD, secret: 'SMTP_PASSWORD' },
    timeoutMs: 5_000,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  const f = err as ApplicationFailure;
  // Whatever went wrong, the password is in no part of what reaches the workflow history.
  expect(JSON.stringify({ message: f.message, details: f.details })).not.toContain(PASSWORD);
  return f;
}

describe('email over SMTP', () => {
  it('delivers one message with AUTH: from, to, subject, text, html and headers', async () => {
    const sender = createEmailSender(settings());
    const receipt = await sender.send({
      to: 'manager@example.com',
      subject: 'Approval needed: access for Jordan',
      text: 'Decide at http://127.0.0.1:1/a/x',
      html: '<p>Decide <a href="http://127.0.0.1:1/a/x">here</a></p>',
      headers: { 'X-Idflow-Run': 'run-42' },
    });
    sender.close();
    expect(receipt.response).toMatch(/^250 /);
    const message = await mailbox.waitFor('manager@example.com');
    expect(message).toMatchObject({
      from: '"idflow" <approvals@example.com>',
      envelope: { from: 'approvals@example.com', to: ['manager@example.com'] },
      subject: 'Approval needed: access for Jordan',
      text: 'Decide at http://127.0.0.1:1/a/x',
      html: '<p>Decide <a href="http://127.0.0.1:1/a/x">here</a></p>',
    });
    expect(message.headers['x-idflow-run']).toBe('run-42');
    expect(message.headers['message-id']).toBe(receipt.messageId);
  });

  it('a wrong password is permanent (535), named by its secret, never shown', async () => {
    const sender = createEmailSender(
      settings({ auth: { user: 'idflow', password: 'wrong-password-x', secret: 'SMTP_PASSWORD' } }),
    );
    const f = await failure(sender.send({ to: 'a@example.com', subject: 's', text: 't' }));
    expect(f).toMatchObject({ type: 'EmailRejected', nonRetryable: true });
    expect(f.details?.[0]).toMatchObject({ smtpCode: 535, secret: 'SMTP_PASSWORD', command: 'AUTH' });
    expect(f.message).toContain('535');
    expect(f.message).not.toContain('wrong-password-x');
  });

  it('an unknown recipient (550) is permanent, with the reply and without the address', async () => {
    const f = await failure(
      createEmailSender(settings()).send({ to: 'unknown@example.com', subject: 's', text: 't' }),
    );
    expect(f).toMatchObject({ type: 'EmailRejected', nonRetryable: true });
    expect(f.details?.[0]).toMatchObject({ smtpCode: 550 });
    expect(f.message).toContain('no such user');
    expect(f.message).not.toContain('unknown@example.com');
  });

  it('a 4xx reply is retryable', async () => {
    const f = await failure(
      createEmailSender(settings()).send({ to: 'full@example.com', subject: 's', text: 't' }),
    );
    expect(f).toMatchObject({ type: 'EmailUnavailable', nonRetryable: false });
    expect(f.details?.[0]).toMatchObject({ smtpCode: 452 });
  });

  it('a server that is not there is retryable', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const f = await failure(
      createEmailSender(settings({ port })).send({ to: 'a@example.com', subject: 's', text: 't' }),
    );
    expect(f).toMatchObject({ type: 'EmailUnavailable', nonRetryable: false });
  });

  it('with starttls, a server that cannot upgrade gets nothing in clear: permanent', async () => {
    const before = mailbox.messages().length;
    const f = await failure(
      createEmailSender(settings({ security: 'starttls' })).send({
        to: 'a@example.com',
        subject: 's',
        text: 't',
      }),
    );
    expect(f).toMatchObject({ type: 'EmailRejected', nonRetryable: true });
    expect(mailbox.messages()).toHaveLength(before);
  });

  it('refuses to send a password in clear to another machine', () => {
    expect(() => createEmailSender(settings({ host: 'smtp.example.com' }))).toThrow(EmailConfigError);
    expect(() =>
      createEmailSender(settings({ host: 'smtp.example.com', security: 'starttls' })),
    ).not.toThrow();
  });
});
