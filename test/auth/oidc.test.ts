// The relying party against the local provider: a real code + PKCE sign-in driven over HTTP, and every way
// an ID token is refused — each made the way it happens (another app's token, a tampered one, a clock
// past exp, another tenant's token signed with the same key), none faked in the verifier.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { decodeJwt, UnsecuredJWT } from 'jose';
import type { Configuration } from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalIdp } from '../../src/dev/idp.js';
import {
  createIdTokenVerifier,
  discover,
  finishSignIn,
  IdTokenRefusedError,
  OidcError,
  startSignIn,
  verifierFor,
  type IdTokenVerifier,
} from '../../src/server/auth/oidc.js';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import { Browser } from './browser.js';
import {
  atCallback,
  CLI,
  loginOnDevice,
  MIXED_CASE,
  OTHER,
  PASSWORD,
  startTestIdp,
  UNVERIFIED,
  WEB,
} from './fixture.js';

const manager = FIXTURE_USERS.engManager.email;
let idp: LocalIdp;
let web: Configuration;
let verifier: IdTokenVerifier;

beforeAll(async () => {
  idp = await startTestIdp();
  web = await discover({ issuer: idp.issuer, clientId: WEB.clientId, clientSecret: WEB.clientSecret });
  verifier = verifierFor(web, [WEB.clientId, CLI.clientId]);
});
afterAll(() => idp.stop());

/** Signs `email` in through the browser; returns the callback URL the browser was sent to and the pending state. */
async function signIn(email: string, password = PASSWORD) {
  const { url, pending } = await startSignIn(web, WEB.redirectUri);
  const browser = new Browser();
  const login = await browser.go(url.toString());
  const done = await browser.submit(login, '/login', { email, password }, atCallback);
  return { callback: new URL(done.stoppedAt ?? 'http://invalid/'), pending, page: done };
}

/** An ID token issued to `clientId` through the device grant (how a CLI gets one). */
async function deviceToken(issuer: LocalIdp, clientId: string, email = manager): Promise<string> {
  const config = await discover({ issuer: issuer.issuer, clientId });
  return (await loginOnDevice(config, email)).tokens.idToken;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IdTokenRefusedError);
  return (err as IdTokenRefusedError).reason;
}

describe('sign-in with authorization code + PKCE', () => {
  it('returns the verified principal of the person who signed in', async () => {
    const { callback, pending } = await signIn(manager);
    expect(callback.searchParams.get('state')).toBe(pending.state);
    const principal = await finishSignIn(web, callback, pending, verifier);
    expect(principal).toEqual({
      email: manager,
      name: 'Morgan Chen',
      subject: expect.any(String) as string,
      issuer: idp.issuer,
    });
  });

  it('sends the PKCE challenge (S256), state and nonce, and a code is useless without the verifier', async () => {
    const { url, pending } = await startSignIn(web, WEB.redirectUri);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('nonce')).toBe(pending.nonce);
    const browser = new Browser();
    const login = await browser.go(url.toString());
    const done = await browser.submit(login, '/login', { email: manager, password: PASSWORD }, atCallback);
    const stolen = { ...pending, codeVerifier: 'x'.repeat(43) };
    const err = await finishSignIn(web, new URL(done.stoppedAt ?? ''), stolen, verifier).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OidcError);
    expect((err as OidcError).reason).toBe('exchange-failed');
  });

  it('lower-cases the e-mail', async () => {
    const { callback, pending } = await signIn(MIXED_CASE);
    expect((await finishSignIn(web, callback, pending, verifier)).email).toBe(MIXED_CASE.toLowerCase());
  });

  it('refuses a person whose e-mail the issuer has not verified', async () => {
    const { callback, pending } = await signIn(UNVERIFIED);
    expect(await refusal(finishSignIn(web, callback, pending, verifier))).toBe('unverified-email');
  });

  it('refuses a callback that belongs to another sign-in (state), and a code used twice', async () => {
    const first = await signIn(manager);
    const second = await signIn(manager);
    const err = await finishSignIn(web, first.callback, second.pending, verifier).catch((e: unknown) => e);
    expect((err as OidcError).reason).toBe('state-mismatch');
    await finishSignIn(web, second.callback, second.pending, verifier);
    const replay = await finishSignIn(web, second.callback, second.pending, verifier).catch(
      (e: unknown) => e,
    );
    expect((replay as OidcError).reason).toBe('exchange-failed');
  });

  it('gives no code for a wrong password', async () => {
    const { page } = await signIn(manager, 'not the password');
    expect(page.status).toBe(401);
    expect(page.stoppedAt).toBeUndefined();
  });

  it('reports a sign-in the person cancelled as denied', async () => {
    const { url, pending } = await startSignIn(web, WEB.redirectUri);
    const browser = new Browser();
    const login = await browser.go(url.toString());
    const done = await browser.submit(login, '/abort', {}, atCallback);
    const err = await finishSignIn(web, new URL(done.stoppedAt ?? ''), pending, verifier).catch(
      (e: unknown) => e,
    );
    expect((err as OidcError).reason).toBe('denied');
  });
});

describe('ID token verification', () => {
  let cliToken: string;
  beforeAll(async () => {
    cliToken = await deviceToken(idp, CLI.clientId);
  });

  it('accepts the CLI client token (an audience idflow configured)', async () => {
    expect((await verifier.verify(cliToken)).email).toBe(manager);
  });

  it('refuses a token issued to another application', async () => {
    expect(await refusal(verifier.verify(await deviceToken(idp, OTHER.clientId)))).toBe('wrong-audience');
  });

  it('refuses an expired token (clock past exp + skew) and one issued in the future', async () => {
    const { exp = 0, iat = 0 } = decodeJwt(cliToken);
    expect(await refusal(verifier.verify(cliToken, { now: new Date((exp + 31) * 1000) }))).toBe('expired');
    expect((await verifier.verify(cliToken, { now: new Date((exp + 29) * 1000) })).email).toBe(manager);
    expect(await refusal(verifier.verify(cliToken, { now: new Date((iat - 120) * 1000) }))).toBe(
      'not-yet-valid',
    );
  });

  it('refuses a tampered token', async () => {
    const [header, payload, signature] = cliToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, email: FIXTURE_USERS.ceo.email })).toString(
      'base64url',
    );
    expect(await refusal(verifier.verify(`${header}.${forged}.${signature}`))).toBe('bad-signature');
  });

  it('refuses an unsigned token and a garbled one', async () => {
    const unsigned = new UnsecuredJWT({ ...decodeJwt(cliToken) }).encode();
    expect(await refusal(verifier.verify(unsigned))).toBe('bad-signature');
    expect(await refusal(verifier.verify('not.a.jwt'))).toBe('malformed');
  });

  it('refuses a token for a nonce this sign-in did not send', async () => {
    expect(await refusal(verifier.verify(cliToken, { nonce: 'another-sign-in' }))).toBe('nonce-mismatch');
  });

  it('refuses a token of another issuer signed with the same key (a multi-tenant IdP)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const shared = { ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: 'shared' };
    const [tenantA, tenantB] = await Promise.all([
      startTestIdp({ signingKey: shared }),
      startTestIdp({ signingKey: shared }),
    ]);
    try {
      const tokenOfB = await deviceToken(tenantB, CLI.clientId);
      const verifyA = verifierFor(await discover({ issuer: tenantA.issuer, clientId: CLI.clientId }), [
        CLI.clientId,
      ]);
      expect(await refusal(verifyA.verify(tokenOfB))).toBe('wrong-issuer');
      expect(
        (
          await verifierFor(await discover({ issuer: tenantB.issuer, clientId: CLI.clientId }), [
            CLI.clientId,
          ]).verify(tokenOfB)
        ).issuer,
      ).toBe(tenantB.issuer);
    } finally {
      await Promise.all([tenantA.stop(), tenantB.stop()]);
    }
  });

  it('says when the issuer keys cannot be fetched', async () => {
    const port = await closedPort();
    const offline = createIdTokenVerifier({
      issuer: idp.issuer,
      jwksUri: `http://127.0.0.1:${port}/jwks`,
      audiences: [CLI.clientId],
    });
    expect(await refusal(offline.verify(cliToken))).toBe('keys-unavailable');
  });
});

describe('discovery', () => {
  it('refuses a plain-http issuer that is not on loopback, before any request', async () => {
    const err = await discover({ issuer: 'http://idp.example.com', clientId: 'x' }).catch((e: unknown) => e);
    expect((err as OidcError).reason).toBe('insecure-issuer');
  });

  it('names the issuer it cannot reach', async () => {
    const issuer = `http://127.0.0.1:${await closedPort()}`;
    const err = await discover({ issuer, clientId: 'x' }).catch((e: unknown) => e);
    expect((err as OidcError).reason).toBe('discovery-failed');
    expect((err as OidcError).message).toContain(issuer);
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
