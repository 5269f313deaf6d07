// Named secrets for the HTTP server: the config file names a secret (`secret: BAMBOOHR_WEBHOOK_KEY`) or a
// file holding it; the value is looked up once, at start, and never written anywhere. The resolution is
// the worker's (src/secrets/resolver.ts): the process environment, then IDFLOW_SECRETS_FILE. Unlike a
// playbook, the server's own config is written by operators, so no environment name is reserved.
import { readFile } from 'node:fs/promises';
import { createSecretResolver, SecretsFileError, type SecretResolver } from '../secrets/resolver.js';

export type { SecretResolver } from '../secrets/resolver.js';

/** Why a secret could not be had: names the secret and the place looked, never a value. */
export class SecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretError';
  }
}

/** The server's secrets: the environment, then the secrets file (read here, once, at start). */
export async function loadSecretResolver(
  env: NodeJS.ProcessEnv,
  secretsFile: string | undefined,
): Promise<SecretResolver> {
  let fileContent: string | undefined;
  if (secretsFile) {
    try {
      fileContent = await readFile(secretsFile, 'utf8');
    } catch (err) {
      throw new SecretError(
        `IDFLOW_SECRETS_FILE ${secretsFile}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  try {
    return createSecretResolver({
      env,
      ...(fileContent !== undefined ? { fileContent } : {}),
      reservedEnvPrefixes: [],
    });
  } catch (err) {
    if (err instanceof SecretsFileError)
      throw new SecretError(`IDFLOW_SECRETS_FILE ${secretsFile ?? ''}: ${err.problems.join('; ')}`);
    throw err;
  }
}

/** A secret kept in a file of its own (e.g. a mounted Kubernetes secret); one trailing newline is dropped. */
export async function readSecretFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SecretError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const value = text.replace(/\r?\n$/, '');
  if (!value) throw new SecretError(`${path}: the file is empty`);
  return value;
}
