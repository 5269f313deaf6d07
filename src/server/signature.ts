// HMAC signatures of incoming webhooks. A scheme says which header carries the MAC (and how it is written),
// what was signed (the raw body, with the timestamp where the sender puts it) and where the timestamp is.
// Verification compares in constant time and reports a reason for the server's log only: the sender gets
// one undifferentiated 401, so a forger learns nothing about which part failed.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export type SignedPayload = '{timestamp}.{body}' | '{body}{timestamp}' | '{body}';

export interface SignatureScheme {
  /** Header holding the MAC (any case). */
  header: string;
  /** Header holding the timestamp; absent when the timestamp is inside the body. */
  timestampHeader?: string;
  /** Dotted path of the timestamp inside the (signed) JSON body. */
  timestampField?: string;
  algorithm: 'sha256' | 'sha512';
  encoding: 'hex' | 'base64';
  /** Text before the MAC in the header, e.g. `sha256=`. */
  prefix: string;
  payload: SignedPayload;
}

export type RejectReason =
  'missing-signature' | 'missing-timestamp' | 'bad-signature' | 'bad-timestamp' | 'stale-timestamp';

export type Check = { ok: true } | { ok: false; reason: RejectReason };

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

function signedBytes(scheme: SignatureScheme, body: Buffer, timestamp: string): Buffer {
  switch (scheme.payload) {
    case '{timestamp}.{body}':
      return Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), body]);
    case '{body}{timestamp}':
      return Buffer.concat([body, Buffer.from(timestamp, 'utf8')]);
    case '{body}':
      return body;
  }
}

function mac(scheme: SignatureScheme, secret: string, data: Buffer): Buffer {
  return createHmac(scheme.algorithm, secret).update(data).digest();
}

function decodeSignature(scheme: SignatureScheme, text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (scheme.prefix && !trimmed.startsWith(scheme.prefix)) return undefined;
  const body = trimmed.slice(scheme.prefix.length);
  if (scheme.encoding === 'hex') return /^[0-9a-fA-F]+$/.test(body) ? Buffer.from(body, 'hex') : undefined;
  return /^[A-Za-z0-9+/=_-]+$/.test(body) ? Buffer.from(body, 'base64') : undefined;
}

/**
 * Checks the MAC over the raw body against every configured secret (more than one while rotating). Every
 * secret is tried even after a match, so the time taken does not tell which one matched.
 */
export function verifyMac(
  scheme: SignatureScheme,
  secrets: readonly string[],
  headers: IncomingHttpHeaders,
  body: Buffer,
): Check {
  const provided = headerValue(headers, scheme.header);
  if (!provided) return { ok: false, reason: 'missing-signature' };
  let timestamp = '';
  if (scheme.payload !== '{body}') {
    const ts = scheme.timestampHeader ? headerValue(headers, scheme.timestampHeader) : undefined;
    if (!ts) return { ok: false, reason: 'missing-timestamp' };
    timestamp = ts;
  }
  const given = decodeSignature(scheme, provided);
  const data = signedBytes(scheme, body, timestamp);
  let matched = false;
  for (const secret of secrets) {
    const expected = mac(scheme, secret, data);
    // A MAC of the wrong length cannot match; still compare something of the right length so every path
    // spends the same time.
    const comparable = given !== undefined && given.length === expected.length;
    const equal = timingSafeEqual(comparable ? given : Buffer.alloc(expected.length), expected);
    matched = matched || (comparable && equal);
  }
  return matched ? { ok: true } : { ok: false, reason: 'bad-signature' };
}

/**
 * Milliseconds since the epoch from unix seconds, unix milliseconds or ISO 8601 (without an offset read as
 * UTC, as HiBob writes it); undefined when the text is none of these.
 */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value > 1e11 ? value : value * 1000;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d{1,11}(\.\d+)?$/.test(text)) return Number(text) * 1000;
  if (/^\d{12,14}$/.test(text)) return Number(text);
  const iso = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (!iso) return undefined;
  // Date.parse reads an ISO time without offset as local time; webhook senders mean UTC.
  const ms = Date.parse(iso[4] ? text : `${text}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

function fieldAt(value: unknown, dotted: string): unknown {
  let v = value;
  for (const part of dotted.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Checks the timestamp (from its header, or from the parsed body) is within `maxSkewMs` of `nowMs`. */
export function checkTimestamp(
  scheme: SignatureScheme,
  headers: IncomingHttpHeaders,
  event: unknown,
  nowMs: number,
  maxSkewMs: number,
): Check {
  const raw = scheme.timestampHeader
    ? headerValue(headers, scheme.timestampHeader)
    : scheme.timestampField
      ? fieldAt(event, scheme.timestampField)
      : undefined;
  if (raw === undefined || raw === null || raw === '') return { ok: false, reason: 'missing-timestamp' };
  const at = parseTimestamp(raw);
  if (at === undefined) return { ok: false, reason: 'bad-timestamp' };
  return Math.abs(nowMs - at) > maxSkewMs ? { ok: false, reason: 'stale-timestamp' } : { ok: true };
}

/**
 * The headers a sender using `scheme` would add to `body` at `timestamp` (for tests, the benchmark and
 * anyone writing a sender against the generic preset).
 */
export function signRequest(
  scheme: SignatureScheme,
  secret: string,
  body: Buffer | string,
  timestamp: string,
): Record<string, string> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const digest = mac(scheme, secret, signedBytes(scheme, bytes, timestamp)).toString(scheme.encoding);
  const headers: Record<string, string> = { [scheme.header.toLowerCase()]: `${scheme.prefix}${digest}` };
  if (scheme.timestampHeader) headers[scheme.timestampHeader.toLowerCase()] = timestamp;
  return headers;
}
