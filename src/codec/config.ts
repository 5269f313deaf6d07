// Payload encryption settings, shared by the worker, the CLI and the HTTP server: which key ids exist (the
// first encrypts, all decrypt) and where each key is — a named secret looked up in the environment, then in
// IDFLOW_SECRETS_FILE. Without IDFLOW_CODEC_KEYS nothing is encrypted. Problems name the setting and the
// key id, never a key.
import { readFile } from 'node:fs/promises';
import { keyring, KEY_ID_PATTERN, parseKeyMaterial, type CodecKey, type Keyring } from './keys.js';
import { createSecretResolver, SecretsFileError } from '../secrets/resolver.js';
import { envValue } from '../common/env.js';

export const CODEC_SETTINGS = [
  [
    'IDFLOW_CODEC_KEYS',
    '—',
    'payload encryption: comma-separated key ids; the first encrypts, all decrypt (rotate by adding one in front)',
  ],
  [
    'IDFLOW_CODEC_KEY_<ID>',
    '—',
    'the 256-bit key of each id (base64 or 64 hex digits), from the environment or IDFLOW_SECRETS_FILE',
  ],
] as const;

/** The secret holding a key: `IDFLOW_CODEC_KEY_` and the id, upper-case, other characters as `_`. */
export function codecKeySecretName(id: string): string {
  return `IDFLOW_CODEC_KEY_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The configured key ids, or undefined when encryption is off. Pushes a problem per bad id. */
export function readCodecKeyIds(env: NodeJS.ProcessEnv, problems: string[]): string[] | undefined {
  const raw = envValue(env, 'IDFLOW_CODEC_KEYS');
  if (raw === undefined) return undefined;
  const ids = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) problems.push('IDFLOW_CODEC_KEYS: list at least one key id');
  for (const id of ids)
    if (!KEY_ID_PATTERN.test(id))
      problems.push(`IDFLOW_CODEC_KEYS: "${id}" is not a key id (letters, digits, . _ -; up to 64)`);
  if (new Set(ids).size !== ids.length) problems.push('IDFLOW_CODEC_KEYS: a key id is listed twice');
  return ids;
}

/** Looks each key up by its secret name; pushes a problem per missing or malformed key. */
export function resolveKeyring(
  ids: readonly string[],
  lookup: (name: string) => string | undefined,
  problems: string[],
): Keyring | undefined {
  const keys: CodecKey[] = [];
  for (const id of ids) {
    const name = codecKeySecretName(id);
    const value = lookup(name);
    if (value === undefined) {
      problems.push(`${name}: the key of id "${id}" (IDFLOW_CODEC_KEYS) is not set`);
      continue;
    }
    const key = parseKeyMaterial(value);
    if (!key) problems.push(`${name}: not a 256-bit key (32 bytes as base64, or 64 hex digits)`);
    else keys.push({ id, key });
  }
  return keys.length === ids.length && keys.length > 0 ? keyring(keys) : undefined;
}

export class CodecConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'CodecConfigError';
  }
}

/**
 * The keyring from the environment and the secrets file, for processes that have no config of their own
 * (the CLI, the HTTP server). Undefined when encryption is off; CodecConfigError when misconfigured.
 */
export async function loadKeyring(env: NodeJS.ProcessEnv = process.env): Promise<Keyring | undefined> {
  const problems: string[] = [];
  const ids = readCodecKeyIds(env, problems);
  if (problems.length > 0) throw new CodecConfigError(problems);
  if (ids === undefined) return undefined;
  const file = envValue(env, 'IDFLOW_SECRETS_FILE');
  let fileContent: string | undefined;
  if (file) {
    try {
      fileContent = await readFile(file, 'utf8');
    } catch (err) {
      throw new CodecConfigError([
        `IDFLOW_SECRETS_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      ]);
    }
  }
  let resolver;
  try {
    // The codec's own secrets are operator config: no name is reserved.
    resolver = createSecretResolver({
      env,
      ...(fileContent !== undefined ? { fileContent } : {}),
      reservedEnvPrefixes: [],
    });
  } catch (err) {
    if (err instanceof SecretsFileError)
      throw new CodecConfigError(err.problems.map((p) => `IDFLOW_SECRETS_FILE ${file ?? ''}: ${p}`));
    throw err;
  }
  const keys = resolveKeyring(ids, (name) => resolver.resolve(name), problems);
  if (problems.length > 0 || !keys) throw new CodecConfigError(problems);
  return keys;
}
