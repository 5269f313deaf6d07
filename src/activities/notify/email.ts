// Sends one e-mail over SMTP with nodemailer: an approval request goes to each approver on their own, so
// the link in it reaches that person only (issue 13). The SMTP password is resolved by the caller from a
// named secret and stays in this module: no failure message, detail or log line carries it.
//
// SMTP outcomes map to Temporal failures the way HTTP ones do in jumpcloud/failures.ts: a connection that
// cannot be made or breaks, a timeout, or a 4xx reply ("try again later": greylisting, a full mailbox, a
// rate limit) is retryable — bounded by the step's deadline, not a count; a 5xx reply (unknown recipient,
// authentication failed, policy) is permanent and fails at once with the SMTP code and the server's reply.
import { ApplicationFailure } from '@temporalio/common';
import nodemailer from 'nodemailer';
import { isLoopbackHost } from '../../common/loopback.js';
import { redactSecrets } from '../../secrets/resolver.js';

export interface SmtpSettings {
  host: string;
  port: number;
  /**
   * `tls`: TLS from the first byte (usually port 465). `starttls`: upgrade before anything else is sent, and
   * refuse a server that cannot (usually port 587). `none`: plain text, only for a server on this machine
   * when it asks for a password.
   */
  security: 'tls' | 'starttls' | 'none';
  /** The From address, e.g. `idflow <approvals@example.com>`. */
  from: string;
  /** Credentials for SMTP AUTH; `secret` names the secret the password came from, for messages. */
  auth?: { user: string; password: string; secret: string };
  /** Connection, greeting and socket inactivity timeout, in ms. @default 15000 */
  timeoutMs?: number;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. a run id for threading. */
  headers?: Record<string, string>;
}

export interface EmailReceipt {
  messageId: string;
  /** The server's final reply, e.g. `250 OK: queued as …`. */
  response: string;
}

const ACTION = 'email';
/** Connection-level errors (nodemailer's codes): nothing was refused, the server was not reachable. */
const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
]);
const MAX_REPLY = 300;

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

export class EmailConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmailConfigError';
  }
}

/** Everything that could give the password away, in the forms AUTH PLAIN and LOGIN send it. */
function secretForms(settings: SmtpSettings): string[] {
  if (!settings.auth) return [];
  const { user, password } = settings.auth;
  return [
    password,
    Buffer.from(password).toString('base64'),
    Buffer.from(`\u0000${user}\u0000${password}`).toString('base64'),
  ];
}

function failureOf(err: unknown, settings: SmtpSettings, message: EmailMessage): ApplicationFailure {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as SmtpFailure;
  const server = `${settings.host}:${settings.port}`;
  // The server's reply may echo the recipient; the failure names neither it nor, ever, the password.
  const reply = redactSecrets(e.response ?? e.message ?? '', secretForms(settings))
    .split(message.to)
    .join('recipient')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_REPLY);
  const details = {
    server,
    ...(e.code ? { code: e.code } : {}),
    ...(e.responseCode ? { smtpCode: e.responseCode } : {}),
    ...(e.command ? { command: e.command.replace(/^AUTH .*/, 'AUTH') } : {}),
    ...(settings.auth ? { secret: settings.auth.secret } : {}),
  };
  const code = e.responseCode;
  if (code !== undefined && code >= 500)
    return ApplicationFailure.create({
      message: `${ACTION}: ${server} refused the message: ${reply}`,
      type: 'EmailRejected',
      nonRetryable: true,
      details: [details],
    });
  if ((code !== undefined && code >= 400) || (code === undefined && TRANSIENT_CODES.has(e.code ?? '')))
    return ApplicationFailure.create({
      message: `${ACTION}: ${server} is not available: ${reply}`,
      type: 'EmailUnavailable',
      details: [details],
    });
  // No reply code and not a connection problem: TLS could not be set up, credentials missing, a malformed
  // address. Trying again would meet the same answer.
  return ApplicationFailure.create({
    message: `${ACTION}: cannot send through ${server}: ${reply}`,
    type: 'EmailRejected',
    nonRetryable: true,
    details: [details],
  });
}

export interface EmailSender {
  send(message: EmailMessage): Promise<EmailReceipt>;
  close(): void;
}

/** A sender for one SMTP server; the worker builds it once from its configuration. */
export function createEmailSender(settings: SmtpSettings): EmailSender {
  if (settings.auth && settings.security === 'none' && !isLoopbackHost(settings.host))
    throw new EmailConfigError(
      `SMTP ${settings.host}: a password (secret ${settings.auth.secret}) is only sent over TLS; set security to tls or starttls`,
    );
  const timeout = settings.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    ...(settings.auth ? { auth: { user: settings.auth.user, pass: settings.auth.password } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // nodemailer's logger would print the SMTP conversation, credentials included.
    logger: false,
    debug: false,
  });
  return {
    async send(message) {
      try {
        const info = (await transport.sendMail({
          from: settings.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html !== undefined ? { html: message.html } : {}),
          ...(message.headers ? { headers: message.headers } : {}),
        })) as { messageId: string; response: string };
        return { messageId: info.messageId, response: info.response };
      } catch (err) {
        throw failureOf(err, settings, message);
      }
    },
    close: () => transport.close(),
  };
}
