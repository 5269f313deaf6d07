// Named secrets (ARCHITECTURE: "secrets are named, never passed"). A playbook says `secret: CHAT_WEBHOOK_URL`;
// the activity asks a SecretResolver for the value, so only the name ever reaches the workflow history.
// The resolver is built from what the worker's config read (the environment, a secrets file's text): it
// never reads process.env or files itself. No message, error or log line here carries a value.
import { ApplicationFailure } from '@temporalio/common';

export interface SecretResolver {
  /** The secret's value, or undefined when no secret has that name. */
  resolve(name: string): string | undefined;
  /** Where it looks, for messages (e.g. "the worker environment and the secrets file"). */
  readonly describeSources: string;
}

export interface SecretResolverOptions {
  /** The worker's environment (the worker passes `process.env`). @default no environment */
  env?: Readonly<Record<string, string | undefined>>;
  /** The text of the secrets file: a JSON object of strings, or `NAME=value` lines. @default no file */
  fileContent?: string;
  /**
   * Environment names no playbook may read: the worker's own credentials (the JumpCloud API key, the
   * Temporal API key and TLS files, idflow's settings). A secrets-file entry is never reserved.
   * @default ['JUMPCLOUD_', 'TEMPORAL_', 'IDFLOW_']
   */
  reservedEnvPrefixes?: readonly string[];
}

export const DEFAULT_RESERVED_ENV_PREFIXES = ['JUMPCLOUD_', 'TEMPORAL_', 'IDFLOW_'] as const;

/** The secrets file could not be read; `problems` name lines and keys, never values. */
export class SecretsFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid secrets file:\n  ${problems.join('\n  ')}`);
    this.name = 'SecretsFileError';
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses a secrets file: a JSON object whose values are strings, or lines of `NAME=value` (blank lines and
 * `#` comments skipped, an optional `export ` prefix, values optionally in matching single or double quotes).
 */
export function parseSecretsFile(text: string): Map<string, string> {
  const secrets = new Map<string, string>();
  const problems: string[] = [];
  if (text.trimStart().startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new SecretsFileError(['not valid JSON']);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new SecretsFileError(['expected a JSON object of NAME: "value"']);
    for (const [name, value] of Object.entries(parsed)) {
      if (!NAME.test(name)) problems.push(`key "${name}": not a valid secret name`);
      else if (typeof value !== 'string') problems.push(`key "${name}": the value must be a string`);
      else secrets.set(name, value);
    }
  } else {
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const match = /^(?:export\s+)?([^=\s]+)\s*=(.*)$/.exec(line);
      const name = match?.[1];
      if (!match || name === undefined || !NAME.test(name)) {
        problems.push(`line ${index + 1}: expected NAME=value`);
        return;
      }
      let value = (match[2] ?? '').trim();
      const quote = value[0];
      if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote))
        value = value.slice(1, -1);
      secrets.set(name, value);
    });
  }
  if (problems.length > 0) throw new SecretsFileError(problems);
  return secrets;
}

export function createSecretResolver(options: SecretResolverOptions = {}): SecretResolver {
  const env = options.env ?? {};
  const file =
    options.fileContent === undefined ? new Map<string, string>() : parseSecretsFile(options.fileContent);
  const reserved = options.reservedEnvPrefixes ?? DEFAULT_RESERVED_ENV_PREFIXES;
  const sources = [
    ...(options.env ? ['the worker environment'] : []),
    ...(options.fileContent !== undefined ? ['the secrets file'] : []),
  ];
  return {
    resolve(name) {
      if (!NAME.test(name)) return undefined;
      const fromEnv = reserved.some((prefix) => name.startsWith(prefix)) ? undefined : env[name];
      if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
      return file.get(name);
    },
    describeSources: sources.length > 0 ? sources.join(' and ') : 'no secret source (none configured)',
  };
}

/** A resolver that knows no secret: what activities get when the worker configured none. */
export const NO_SECRETS: SecretResolver = createSecretResolver();

/** The failure for a name that resolves to nothing: not retried (the worker's config must change). */
export function secretNotFound(action: string, name: string, resolver: SecretResolver): ApplicationFailure {
  return ApplicationFailure.create({
    message: `${action}: no secret named ${name} (looked in ${resolver.describeSources})`,
    type: 'IdflowSecretNotFound',
    nonRetryable: true,
    details: [{ secret: name }],
  });
}

/** Replaces every occurrence of the given secret values in `text` (defence in depth for echoed values). */
export function redactSecrets(text: string, values: readonly string[]): string {
  let out = text;
  // Very short values would shred ordinary words; no real credential or webhook URL is that short.
  for (const value of values) if (value.length >= 6) out = out.split(value).join('[redacted]');
  return out;
}
