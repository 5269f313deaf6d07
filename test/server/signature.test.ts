// Webhook signature schemes: each preset verified against a signature computed here independently, the way
// the sender documents it, and every way a delivery can be wrong.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/server/presets.js';
import { checkTimestamp, parseTimestamp, signRequest, verifyMac } from '../../src/server/signature.js';

const SECRET = 'whsec-test-0123456789abcdef';
const body = Buffer.from('{"id":"evt-1","type":"employee.hired"}');
const NOW = Date.parse('2026-03-02T10:00:00Z');
const nowS = String(NOW / 1000);

describe('webhook signature presets', () => {
  it('generic: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">', () => {
    const mac = createHmac('sha256', SECRET).update(`${nowS}.`).update(body).digest('hex');
    const headers = { 'x-idflow-signature': `sha256=${mac}`, 'x-idflow-timestamp': nowS };
    expect(signRequest(PRESETS.generic.scheme, SECRET, body, nowS)).toEqual(headers);
    expect(verifyMac(PRESETS.generic.scheme, [SECRET], headers, body)).toEqual({ ok: true });
    expect(checkTimestamp(PRESETS.generic.scheme, headers, undefined, NOW, 300_000)).toEqual({ ok: true });
  });

  it('bamboohr: hex HMAC-SHA256 of the body followed by X-BambooHR-Timestamp', () => {
    const mac = createHmac('sha256', SECRET).update(body).update(nowS).digest('hex');
    const headers = { 'x-bamboohr-signature': mac, 'x-bamboohr-timestamp': nowS };
    expect(signRequest(PRESETS.bamboohr.scheme, SECRET, body, nowS)).toEqual(headers);
    expect(verifyMac(PRESETS.bamboohr.scheme, [SECRET], headers, body)).toEqual({ ok: true });
    // Upper-case hex is the same MAC.
    expect(
      verifyMac(
        PRESETS.bamboohr.scheme,
        [SECRET],
        { ...headers, 'x-bamboohr-signature': mac.toUpperCase() },
        body,
      ).ok,
    ).toBe(true);
  });

  it('hibob: base64 HMAC-SHA512 of the body; the timestamp is the body’s triggeredAt', () => {
    const event = {
      type: 'employee.joined',
      triggeredAt: '2026-03-02T09:58:30.123456',
      data: { employeeId: '1' },
    };
    const raw = Buffer.from(JSON.stringify(event));
    const mac = createHmac('sha512', SECRET).update(raw).digest('base64');
    const headers = { 'bob-signature': mac };
    expect(signRequest(PRESETS.hibob.scheme, SECRET, raw, '')).toEqual(headers);
    expect(verifyMac(PRESETS.hibob.scheme, [SECRET], headers, raw)).toEqual({ ok: true });
    expect(checkTimestamp(PRESETS.hibob.scheme, headers, event, NOW, 300_000)).toEqual({ ok: true });
    expect(
      checkTimestamp(
        PRESETS.hibob.scheme,
        headers,
        { ...event, triggeredAt: '2026-03-02T09:40:00' },
        NOW,
        300_000,
      ),
    ).toEqual({
      ok: false,
      reason: 'stale-timestamp',
    });
    expect(checkTimestamp(PRESETS.hibob.scheme, headers, { type: 'x' }, NOW, 300_000)).toEqual({
      ok: false,
      reason: 'missing-timestamp',
    });
    expect(PRESETS.hibob.isPing?.(Buffer.from('Ping test'))).toBe(true);
    expect(PRESETS.hibob.isPing?.(Buffer.from('{"text": "Ping test"}'))).toBe(true);
    expect(PRESETS.hibob.isPing?.(raw)).toBe(false);
  });

  it('refuses a missing, malformed, truncated or foreign signature, and a tampered body or timestamp', () => {
    const s = PRESETS.generic.scheme;
    const good = signRequest(s, SECRET, body, nowS);
    const sig = good['x-idflow-signature'] ?? '';
    const cases: [Record<string, string>, Buffer, string][] = [
      [{ 'x-idflow-timestamp': nowS }, body, 'missing-signature'],
      [{ 'x-idflow-signature': sig }, body, 'missing-timestamp'],
      [{ ...good, 'x-idflow-signature': sig.slice(7) }, body, 'bad-signature'], // no sha256= prefix
      [{ ...good, 'x-idflow-signature': sig.slice(0, -2) }, body, 'bad-signature'],
      [{ ...good, 'x-idflow-signature': 'sha256=zz' }, body, 'bad-signature'],
      [signRequest(s, 'another-secret-entirely', body, nowS), body, 'bad-signature'],
      [good, Buffer.from(body.toString().replace('evt-1', 'evt-2')), 'bad-signature'],
      [{ ...good, 'x-idflow-timestamp': String(NOW / 1000 + 1) }, body, 'bad-signature'],
    ];
    for (const [headers, b, reason] of cases)
      expect(verifyMac(s, [SECRET], headers, b)).toEqual({ ok: false, reason });
  });

  it('accepts any of several secrets while rotating', () => {
    const s = PRESETS.generic.scheme;
    const headers = signRequest(s, 'the-new-secret-0123456789', body, nowS);
    expect(verifyMac(s, [SECRET, 'the-new-secret-0123456789'], headers, body).ok).toBe(true);
    expect(verifyMac(s, [SECRET], headers, body).ok).toBe(false);
  });

  it('checks the clock skew both ways and reads the usual timestamp forms', () => {
    const s = PRESETS.generic.scheme;
    const at = (ts: string): string | undefined => {
      const r = checkTimestamp(s, { 'x-idflow-timestamp': ts }, undefined, NOW, 300_000);
      return r.ok ? 'ok' : r.reason;
    };
    expect(at(String(NOW / 1000 - 299))).toBe('ok');
    expect(at(String(NOW / 1000 - 301))).toBe('stale-timestamp');
    expect(at(String(NOW / 1000 + 301))).toBe('stale-timestamp');
    expect(at('yesterday')).toBe('bad-timestamp');
    expect(parseTimestamp(String(NOW))).toBe(NOW); // milliseconds
    expect(parseTimestamp('2026-03-02T10:00:00Z')).toBe(NOW);
    expect(parseTimestamp('2026-03-02T11:00:00+01:00')).toBe(NOW);
    expect(parseTimestamp('2026-03-02T10:00:00')).toBe(NOW); // no offset: UTC
    expect(parseTimestamp(NOW / 1000)).toBe(NOW);
  });
});
