// The relying party: idflow signs people in with the company's OpenID Connect provider (JumpCloud, Okta,
// Google, Entra — any issuer) and trusts one thing from it, the ID token, verified here.
//
// Two libraries by one author, each for what it does best: `openid-client` speaks the protocol (discovery,
// PKCE, state and nonce, the code exchange, the device grant's polling), `jose` verifies ID tokens against
// the issuer's published keys (a cached remote key set, refetched when the issuer rotates). The principal
// comes ONLY from a token that passed `IdTokenVerifier.verify` — the web sign-in and the CLI's token (sent
// with each request) both go through it, so there is one set of rules:
//   signature by a key in the issuer's JWKS, asymmetric algorithms only · `iss` the configured issuer ·
//   `aud` one of the configured client ids (and `azp` one of them when there are several audiences) ·
//   `exp`, `nbf` and `iat` within a small clock skew · `nonce` when the sign-in set one · an `email` that
//   the issuer says is verified. Anything else is an `IdTokenRefusedError` with a reason a caller can act on.
import * as client from 'openid-client';
import { createRemoteJWKSet, errors as jose, jwtVerify, type JWTPayload } from 'jose';
import { isLoopbackHost } from '../../common/loopback.js';

/** Who signed in: the verified e-mail is the identity idflow uses (approver lists name e-mails). */
export interface Principal {
  /** Lower case, so that comparisons with approver lists do not depend on how the IdP spells it. */
  email: string;
  name?: string;
  /** The issuer's stable id for the person (`sub`). */
  subject: string;
  issuer: string;
}

export interface OidcClientSettings {
  /** The issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** The web client's secret (resolved by the caller from a named secret); none for the CLI's public client. */
  clientSecret?: string;
  /** Per request to the issuer, in seconds. @default 10 */
  timeoutSeconds?: number;
}

export type IdTokenRefusal =
  | 'malformed'
  | 'bad-signature'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'expired'
  | 'not-yet-valid'
  | 'nonce-mismatch'
  | 'no-email'
  | 'unverified-email'
  /** The issuer's keys could not be fetched: not the token's fault, worth retrying. */
  | 'keys-unavailable';

/** An ID token idflow does not accept; `reason` says why, the message says it to a person. */
export class IdTokenRefusedError extends Error {
  constructor(
    readonly reason: IdTokenRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'IdTokenRefusedError';
  }
}

export type OidcFailure =
  'discovery-failed' | 'insecure-issuer' | 'denied' | 'state-mismatch' | 'exchange-failed' | 'no-id-token';

/** The protocol around the token failed (issuer unreachable, sign-in cancelled, a forged callback…). */
export class OidcError extends Error {
  constructor(
    readonly reason: OidcFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OidcError';
  }
}

function requireSecureUrl(url: URL, what: string): void {
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return;
  throw new OidcError('insecure-issuer', `${what} ${url.href} must use https (plain http only on loopback)`);
}

/** Fetches the issuer's metadata; the result is what every other call here takes. */
export async function discover(settings: OidcClientSettings): Promise<client.Configuration> {
  let issuer: URL;
  try {
    issuer = new URL(settings.issuer);
  } catch {
    throw new OidcError('discovery-failed', `the OIDC issuer "${settings.issuer}" is not a URL`);
  }
  requireSecureUrl(issuer, 'the OIDC issuer');
  const auth =
    settings.clientSecret === undefined ? client.None() : client.ClientSecretBasic(settings.clientSecret);
  try {
    return await client.discovery(issuer, settings.clientId, undefined, auth, {
      timeout: settings.timeoutSeconds ?? 10,
      ...(issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
    });
  } catch (err) {
    throw new OidcError(
      'discovery-failed',
      `cannot read the OIDC configuration of ${issuer.href}: ${describe(err)}`,
      {
        cause: err,
      },
    );
  }
}

function describe(err: unknown): string {
  if (err instanceof client.ResponseBodyError)
    return `${err.error}${err.error_description ? `: ${err.error_description}` : ''}`;
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}

export interface IdTokenVerifierOptions {
  issuer: string;
  jwksUri: string | URL;
  /** The client ids whose tokens idflow accepts (the web client's and the CLI's). */
  audiences: readonly string[];
  /** Clock skew allowed on exp, nbf and iat, in seconds. @default 30 */
  skewSeconds?: number;
}

export interface VerifyOptions {
  /** The nonce this sign-in sent; required to match when given. */
  nonce?: string;
  /** "Now", for tests. @default the current time */
  now?: Date;
}

/** Algorithms an ID token may be signed with: asymmetric only, so no key from the JWKS can be a MAC secret. */
export const ID_TOKEN_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'EdDSA',
  'Ed25519',
];

export interface IdTokenVerifier {
  verify(idToken: string, options?: VerifyOptions): Promise<Principal>;
}

function refusalOf(err: unknown, options: IdTokenVerifierOptions): IdTokenRefusedError {
  if (err instanceof jose.JWTExpired) return new IdTokenRefusedError('expired', 'the ID token has expired');
  if (err instanceof jose.JWTClaimValidationFailed) {
    if (err.claim === 'iss')
      return new IdTokenRefusedError('wrong-issuer', `the ID token was not issued by ${options.issuer}`);
    if (err.claim === 'aud')
      return new IdTokenRefusedError('wrong-audience', 'the ID token was issued to another application');
    if (err.claim === 'nbf') return new IdTokenRefusedError('not-yet-valid', 'the ID token is not valid yet');
    return new IdTokenRefusedError('malformed', `the ID token's "${err.claim}" claim is missing or invalid`);
  }
  if (
    err instanceof jose.JWSSignatureVerificationFailed ||
    err instanceof jose.JWKSNoMatchingKey ||
    err instanceof jose.JOSEAlgNotAllowed
  )
    return new IdTokenRefusedError('bad-signature', `the ID token is not signed by ${options.issuer}`);
  if (err instanceof jose.JWKSTimeout || err instanceof jose.JWKSInvalid || !(err instanceof jose.JOSEError))
    return new IdTokenRefusedError(
      'keys-unavailable',
      `cannot fetch the signing keys of ${options.issuer}: ${describe(err)}`,
    );
  return new IdTokenRefusedError('malformed', 'the ID token is not a valid signed JWT');
}

/** A verifier with its own cached copy of the issuer's keys: build one per issuer and keep it. */
export function createIdTokenVerifier(options: IdTokenVerifierOptions): IdTokenVerifier {
  const jwksUri = new URL(options.jwksUri);
  requireSecureUrl(jwksUri, "the issuer's jwks_uri");
  // jose caches the key set (10 min) and refetches at most every 30 s when a token names an unknown key id,
  // which is how an issuer's key rotation is picked up without hammering it with forged tokens.
  const keys = createRemoteJWKSet(jwksUri, { timeoutDuration: 5_000 });
  const skew = options.skewSeconds ?? 30;
  const audiences = [...options.audiences];
  return {
    async verify(idToken, verifyOptions = {}) {
      const now = verifyOptions.now ?? new Date();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(idToken, keys, {
          issuer: options.issuer,
          audience: audiences,
          algorithms: ID_TOKEN_ALGORITHMS,
          clockTolerance: skew,
          currentDate: now,
          requiredClaims: ['sub', 'exp', 'iat'],
        }));
      } catch (err) {
        throw refusalOf(err, options);
      }
      // jose checks iat only against a maximum age; a token "issued" in the future is as wrong as one expired.
      if (typeof payload.iat === 'number' && payload.iat > now.getTime() / 1000 + skew)
        throw new IdTokenRefusedError('not-yet-valid', 'the ID token says it was issued in the future');
      if (Array.isArray(payload.aud) && payload.aud.length > 1 && !audiences.includes(String(payload.azp)))
        throw new IdTokenRefusedError('wrong-audience', 'the ID token was issued to another application');
      if (verifyOptions.nonce !== undefined && payload.nonce !== verifyOptions.nonce)
        throw new IdTokenRefusedError('nonce-mismatch', 'the ID token belongs to another sign-in');
      const email = payload.email;
      if (typeof email !== 'string' || email === '')
        throw new IdTokenRefusedError(
          'no-email',
          'the ID token carries no e-mail (ask for the "email" scope)',
        );
      if (payload.email_verified !== true)
        throw new IdTokenRefusedError(
          'unverified-email',
          `${options.issuer} has not verified the e-mail ${email}`,
        );
      return {
        email: email.toLowerCase(),
        ...(typeof payload.name === 'string' && payload.name !== '' ? { name: payload.name } : {}),
        subject: String(payload.sub),
        issuer: options.issuer,
      };
    },
  };
}

/** The verifier for a discovered issuer, accepting tokens issued to any of `audiences`. */
export function verifierFor(config: client.Configuration, audiences: readonly string[]): IdTokenVerifier {
  const metadata = config.serverMetadata();
  if (!metadata.jwks_uri) throw new OidcError('discovery-failed', `${metadata.issuer} publishes no jwks_uri`);
  return createIdTokenVerifier({ issuer: metadata.issuer, jwksUri: metadata.jwks_uri, audiences });
}

/** What the server keeps (in a short-lived, signed cookie) between sending a person off and their return. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
}

/** The URL to send a person to for signing in: authorization code flow with PKCE (S256), state and nonce. */
export async function startSignIn(
  config: client.Configuration,
  redirectUri: string,
  options: { loginHint?: string } = {},
): Promise<{ url: URL; pending: PendingSignIn }> {
  const codeVerifier = client.randomPKCECodeVerifier();
  const pending: PendingSignIn = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier,
    redirectUri,
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    response_type: 'code',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ...(options.loginHint ? { login_hint: options.loginHint } : {}),
  });
  return { url, pending };
}

/**
 * Completes a sign-in from the callback URL the browser arrived at: checks the state, exchanges the code
 * with the PKCE verifier, and returns the principal of the verified ID token (nonce included).
 */
export async function finishSignIn(
  config: client.Configuration,
  callbackUrl: URL,
  pending: PendingSignIn,
  verifier: IdTokenVerifier,
): Promise<Principal> {
  let tokens: client.TokenEndpointResponse;
  try {
    tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
  } catch (err) {
    if (err instanceof client.AuthorizationResponseError)
      throw new OidcError('denied', `the identity provider refused the sign-in: ${describe(err)}`, {
        cause: err,
      });
    if (
      err instanceof client.ClientError &&
      err.code === 'OAUTH_INVALID_RESPONSE' &&
      /state/.test(describe(err))
    )
      throw new OidcError('state-mismatch', 'the sign-in response belongs to another sign-in', {
        cause: err,
      });
    throw new OidcError('exchange-failed', `the sign-in could not be completed: ${describe(err)}`, {
      cause: err,
    });
  }
  if (!tokens.id_token) throw new OidcError('no-id-token', 'the identity provider returned no ID token');
  return verifier.verify(tokens.id_token, { nonce: pending.nonce });
}
