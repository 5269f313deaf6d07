// `idflow login`'s device grant end to end against the local provider: the poller gets tokens once a
// person confirmed the code and signed in in a browser; declined, expired and cancelled logins end in
// the matching error. The interval is the provider's (1 s locally); nothing here sleeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from 'openid-client';
import { DeviceLoginError, deviceLogin, type DevicePrompt } from '../../src/cli/auth/deviceLogin.js';
import type { LocalIdp } from '../../src/dev/idp.js';
import { discover, verifierFor } from '../../src/server/auth/oidc.js';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import { textOf } from './browser.js';
import { CLI, loginOnDevice, startTestIdp } from './fixture.js';

const manager = FIXTURE_USERS.engManager.email;
let idp: LocalIdp;
let cli: Configuration;

beforeAll(async () => {
  idp = await startTestIdp();
  cli = await discover({ issuer: idp.issuer, clientId: CLI.clientId });
});
afterAll(() => idp.stop());

async function failure(promise: Promise<unknown>): Promise<DeviceLoginError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeviceLoginError);
  return err as DeviceLoginError;
}

describe('device login (RFC 8628)', () => {
  it('returns tokens once the person has confirmed the code and signed in; the ID token names them', async () => {
    const { tokens, page } = await loginOnDevice(cli, manager);
    expect(textOf(page)).toContain('You are signed in on your device.');
    const principal = await verifierFor(cli, [CLI.clientId]).verify(tokens.idToken);
    expect(principal.email).toBe(manager);
    expect(Date.parse(tokens.expiresAt)).toBeGreaterThan(Date.now());
  });

  it('shows the person the verification URI and the code before polling', async () => {
    const shown: DevicePrompt[] = [];
    const stop = new AbortController();
    const login = deviceLogin({
      config: cli,
      signal: stop.signal,
      prompt: (p) => {
        shown.push(p);
        stop.abort();
      },
    });
    expect((await failure(login)).reason).toBe('cancelled');
    expect(shown).toHaveLength(1);
    expect(shown[0]?.verificationUri).toBe(`${idp.issuer}/device`);
    expect(shown[0]?.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(shown[0]?.verificationUriComplete).toContain(encodeURIComponent(shown[0]?.userCode ?? ''));
  });

  it('ends as denied when the person aborts at the confirmation page', async () => {
    expect((await failure(loginOnDevice(cli, manager, { abort: true }))).reason).toBe('denied');
  });

  it('ends as expired when nobody confirms before the code expires', async () => {
    const shortLived = await startTestIdp({ deviceCodeTtlSeconds: 1 });
    try {
      const config = await discover({ issuer: shortLived.issuer, clientId: CLI.clientId });
      expect((await failure(deviceLogin({ config, prompt: () => undefined }))).reason).toBe('expired');
    } finally {
      await shortLived.stop();
    }
  });
});
