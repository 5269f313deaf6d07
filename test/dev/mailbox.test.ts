// The local mailbox as an SMTP server: messages sent by a real client (nodemailer) arrive parsed, a test
// can wait for one to an address, AUTH and refusals behave as a mail server's do, and the page shows the
// messages escaped, with their links clickable.
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailbox, type Mailbox } from '../../src/dev/mailbox.js';

let mailbox: Mailbox;
beforeAll(async () => {
  mailbox = await startMailbox({
    refuseRecipient: (address) =>
      address.startsWith('nobody@') ? { code: 550, message: '5.1.1 no such mailbox' } : undefined,
  });
});
afterAll(() => mailbox.close());

function transport(box: Mailbox, auth?: { user: string; pass: string }) {
  return nodemailer.createTransport({
    host: box.host,
    port: box.smtpPort,
    secure: false,
    ignoreTLS: true,
    ...(auth ? { auth } : {}),
  });
}

describe('local mailbox', () => {
  it('keeps each message parsed: envelope, headers, subject, text and html', async () => {
    const waiting = mailbox.waitFor('Manager@Example.com');
    await transport(mailbox).sendMail({
      from: 'idflow <approvals@example.com>',
      to: 'manager@example.com',
      bcc: 'audit@example.com',
      subject: 'Approve: access for Jordan',
      text: 'Open http://127.0.0.1:1/approve?t=abc to decide.',
      html: '<p>Open the <a href="http://127.0.0.1:1/approve?t=abc">link</a>.</p>',
      headers: { 'X-Idflow-Run': 'run-1' },
    });
    const message = await waiting;
    expect(message).toMatchObject({
      envelope: { from: 'approvals@example.com', to: ['manager@example.com', 'audit@example.com'] },
      from: '"idflow" <approvals@example.com>',
      to: 'manager@example.com',
      subject: 'Approve: access for Jordan',
      text: 'Open http://127.0.0.1:1/approve?t=abc to decide.',
      html: '<p>Open the <a href="http://127.0.0.1:1/approve?t=abc">link</a>.</p>',
    });
    expect(message.headers['x-idflow-run']).toBe('run-1');
    expect(mailbox.messagesTo('audit@example.com')).toEqual([message]);
    // A message already here satisfies a later wait at once.
    expect(await mailbox.waitFor('manager@example.com')).toBe(message);
  });

  it('refuses a recipient with the reply it was given; the sender sees the SMTP code', async () => {
    const err = (await transport(mailbox)
      .sendMail({ from: 'a@example.com', to: 'nobody@example.com', subject: 'x', text: 'x' })
      .catch((e: unknown) => e)) as { responseCode?: number; response?: string };
    expect(err.responseCode).toBe(550);
    expect(err.response).toContain('no such mailbox');
    expect(mailbox.messagesTo('nobody@example.com')).toEqual([]);
  });

  it('gives up waiting after the timeout, naming what did arrive', async () => {
    await expect(mailbox.waitFor('never@example.com', { timeoutMs: 50 })).rejects.toThrow(
      /no e-mail to never@example.com within 50 ms \(received: .*Approve: access for Jordan/,
    );
  });

  it('requires AUTH when configured, and refuses a wrong password with 535', async () => {
    const guarded = await startMailbox({ auth: { user: 'idflow', password: 'dev-password' } });
    try {
      const message = { from: 'a@example.com', to: 'b@example.com', subject: 'x', text: 'x' };
      const anonymous = (await transport(guarded)
        .sendMail(message)
        .catch((e: unknown) => e)) as { responseCode?: number };
      expect(anonymous.responseCode).toBe(530);
      const wrong = (await transport(guarded, { user: 'idflow', pass: 'nope' })
        .sendMail(message)
        .catch((e: unknown) => e)) as { responseCode?: number; code?: string };
      expect(wrong).toMatchObject({ responseCode: 535, code: 'EAUTH' });
      await transport(guarded, { user: 'idflow', pass: 'dev-password' }).sendMail(message);
      expect(guarded.messagesTo('b@example.com')).toHaveLength(1);
    } finally {
      await guarded.close();
    }
  });

  it('shows the messages on a read-only page, escaped, with links clickable', async () => {
    await transport(mailbox).sendMail({
      from: 'a@example.com',
      to: 'page@example.com',
      subject: '<script>alert(1)</script>',
      text: 'Go to https://example.com/x?a=1&b=2 "now"',
    });
    const res = await fetch(mailbox.pageUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const body = await res.text();
    expect(body).not.toContain('<script>alert(1)</script>');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).toContain('<a href="https://example.com/x?a=1&amp;b=2" rel="noreferrer">');
    expect((await fetch(mailbox.pageUrl, { method: 'POST' })).status).toBe(405);
  });
});
