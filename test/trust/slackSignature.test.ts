// Slack request signing. Anchored to the example Slack publishes (secret, timestamp, slash-command body and
// the signature it gives), so signer and verifier cannot merely agree with each other: a wrong base string
// would fail the published vector.
import { describe, expect, it } from 'vitest';
import {
  SLACK_SIGNATURE_TOLERANCE_SECONDS,
  signSlackRequest,
  verifySlackRequest,
  type SlackRequestToVerify,
} from '../../src/trust/slackSignature.js';

// From https://api.slack.com/authentication/verifying-requests-from-slack ("a recipe for security").
const DOC_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const DOC_TIMESTAMP = '1531420618';
const DOC_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
  '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
  '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
  '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOC_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const DOC_NOW = new Date(Number(DOC_TIMESTAMP) * 1000);

const valid: SlackRequestToVerify = {
  secret: DOC_SECRET,
  timestamp: DOC_TIMESTAMP,
  signature: DOC_SIGNATURE,
  rawBody: DOC_BODY,
  now: DOC_NOW,
};

const secondsAfter = (seconds: number): Date => new Date(DOC_NOW.getTime() + seconds * 1000);

describe('signSlackRequest', () => {
  it("reproduces Slack's published example", () => {
    expect(signSlackRequest(DOC_SECRET, DOC_TIMESTAMP, DOC_BODY)).toBe(DOC_SIGNATURE);
    expect(signSlackRequest(DOC_SECRET, Number(DOC_TIMESTAMP), Buffer.from(DOC_BODY))).toBe(DOC_SIGNATURE);
  });

  it('signs the UTF-8 bytes of a string body', () => {
    const body = 'payload=%7B%22text%22%3A%22caf%C3%A9%22%7D&x=café';
    expect(signSlackRequest('s3cret', 1, body)).toBe(
      signSlackRequest('s3cret', 1, Buffer.from(body, 'utf8')),
    );
    expect(signSlackRequest('s3cret', 1, body)).not.toBe(
      signSlackRequest('s3cret', 1, Buffer.from(body, 'latin1')),
    );
  });

  it('refuses an empty secret (a configuration error, not a refusal)', () => {
    expect(() => signSlackRequest('', 1, 'x')).toThrow(TypeError);
    expect(() => verifySlackRequest({ ...valid, secret: '' })).toThrow(TypeError);
  });
});

describe('verifySlackRequest', () => {
  it("accepts Slack's published example, as a string or as the raw bytes", () => {
    expect(verifySlackRequest(valid)).toEqual({ ok: true });
    expect(verifySlackRequest({ ...valid, rawBody: Buffer.from(DOC_BODY, 'utf8') })).toEqual({ ok: true });
    // Header values are case-insensitive hex in practice; decoding compares the bytes.
    expect(
      verifySlackRequest({ ...valid, signature: DOC_SIGNATURE.toUpperCase().replace('V0=', 'v0=') }),
    ).toEqual({ ok: true });
  });

  it('refuses a tampered body: one byte, or the same fields re-encoded', () => {
    expect(verifySlackRequest({ ...valid, rawBody: DOC_BODY.replace('roadrunner', 'roadrunnex') })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    // Parsed and re-serialised (here: a decoded `%2F`) is a different body: verify the raw bytes.
    expect(verifySlackRequest({ ...valid, rawBody: decodeURIComponent(DOC_BODY) })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySlackRequest({ ...valid, rawBody: `${DOC_BODY}&` })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('refuses a signature made with another secret', () => {
    const forged = signSlackRequest('not-the-signing-secret', DOC_TIMESTAMP, DOC_BODY);
    expect(verifySlackRequest({ ...valid, signature: forged })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('binds the timestamp: a valid signature moved to another timestamp fails', () => {
    const later = String(Number(DOC_TIMESTAMP) + 1);
    expect(verifySlackRequest({ ...valid, timestamp: later })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses timestamps more than five minutes old or ahead, correctly signed or not', () => {
    const limit = SLACK_SIGNATURE_TOLERANCE_SECONDS;
    expect(limit).toBe(300);
    expect(verifySlackRequest({ ...valid, now: secondsAfter(limit) })).toEqual({ ok: true });
    expect(verifySlackRequest({ ...valid, now: secondsAfter(-limit) })).toEqual({ ok: true });
    expect(verifySlackRequest({ ...valid, now: secondsAfter(limit + 1) })).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(verifySlackRequest({ ...valid, now: secondsAfter(-limit - 1) })).toEqual({
      ok: false,
      reason: 'future',
    });
    expect(verifySlackRequest({ ...valid, now: secondsAfter(86_400) })).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it('honours a narrower window when asked', () => {
    expect(verifySlackRequest({ ...valid, now: secondsAfter(61), toleranceSeconds: 60 })).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it('refuses missing headers', () => {
    for (const change of [
      { timestamp: undefined },
      { timestamp: '' },
      { signature: undefined },
      { signature: '' },
    ] satisfies Partial<SlackRequestToVerify>[]) {
      expect(verifySlackRequest({ ...valid, ...change }), JSON.stringify(change)).toEqual({
        ok: false,
        reason: 'missing',
      });
    }
  });

  it('refuses malformed headers before any other check', () => {
    const hex = DOC_SIGNATURE.slice(3);
    for (const change of [
      { signature: hex }, // no version
      { signature: `v1=${hex}` }, // unknown version
      { signature: `v0=${hex.slice(1)}` }, // 63 digits
      { signature: `v0=${hex}00` }, // 66 digits
      { signature: `v0=${hex.slice(1)}g` }, // not hex
      { signature: `${DOC_SIGNATURE},${DOC_SIGNATURE}` },
      { timestamp: '1531420618.5' },
      { timestamp: '-1531420618' },
      { timestamp: ' 1531420618' },
      { timestamp: 'Thu, 12 Jul 2018 18:36:58 GMT' },
      { timestamp: '1'.repeat(20) },
    ] satisfies Partial<SlackRequestToVerify>[]) {
      expect(verifySlackRequest({ ...valid, ...change }), JSON.stringify(change)).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
  });
});
