// The client's pure rules, no server: Retry-After parsing, query encoding, body parsing,
// error classification and the Temporal mapping. Behaviour on the wire is tested against the simulator in
// the other files of this folder.
import { inspect } from 'node:util';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { JumpCloudApiError, parseErrorBody, reasonForStatus } from '../../src/activities/jumpcloud/errors.js';
import {
  JumpCloudFailureType,
  toActivityFailure,
  withActivityFailures,
} from '../../src/activities/jumpcloud/failures.js';
import { parseSuccessBody } from '../../src/activities/jumpcloud/http/body.js';
import { resolveClientOptions } from '../../src/activities/jumpcloud/http/options.js';
import { encodeQuery } from '../../src/activities/jumpcloud/http/query.js';
import { parseRetryAfter } from '../../src/activities/jumpcloud/http/retryAfter.js';

const error = (status: number, extra: Partial<ConstructorParameters<typeof JumpCloudApiError>[0]> = {}) =>
  new JumpCloudApiError({ method: 'GET', path: '/api/systemusers', status, jumpcloudMessage: 'm', ...extra });

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP dates, and ignores junk', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(['0'], now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
  });
});

describe('client options', () => {
  it('fills the rate-limit pause default and refuses a negative one', () => {
    expect(resolveClientOptions({ apiKey: 'k' }).rateLimitPause).toEqual({ maxWaitMs: 10_000 });
    expect(() => resolveClientOptions({ apiKey: 'k', rateLimitPause: { maxWaitMs: -1 } })).toThrow(
      /rateLimitPause.maxWaitMs/,
    );
  });
});

describe('query and body encoding', () => {
  it('keeps bracketed keys readable and encodes values', () => {
    expect(
      encodeQuery({ 'filter[0]': 'email:$eq:a+b@x.com', limit: 10, skip: undefined, t: ['a', 'b'] }),
    ).toBe('?filter[0]=email%3A%24eq%3Aa%2Bb%40x.com&limit=10&t=a&t=b');
    expect(encodeQuery({})).toBe('');
  });

  it('parses JSON, passes text/plain through and maps empty bodies to undefined', () => {
    expect(parseSuccessBody(200, 'application/json; charset=utf-8', '{"a":1}')).toEqual({
      ok: true,
      value: { a: 1 },
    });
    expect(parseSuccessBody(200, 'text/plain', 'ok')).toEqual({ ok: true, value: 'ok' });
    expect(parseSuccessBody(204, 'application/json', '')).toEqual({ ok: true, value: undefined });
    expect(parseSuccessBody(200, 'application/json', '{')).toMatchObject({ ok: false });
  });

  it('reads JumpCloud error bodies in all their shapes', () => {
    expect(parseErrorBody('{"code":400,"message":"bad name","status":"invalidName"}')).toEqual({
      message: 'bad name',
      code: 'invalidName',
    });
    expect(parseErrorBody('{"error":"totp not set"}')).toEqual({ message: 'totp not set' });
    expect(parseErrorBody('<html>\n<b>502</b></html>')).toEqual({ message: '<html> <b>502</b></html>' });
    expect(parseErrorBody('x'.repeat(2000)).message.length).toBe(500);
  });
});

describe('JumpCloudApiError', () => {
  it('classifies statuses', () => {
    const expected: Record<number, [string, boolean]> = {
      400: ['BadRequest', false],
      401: ['Unauthorized', false],
      403: ['Forbidden', false],
      404: ['NotFound', false],
      409: ['Conflict', false],
      412: ['PreconditionFailed', false],
      422: ['ClientError', false],
      429: ['RateLimited', true],
      500: ['ServerError', true],
      502: ['Unavailable', true],
      503: ['Unavailable', true],
      504: ['Unavailable', true],
    };
    for (const [status, [reason, retryable]] of Object.entries(expected)) {
      expect(reasonForStatus(Number(status))).toBe(reason);
      expect(error(Number(status)).retryable).toBe(retryable);
    }
    expect(error(0, { reason: 'Network' }).retryable).toBe(true);
    expect(error(0, { reason: 'Timeout' }).retryable).toBe(true);
  });

  it('formats method, path, status and JumpCloud message', () => {
    const e = new JumpCloudApiError({
      method: 'GET',
      path: '/api/systemusers/abc',
      status: 404,
      jumpcloudMessage: 'User not found',
    });
    expect(e.message).toBe('JumpCloud GET /api/systemusers/abc → 404 Not Found: User not found');
    expect(e).toBeInstanceOf(Error);
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({
      status: 404,
      reason: 'NotFound',
      retryable: false,
    });
    expect(inspect(e)).toContain('NotFound');
  });
});

describe('toActivityFailure', () => {
  const cases = [
    [error(400), JumpCloudFailureType.BadRequest, true],
    [error(401), JumpCloudFailureType.Unauthorized, true],
    [error(403), JumpCloudFailureType.Forbidden, true],
    [error(404), JumpCloudFailureType.NotFound, true],
    [error(409), JumpCloudFailureType.Conflict, true],
    [error(412), JumpCloudFailureType.PreconditionFailed, true],
    [error(418), JumpCloudFailureType.ClientError, true],
    [error(429), JumpCloudFailureType.RateLimited, false],
    [error(500), JumpCloudFailureType.ServerError, false],
    [error(503), JumpCloudFailureType.Unavailable, false],
    [error(0, { reason: 'Network' }), JumpCloudFailureType.Network, false],
    [error(0, { reason: 'Timeout' }), JumpCloudFailureType.Timeout, false],
    [error(200, { reason: 'InvalidResponse' }), JumpCloudFailureType.InvalidResponse, true],
  ] as const;

  it.each(cases)('maps %s to its type and retryability', (err, type, nonRetryable) => {
    const failure = toActivityFailure(err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe(type);
    expect(failure.nonRetryable).toBe(nonRetryable);
    expect(failure.message).toBe(err.message);
    expect(failure.details).toEqual([{ method: 'GET', path: '/api/systemusers', status: err.status }]);
    expect(failure.nextRetryDelay).toBeUndefined();
  });

  it('carries Retry-After as nextRetryDelay and the request id in details', () => {
    const failure = toActivityFailure(error(429, { retryAfterMs: 7000, requestId: 'req-1' }));
    expect(failure.nextRetryDelay).toBe(7000);
    expect(failure.details).toEqual([
      { method: 'GET', path: '/api/systemusers', status: 429, requestId: 'req-1' },
    ]);
  });

  it('passes ApplicationFailures through and rethrows anything else unchanged', async () => {
    const app = ApplicationFailure.nonRetryable('x', 'Other');
    expect(toActivityFailure(app)).toBe(app);
    const cancel = new Error('cancelled');
    expect(() => toActivityFailure(cancel)).toThrow(cancel);
    await expect(withActivityFailures(() => Promise.reject(error(404)))).rejects.toMatchObject({
      type: JumpCloudFailureType.NotFound,
      nonRetryable: true,
    });
  });
});
