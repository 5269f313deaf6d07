// The sign-in tests' identity provider: the simulator's fixture people (one password), a person whose
// e-mail the IdP has not verified, and three clients — idflow's web app, idflow's CLI, and another
// application whose tokens idflow must not accept.
import {
  startLocalIdp,
  peopleFromDirectory,
  type LocalIdp,
  type LocalIdpOptions,
} from '../../src/dev/idp.js';
import { seedDirectory } from '../../src/simulator/seed.js';
import type { Configuration } from 'openid-client';
import { deviceLogin, type DeviceTokens } from '../../src/cli/auth/deviceLogin.js';
import { Browser, type Page } from './browser.js';

export const PASSWORD = 'correct horse battery staple';
export const UNVERIFIED = 'unverified@example.com';
export const MIXED_CASE = 'Mixed.Case@Example.COM';
export const WEB = {
  clientId: 'idflow-web',
  clientSecret: 'web-secret-for-tests',
  redirectUri: 'http://127.0.0.1:9/auth/callback',
};
export const CLI = { clientId: 'idflow-cli' };
export const OTHER = { clientId: 'other-app' };

export function startTestIdp(options: Partial<LocalIdpOptions> = {}): Promise<LocalIdp> {
  return startLocalIdp({
    people: [
      ...peopleFromDirectory(seedDirectory({ seed: 7, users: 20 }).users(), PASSWORD),
      { email: UNVERIFIED, name: 'Una Verified', password: PASSWORD, emailVerified: false },
      { email: MIXED_CASE, name: 'Mixed Case', password: PASSWORD },
    ],
    clients: [
      {
        kind: 'web',
        clientId: WEB.clientId,
        clientSecret: WEB.clientSecret,
        redirectUris: [WEB.redirectUri],
        name: 'idflow',
      },
      { kind: 'device', clientId: CLI.clientId, name: 'idflow CLI' },
      { kind: 'device', clientId: OTHER.clientId, name: 'Another app' },
    ],
    ...options,
  });
}

export const atCallback = (location: string) => location.startsWith(WEB.redirectUri);

/** A person at the verification URI: opens it, confirms the code (or aborts), signs in; returns the last page. */
export async function confirmDevice(
  verificationUriComplete: string,
  email: string,
  options: { abort?: boolean; password?: string } = {},
): Promise<Page> {
  const browser = new Browser();
  // With the code in the URL the provider posts it on by itself (an auto-submitting form).
  const autoPost = await browser.go(verificationUriComplete);
  const confirm = await browser.submit(autoPost, '/device');
  if (options.abort) return browser.submit(confirm, '#op.deviceConfirmForm', { abort: 'yes' });
  const login = await browser.submit(confirm, '#op.deviceConfirmForm');
  return browser.submit(login, '/login', { email, password: options.password ?? PASSWORD });
}

/**
 * `idflow login`'s device grant with a person confirming in a browser as soon as the code is shown. A
 * browser step that fails stops the polling too, so a broken page fails the test at once, not at expiry.
 */
export async function loginOnDevice(
  config: Configuration,
  email: string,
  options: { abort?: boolean; password?: string } = {},
): Promise<{ tokens: DeviceTokens; page: Page }> {
  const stop = new AbortController();
  let confirmed: Promise<Page> | undefined;
  const tokens = deviceLogin({
    config,
    signal: stop.signal,
    prompt: (p) => {
      confirmed = confirmDevice(p.verificationUriComplete ?? p.verificationUri, email, options);
      confirmed.catch((err: unknown) => stop.abort(err));
    },
  });
  const result = await tokens.catch(async (err: unknown) => {
    await confirmed; // a browser failure is the better error
    throw err;
  });
  return { tokens: result, page: await (confirmed as Promise<Page>) };
}
