// Slack's request signing (https://api.slack.com/authentication/verifying-requests-from-slack): every
// request Slack sends an app carries `X-Slack-Request-Timestamp` (unix seconds) and
// `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<raw body>", keyed by the signing secret>`.
//
// Verification is over the RAW bytes as they arrived: a body parsed and re-serialised (key order, spacing,
// form encoding) no longer matches. The digest is compared in constant time, and the timestamp must lie
// within five minutes of now either way, so a captured request cannot be replayed later. Pure: the caller
// passes the clock, the headers and the bytes.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The only signature version Slack has published. */
const VERSION = 'v0';
/** Slack's window: a timestamp further than this from now, in either direction, is refused. */
export const SLACK_SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

const TIMESTAMP = /^\d{1,12}$/;
const SIGNATURE = /^v0=([0-9a-fA-F]{64})$/;

/**
 * Why a request was refused. The HTTP answer is the same 401 for each; the reason is for logs and tests.
 * - `missing`: a header is absent or empty.
 * - `malformed`: the timestamp is not unix seconds, or the signature is not `v0=` + 64 hex digits.
 * - `stale` / `future`: the timestamp is more than five minutes before / after now.
 * - `mismatch`: well formed and in time, but not signed with this secret over these bytes.
 */
export type SlackSignatureRefusal = 'missing' | 'malformed' | 'stale' | 'future' | 'mismatch';

export type SlackSignatureCheck = { ok: true } | { ok: false; reason: SlackSignatureRefusal };

export interface SlackRequestToVerify {
  /** The app's signing secret (Basic Information → Signing Secret). */
  secret: string;
  /** The `X-Slack-Request-Timestamp` header as received. */
  timestamp: string | undefined;
  /** The `X-Slack-Signature` header as received. */
  signature: string | undefined;
  /** The body exactly as received; a string is taken as its UTF-8 bytes. */
  rawBody: string | Uint8Array;
  now: Date;
  /** @default SLACK_SIGNATURE_TOLERANCE_SECONDS */
  toleranceSeconds?: number;
}

function digest(secret: string, timestamp: string, rawBody: string | Uint8Array): Buffer {
  if (secret === '') throw new TypeError('Slack signing secret must not be empty');
  return createHmac('sha256', secret)
    .update(`${VERSION}:${timestamp}:`, 'utf8')
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest();
}

/** The `X-Slack-Signature` value Slack would send for this body at this timestamp (unix seconds). */
export function signSlackRequest(
  secret: string,
  timestamp: string | number,
  rawBody: string | Uint8Array,
): string {
  return `${VERSION}=${digest(secret, String(timestamp), rawBody).toString('hex')}`;
}

export function verifySlackRequest(request: SlackRequestToVerify): SlackSignatureCheck {
  const { timestamp, signature } = request;
  if (timestamp === undefined || timestamp === '' || signature === undefined || signature === '') {
    return { ok: false, reason: 'missing' };
  }
  const hex = SIGNATURE.exec(signature)?.[1];
  if (!TIMESTAMP.test(timestamp) || hex === undefined) return { ok: false, reason: 'malformed' };

  const tolerance = request.toleranceSeconds ?? SLACK_SIGNATURE_TOLERANCE_SECONDS;
  const skew = Number(timestamp) - Math.floor(request.now.getTime() / 1000);
  if (skew < -tolerance) return { ok: false, reason: 'stale' };
  if (skew > tolerance) return { ok: false, reason: 'future' };

  const expected = digest(request.secret, timestamp, request.rawBody);
  const given = Buffer.from(hex, 'hex');
  // Both are 32 bytes by construction (the pattern fixes the length), as timingSafeEqual requires.
  return timingSafeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
