// `idflow login`: the OAuth 2.0 device authorization grant (RFC 8628). A terminal cannot receive a
// redirect, so the CLI asks the issuer for a user code, tells the person where to enter it (in any browser,
// where they sign in as usual), and polls the token endpoint until they have.
//
// The polling is openid-client's: it waits the `interval` the issuer asked for (5 s when it names none)
// before each request, keeps waiting on `authorization_pending`, adds 5 s on `slow_down`, honours
// Retry-After, and gives up when the device code's `expires_in` has passed. What is ours is telling the
// person what to do and turning the outcomes into errors that say it plainly.
import * as client from 'openid-client';

export interface DevicePrompt {
  /** Where to go (e.g. https://idp.example.com/device). */
  verificationUri: string;
  /** The same page with the code filled in, when the issuer offers one. */
  verificationUriComplete?: string;
  userCode: string;
  expiresInSeconds: number;
}

export interface DeviceLoginOptions {
  /** The CLI client's configuration (from `discover` with the CLI's public client id). */
  config: client.Configuration;
  /** Shows the person where to go and which code to enter; called once, before polling starts. */
  prompt(prompt: DevicePrompt): void;
  /** @default 'openid email profile' */
  scope?: string;
  /** Stops waiting (Ctrl-C). */
  signal?: AbortSignal;
}

export interface DeviceTokens {
  /** What the CLI sends to the idflow server, which verifies it (server/auth/oidc.ts). */
  idToken: string;
  accessToken: string;
  /** When the ID token expires (its `exp`), as an ISO time. */
  expiresAt: string;
}

export type DeviceLoginFailure = 'unsupported' | 'expired' | 'denied' | 'cancelled' | 'failed';

export class DeviceLoginError extends Error {
  constructor(
    readonly reason: DeviceLoginFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeviceLoginError';
  }
}

function failureOf(err: unknown, signal: AbortSignal | undefined): DeviceLoginError {
  if (signal?.aborted) return new DeviceLoginError('cancelled', 'login cancelled', { cause: err });
  if (err instanceof client.ResponseBodyError) {
    if (err.error === 'expired_token')
      return new DeviceLoginError(
        'expired',
        'the code expired before it was confirmed: run idflow login again',
        {
          cause: err,
        },
      );
    if (err.error === 'access_denied')
      return new DeviceLoginError('denied', 'the sign-in was declined in the browser', { cause: err });
    return new DeviceLoginError('failed', `the identity provider refused: ${err.error}`, { cause: err });
  }
  // Without a signal of ours, openid-client stops polling at the code's expires_in with a timeout.
  if (err instanceof client.ClientError && err.code === 'OAUTH_TIMEOUT')
    return new DeviceLoginError(
      'expired',
      'the code expired before it was confirmed: run idflow login again',
      {
        cause: err,
      },
    );
  const message = err instanceof Error ? err.message : String(err);
  return new DeviceLoginError('failed', `login failed: ${message}`, { cause: err });
}

/** Runs the device grant to the end; resolves with the tokens once the person has confirmed in a browser. */
export async function deviceLogin(options: DeviceLoginOptions): Promise<DeviceTokens> {
  if (!options.config.serverMetadata().device_authorization_endpoint)
    throw new DeviceLoginError(
      'unsupported',
      `${options.config.serverMetadata().issuer} does not offer the device authorization grant`,
    );
  let started: client.DeviceAuthorizationResponse;
  try {
    started = await client.initiateDeviceAuthorization(options.config, {
      scope: options.scope ?? 'openid email profile',
    });
  } catch (err) {
    throw failureOf(err, options.signal);
  }
  options.prompt({
    verificationUri: started.verification_uri,
    ...(started.verification_uri_complete
      ? { verificationUriComplete: started.verification_uri_complete }
      : {}),
    userCode: started.user_code,
    expiresInSeconds: started.expires_in,
  });
  // Stop at the code's expiry or at the caller's signal, whichever comes first.
  const expiry = AbortSignal.timeout(started.expires_in * 1000);
  const signal = options.signal ? AbortSignal.any([options.signal, expiry]) : expiry;
  let tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;
  try {
    tokens = await client.pollDeviceAuthorizationGrant(options.config, started, undefined, { signal });
  } catch (err) {
    throw failureOf(err, options.signal);
  }
  const claims = tokens.claims();
  if (!tokens.id_token || !claims)
    throw new DeviceLoginError(
      'failed',
      'the identity provider returned no ID token (is "openid" in the scope?)',
    );
  return {
    idToken: tokens.id_token,
    accessToken: tokens.access_token,
    expiresAt: new Date(claims.exp * 1000).toISOString(),
  };
}
