// A local OpenID Connect provider for `idflow dev` and the tests, so that signing in is the real protocol
// against a real, certified implementation (`oidc-provider`), not a stub that says yes: the approval page
// uses the authorization code flow with PKCE, `idflow login` the device authorization grant (RFC 8628), and
// both verify the ID tokens it signs exactly as they verify JumpCloud's, Okta's or Google's.
//
// What is ours is only what a real IdP keeps to itself: the people and their passwords, the login page, and
// the rule that these first-party clients need no consent screen. Everything lives in memory and goes with
// `stop()`; the signing key is generated at start unless one is given (two providers sharing one key is how
// the tests play a multi-tenant IdP whose tokens must be told apart by issuer).
import { createHash, generateKeyPairSync, randomBytes, timingSafeEqual, type JsonWebKey } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type ClientMetadata, type KoaContextWithOIDC } from 'oidc-provider';
import { html, SafeHtml } from '../common/html.js';
import { page, PAGE_HEADERS } from '../server/html.js';

/** Someone who can sign in. */
export interface LocalPerson {
  email: string;
  name: string;
  password: string;
  /** Whether the IdP vouches for the address; idflow refuses principals whose e-mail is not verified. @default true */
  emailVerified?: boolean;
  /** The `sub` claim. @default derived from the e-mail (stable across restarts) */
  subject?: string;
}

/** A confidential web application: authorization code + PKCE (S256), client secret. */
export interface LocalWebClient {
  kind: 'web';
  clientId: string;
  clientSecret: string;
  redirectUris: readonly string[];
  name?: string;
}

/** A public command-line client: the device authorization grant only, no secret. */
export interface LocalDeviceClient {
  kind: 'device';
  clientId: string;
  name?: string;
}

export type LocalClient = LocalWebClient | LocalDeviceClient;

export interface LocalIdpOptions {
  people: readonly LocalPerson[];
  clients: readonly LocalClient[];
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /**
   * The issuer identifier. Behind a TLS-terminating proxy give the public URL and set `trustProxy`.
   * @default `http://<host>:<port>`
   */
  issuer?: string;
  /** Trust X-Forwarded-Proto/-Host (only behind a proxy you run). @default false */
  trustProxy?: boolean;
  /** The private signing key as a JWK (RS256, ES256 or EdDSA). @default a fresh RSA-2048 key */
  signingKey?: JsonWebKey;
  /** Lifetime of ID and access tokens. @default 3600 */
  tokenTtlSeconds?: number;
  /** How long a device code may wait for its user. @default 600 */
  deviceCodeTtlSeconds?: number;
  /**
   * The polling interval the device authorization response asks for. oidc-provider names none, so clients
   * fall back to RFC 8628's 5 s; locally a second is enough and makes `idflow login` feel immediate.
   * @default 1
   */
  devicePollIntervalSeconds?: number;
}

export interface LocalIdp {
  /** The issuer identifier: what discovery is fetched from and what `iss` says. */
  issuer: string;
  /** The provider itself, for tests that need to reach into its models. */
  provider: Provider;
  stop(): Promise<void>;
}

/** Scopes this provider knows; `openid email profile` is what idflow asks for. */
const CLAIMS = { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] } as const;
const GRANTED_SCOPE = 'openid email profile';
const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const MAX_FORM_BYTES = 8 * 1024;

function subjectOf(person: LocalPerson): string {
  return person.subject ?? createHash('sha256').update(person.email.toLowerCase()).digest('hex').slice(0, 24);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Compares fixed-length digests so the time taken says nothing about how much of the password was right. */
function passwordMatches(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

function clientMetadata(client: LocalClient): ClientMetadata {
  if (client.kind === 'web')
    return {
      client_id: client.clientId,
      client_secret: client.clientSecret,
      client_name: client.name ?? client.clientId,
      redirect_uris: [...client.redirectUris],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    };
  return {
    client_id: client.clientId,
    client_name: client.name ?? client.clientId,
    application_type: 'native',
    redirect_uris: [],
    grant_types: [DEVICE_CODE_GRANT],
    response_types: [],
    token_endpoint_auth_method: 'none',
  };
}

function generateSigningKey(): JsonWebKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...privateKey.export({ format: 'jwk' }),
    alg: 'RS256',
    use: 'sig',
    kid: randomBytes(8).toString('hex'),
  };
}

/**
 * Security headers of the IdP's own pages: those of the approval pages, except that a form may also post
 * (through the provider's redirects) towards the registered redirect URIs — browsers apply `form-action` to
 * every hop of a form submission's redirect chain, and the login form's last hop is the client's callback.
 */
function pageHeaders(clients: readonly LocalClient[]): Record<string, string> {
  const origins = new Set<string>();
  for (const c of clients)
    if (c.kind === 'web') for (const uri of c.redirectUris) origins.add(new URL(uri).origin);
  const formAction = ["form-action 'self'", ...origins].join(' ');
  const csp = (PAGE_HEADERS['content-security-policy'] ?? '').replace("form-action 'self'", formAction);
  return { ...PAGE_HEADERS, 'content-security-policy': csp };
}

function loginForm(uid: string, clientName: string, email: string, error?: string): string {
  return page(
    'Sign in',
    html`<h1>Sign in</h1>
      <p>to continue to <strong>${clientName}</strong></p>
      ${error ? html`<p class="notice no" role="alert">${error}</p>` : ''}
      <form method="post" action="/interaction/${encodeURIComponent(uid)}/login">
        <label for="email">E-mail</label>
        <input id="email" name="email" type="email" autocomplete="username" required value="${email}" />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <div class="actions"><button class="approve" type="submit">Sign in</button></div>
      </form>
      <form method="post" action="/interaction/${encodeURIComponent(uid)}/abort">
        <div class="actions"><button class="reject" type="submit">Cancel</button></div>
      </form>
      <p><small>idflow's local identity provider (development only).</small></p>`,
  );
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Starts the provider on loopback; resolves once it accepts connections. */
export async function startLocalIdp(options: LocalIdpOptions): Promise<LocalIdp> {
  const host = options.host ?? '127.0.0.1';
  const people = new Map<string, LocalPerson>();
  const bySubject = new Map<string, LocalPerson>();
  for (const person of options.people) {
    people.set(person.email.toLowerCase(), person);
    bySubject.set(subjectOf(person), person);
  }
  const headers = pageHeaders(options.clients);
  const tokenTtl = options.tokenTtlSeconds ?? 3600;
  const interval = options.devicePollIntervalSeconds ?? 1;

  // The issuer contains the port, known only once listening: listen first, hand requests over after.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  const server: Server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = options.issuer ?? `http://${host}:${port}`;

  const sendPage = (ctx: KoaContextWithOIDC, body: string, status = 200): void => {
    ctx.status = status;
    ctx.set(headers);
    ctx.body = body;
  };

  const configuration: Configuration = {
    clients: options.clients.map(clientMetadata),
    // Signed cookies; a fresh key per start is fine, sessions do not outlive the process anyway.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [options.signingKey ?? generateSigningKey()] },
    claims: Object.fromEntries(Object.entries(CLAIMS).map(([k, v]) => [k, [...v]])),
    scopes: ['openid', 'email', 'profile'],
    // idflow reads the principal from the ID token alone (no userinfo call), as most IdPs allow: without
    // this, oidc-provider keeps email and name for the userinfo endpoint in the code flow.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: {
        enabled: true,
        userCodeInputSource: (ctx, form, _out, err) => {
          const problem = err
            ? 'That code is not valid (or has expired). Check the code in your terminal.'
            : '';
          sendPage(
            ctx,
            page(
              'Device sign-in',
              html`<h1>Sign in on another device</h1>
                ${problem ? html`<p class="notice no" role="alert">${problem}</p>` : ''}
                <p>Enter the code your terminal shows.</p>
                ${new SafeHtml(form)}
                <div class="actions">
                  <button class="approve" type="submit" form="op.deviceInputForm">Continue</button>
                </div>`,
            ),
          );
        },
        userCodeConfirmSource: (ctx, form, client, _deviceInfo, userCode) => {
          sendPage(
            ctx,
            page(
              'Confirm device',
              html`<h1>Confirm the code</h1>
                <p><strong>${client.clientName ?? client.clientId}</strong> asks to sign in as you.</p>
                <p class="ask"><code>${userCode}</code></p>
                <p>Continue only if your terminal shows this same code.</p>
                ${new SafeHtml(form)}
                <div class="actions">
                  <button class="approve" type="submit" form="op.deviceConfirmForm">Continue</button>
                  <button class="reject" type="submit" form="op.deviceConfirmForm" name="abort" value="yes">
                    Abort
                  </button>
                </div>`,
            ),
          );
        },
        successSource: (ctx) => {
          sendPage(
            ctx,
            page(
              'Signed in',
              html`<h1>Signed in</h1>
                <p class="notice ok">You are signed in on your device. You can close this page.</p>`,
            ),
          );
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          sendPage(
            ctx,
            page(
              'Sign out',
              html`<h1>Sign out?</h1>
                ${new SafeHtml(form)}
                <div class="actions">
                  <button class="reject" type="submit" form="op.logoutForm" name="logout" value="yes">
                    Sign out
                  </button>
                </div>`,
            ),
          );
        },
        postLogoutSuccessSource: (ctx) => {
          sendPage(ctx, page('Signed out', html`<h1>Signed out</h1>`));
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const person = bySubject.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: person.email,
          email_verified: person.emailVerified ?? true,
          name: person.name,
        }),
      };
    },
    renderError: (ctx, out) => {
      sendPage(
        ctx,
        page(
          'Sign-in error',
          html`<h1>Sign-in failed</h1>
            <p class="notice no">
              ${out.error}${out.error_description ? `: ${out.error_description}` : ''}
            </p>`,
        ),
        ctx.status >= 400 ? ctx.status : 400,
      );
    },
    ttl: {
      AccessToken: tokenTtl,
      IdToken: tokenTtl,
      AuthorizationCode: 60,
      DeviceCode: options.deviceCodeTtlSeconds ?? 600,
      Interaction: 3600,
      Session: 24 * 3600,
      Grant: 24 * 3600,
      RefreshToken: 24 * 3600,
      ClientCredentials: 600,
      BackchannelAuthenticationRequest: 600,
    },
  };

  const provider = new Provider(issuer, configuration);
  provider.proxy = options.trustProxy ?? false;
  provider.use(async (ctx: KoaContextWithOIDC, next) => {
    await next();
    if (
      ctx.oidc?.route === 'device_authorization' &&
      ctx.status === 200 &&
      ctx.body &&
      typeof ctx.body === 'object'
    )
      (ctx.body as Record<string, unknown>).interval = interval;
  });
  const providerHandler = provider.callback();

  const interaction = async (req: IncomingMessage, res: ServerResponse, uid: string, action: string) => {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    const clientId = typeof details.params.client_id === 'string' ? details.params.client_id : '';
    const clientName = options.clients.find((c) => c.clientId === clientId)?.name ?? clientId;
    const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : '';
    if (req.method === 'GET' && action === '' && details.prompt.name === 'consent') {
      // Consent is implied for the clients registered here (all first-party): grant exactly the scopes
      // idflow asks for, so the only page a person sees is the login form. (oidc-provider asks for consent
      // on every native client's request, the CLI's device grant included: the code confirmation page
      // before the login is where the person agreed.)
      const accountId = details.session?.accountId;
      if (!accountId) throw new Error('consent without a session');
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ clientId, accountId });
      if (!grant) throw new Error('grant not found');
      grant.addOIDCScope(GRANTED_SCOPE);
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
      return;
    }
    if (req.method === 'GET' && action === '') {
      res.writeHead(200, headers).end(loginForm(uid, clientName, hint));
      return;
    }
    if (req.method === 'POST' && action === 'login') {
      const form = await readForm(req);
      const email = (form.get('email') ?? '').trim();
      const person = people.get(email.toLowerCase());
      // One answer for an unknown address and a wrong password: the form does not confirm who has an account.
      if (!person || !passwordMatches(form.get('password') ?? '', person.password)) {
        res.writeHead(401, headers).end(loginForm(uid, clientName, email, 'Wrong e-mail or password.'));
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: subjectOf(person) } },
        {
          mergeWithLastSubmission: false,
        },
      );
      return;
    }
    if (req.method === 'POST' && action === 'abort') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The person cancelled the sign-in.' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    res.writeHead(405, { 'content-type': 'text/plain' }).end('method not allowed');
  };

  handle = (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const match = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/.exec(path);
    if (!match) {
      void providerHandler(req, res);
      return;
    }
    interaction(req, res, match[1] ?? '', match[2] ?? '').catch((err: unknown) => {
      // A missing or foreign interaction cookie (an expired sign-in, or a form posted from another site)
      // lands here: say so, without internals.
      if (res.headersSent) return;
      const reason =
        err instanceof Error && err.name === 'SessionNotFound'
          ? 'This sign-in has expired.'
          : 'This sign-in cannot continue.';
      res.writeHead(400, headers).end(
        page(
          'Sign-in error',
          html`<h1>Sign-in failed</h1>
            <p class="notice no">${reason} Start again from the application.</p>`,
        ),
      );
    });
  };

  return {
    issuer,
    provider,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What the people seeding needs from a JumpCloud user (the simulator's `SimUser` has it). */
export interface DirectoryPerson {
  email: string;
  firstname?: string;
  lastname?: string;
  state?: string;
  account_locked?: boolean;
  id?: string;
}

/**
 * The people of a (simulated) JumpCloud directory, all with one password — e.g.
 * `peopleFromDirectory(seedDirectory({ seed: 1, users: 50 }).users(), 'idflow-dev')`. As with JumpCloud as
 * the IdP, only activated, unlocked users can sign in; the JumpCloud user id is the subject.
 */
export function peopleFromDirectory(users: Iterable<DirectoryPerson>, password: string): LocalPerson[] {
  const people: LocalPerson[] = [];
  for (const user of users) {
    if ((user.state !== undefined && user.state !== 'ACTIVATED') || user.account_locked === true) continue;
    const name = [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email;
    people.push({ email: user.email, name, password, ...(user.id ? { subject: user.id } : {}) });
  }
  return people;
}
