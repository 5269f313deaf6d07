// The local OpenID provider on its own, spoken to over plain HTTP as any relying party would: discovery,
// keys, the login page, and a code exchanged by hand. The relying-party module is tested in oidc.test.ts.
import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peopleFromDirectory, startLocalIdp, type LocalIdp } from '../../src/dev/idp.js';
import { FIXTURE_USERS, seedDirectory } from '../../src/simulator/seed.js';
import { Browser, readForm, textOf } from './browser.js';

const PASSWORD = 'correct horse battery staple';
const WEB = {
  clientId: 'idflow-web',
  clientSecret: 'web-secret-for-tests',
  redirectUri: 'http://127.0.0.1:9/callback',
};
const manager = FIXTURE_USERS.engManager.email;

let idp: LocalIdp;
let discovery: Record<string, unknown>;

beforeAll(async () => {
  idp = await startLocalIdp({
    people: peopleFromDirectory(seedDirectory({ seed: 7, users: 30 }).users(), PASSWORD),
    clients: [
      {
        kind: 'web',
        clientId: WEB.clientId,
        clientSecret: WEB.clientSecret,
        redirectUris: [WEB.redirectUri],
      },
    ],
  });
  discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<
    string,
    unknown
  >;
});
afterAll(() => idp.stop());

function authorizeUrl(extra: Record<string, string> = {}) {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(String(discovery.authorization_endpoint));
  const params = {
    client_id: WEB.clientId,
    response_type: 'code',
    redirect_uri: WEB.redirectUri,
    scope: 'openid email profile',
    state: 's1',
    nonce: 'n1',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...extra,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { url: url.toString(), verifier };
}

const atCallback = (location: string) => location.startsWith(WEB.redirectUri);

describe('local OpenID provider', () => {
  it('publishes discovery with the code flow, PKCE S256, the device grant and its signing keys', async () => {
    expect(discovery.issuer).toBe(idp.issuer);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    expect(discovery.grant_types_supported).toContain('urn:ietf:params:oauth:grant-type:device_code');
    expect(discovery.device_authorization_endpoint).toBe(`${idp.issuer}/device/auth`);
    expect(discovery.claims_supported).toEqual(expect.arrayContaining(['email', 'email_verified', 'name']));
    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d'); // the public half only
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = new URL(authorizeUrl().url);
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const page = await new Browser().go(url.toString(), {}, atCallback);
    expect(new URL(page.stoppedAt ?? '').searchParams.get('error')).toBe('invalid_request');
  });

  it('signs a person in with the login form, and the code exchanged by hand gives a signed ID token', async () => {
    const browser = new Browser();
    const { url, verifier } = authorizeUrl({ login_hint: '"><script>alert(1)</script>' });
    const login = await browser.go(url);
    expect(login.status).toBe(200);
    expect(login.headers.get('content-security-policy')).toContain("form-action 'self' http://127.0.0.1:9");
    // The hint is shown as text in the e-mail field, never as markup.
    expect(login.body).not.toContain('<script>alert(1)</script>');
    expect(readForm(login, '/login').fields.email).toBe('"><script>alert(1)</script>');

    const wrong = await browser.submit(login, '/login', { email: manager, password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(textOf(wrong)).toContain('Wrong e-mail or password.');

    const done = await browser.submit(wrong, '/login', { email: manager, password: PASSWORD }, atCallback);
    const callback = new URL(done.stoppedAt ?? '');
    expect(callback.searchParams.get('state')).toBe('s1');
    const code = callback.searchParams.get('code') ?? '';
    expect(code).not.toBe('');

    const res = await fetch(String(discovery.token_endpoint), {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${WEB.clientId}:${WEB.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: WEB.redirectUri,
        code_verifier: verifier,
      }),
    });
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as { id_token: string };
    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as Parameters<
      typeof createLocalJWKSet
    >[0];
    const { payload } = await jwtVerify(tokens.id_token, createLocalJWKSet(jwks), {
      issuer: idp.issuer,
      audience: WEB.clientId,
    });
    expect(payload).toMatchObject({ email: manager, email_verified: true, name: 'Morgan Chen', nonce: 'n1' });
  });

  it('only lets activated, unlocked people of the directory sign in', async () => {
    for (const who of [
      FIXTURE_USERS.suspended.email,
      FIXTURE_USERS.locked.email,
      FIXTURE_USERS.newHire.email,
    ]) {
      const browser = new Browser();
      const login = await browser.go(authorizeUrl().url);
      const page = await browser.submit(login, '/login', { email: who, password: PASSWORD });
      expect(page.status).toBe(401);
    }
  });

  it('refuses a login form posted without the interaction cookie (another site cannot post it)', async () => {
    const login = await new Browser().go(authorizeUrl().url);
    const { action } = readForm(login, '/login');
    const forged = await new Browser().request(action, { form: { email: manager, password: PASSWORD } });
    expect(forged.status).toBe(400);
    expect(forged.headers.get('location')).toBeNull();
    expect(textOf(forged)).toContain('This sign-in has expired.');
  });
});
