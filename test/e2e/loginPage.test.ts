// The local IdP's pages as a person meets them, in headless Chromium (Debian's, driven by playwright-core
// as in test/e2e/approvalPage.test.ts): the login form posts through the provider's redirects to the
// application's callback without a Content-Security-Policy violation, a wrong password is said plainly,
// and the device flow's confirmation works with the provider's auto-submitted form.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'openid-client';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceLogin } from '../../src/cli/auth/deviceLogin.js';
import type { LocalIdp } from '../../src/dev/idp.js';
import {
  discover,
  finishSignIn,
  startSignIn,
  verifierFor,
  type IdTokenVerifier,
  type PendingSignIn,
} from '../../src/server/auth/oidc.js';
import { FIXTURE_USERS } from '../../src/simulator/seed.js';
import { CLI, PASSWORD, startTestIdp, WEB } from '../auth/fixture.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const manager = FIXTURE_USERS.engManager.email;

let idp: LocalIdp;
let app: Server;
let callbackUrl: string;
let web: Configuration;
let verifier: IdTokenVerifier;
const pending = new Map<string, PendingSignIn>();
let browser: Browser;
let page: Page;
const cspViolations: string[] = [];

beforeAll(async () => {
  // The application's callback: completes the sign-in and says who signed in.
  app = createServer((req, res) => {
    const url = new URL(req.url ?? '/', callbackUrl);
    const signIn = pending.get(url.searchParams.get('state') ?? '');
    if (!signIn) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('unknown sign-in');
      return;
    }
    finishSignIn(web, url, signIn, verifier).then(
      (principal) =>
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`Signed in as ${principal.email}`),
      (err: unknown) => res.writeHead(403, { 'content-type': 'text/plain' }).end(`Refused: ${String(err)}`),
    );
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/auth/callback`;
  idp = await startTestIdp({
    clients: [
      {
        kind: 'web',
        clientId: WEB.clientId,
        clientSecret: WEB.clientSecret,
        redirectUris: [callbackUrl],
        name: 'idflow',
      },
      { kind: 'device', clientId: CLI.clientId, name: 'idflow CLI' },
    ],
  });
  web = await discover({ issuer: idp.issuer, clientId: WEB.clientId, clientSecret: WEB.clientSecret });
  verifier = verifierFor(web, [WEB.clientId, CLI.clientId]);

  await mkdir(ARTIFACTS, { recursive: true });
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: run npm run setup:chromium (Debian's chromium), or set CHROMIUM_PATH`,
    );
  // As root (CI), Chromium's sandbox cannot start; the pages under test are our own.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
  await idp?.stop();
  await new Promise<void>((resolve) => (app ? app.close(() => resolve()) : resolve()));
});

async function freshPage(): Promise<Page> {
  await page?.context().close();
  const context = await browser.newContext({ colorScheme: 'light' });
  page = await context.newPage();
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return page;
}

async function signInUrl(): Promise<string> {
  const { url, pending: signIn } = await startSignIn(web, callbackUrl);
  pending.set(signIn.state, signIn);
  return url.toString();
}

describe('local IdP pages in Chromium', () => {
  it('signs the manager in with the login form and lands at the application, signed in', async () => {
    const p = await freshPage();
    await p.goto(await signInUrl());
    expect(await p.locator('h1').innerText()).toBe('Sign in');
    await p.screenshot({ path: `${ARTIFACTS}idp-login.png`, fullPage: true });
    await p.fill('#email', manager);
    await p.fill('#password', PASSWORD);
    await Promise.all([
      p.waitForURL((u) => u.toString().startsWith(callbackUrl)),
      p.click('button:has-text("Sign in")'),
    ]);
    expect(await p.locator('body').innerText()).toBe(`Signed in as ${manager}`);
    expect(cspViolations).toEqual([]);
  });

  it('says a wrong password plainly and stays on the form', async () => {
    const p = await freshPage();
    await p.goto(await signInUrl());
    await p.fill('#email', manager);
    await p.fill('#password', 'not the password');
    await p.click('button:has-text("Sign in")');
    await expect.poll(() => p.locator('[role=alert]').innerText()).toBe('Wrong e-mail or password.');
    expect(await p.inputValue('#email')).toBe(manager);
  });

  it('confirms a device code and signs in; the waiting CLI gets the tokens', async () => {
    const cli = await discover({ issuer: idp.issuer, clientId: CLI.clientId });
    const p = await freshPage();
    let shown: Promise<unknown> = Promise.resolve();
    const tokens = deviceLogin({
      config: cli,
      prompt: (prompt) => {
        shown = p.goto(prompt.verificationUriComplete ?? prompt.verificationUri);
      },
    });
    await expect
      .poll(() =>
        p
          .locator('h1')
          .innerText()
          .catch(() => ''),
      )
      .toBe('Confirm the code');
    await shown;
    await p.screenshot({ path: `${ARTIFACTS}idp-device-confirm.png`, fullPage: true });
    await p.click('button:has-text("Continue")');
    await p.waitForSelector('#email');
    await p.fill('#email', manager);
    await p.fill('#password', PASSWORD);
    await p.click('button:has-text("Sign in")');
    await expect
      .poll(() =>
        p
          .locator('.notice.ok')
          .innerText()
          .catch(() => ''),
      )
      .toContain('You are signed in');
    expect((await verifier.verify((await tokens).idToken)).email).toBe(manager);
    expect(cspViolations).toEqual([]);
  });
});
