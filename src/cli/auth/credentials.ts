// Where `idflow login` keeps its tokens: one file in the user's config directory
// ($XDG_CONFIG_HOME/idflow/credentials.json, else ~/.config/idflow/credentials.json), one entry per issuer,
// readable by the user alone. An ID token there lets whoever reads it act as the person until it expires,
// so the file is created 0600 in a 0700 directory, replaced atomically (write a temporary file beside it,
// fsync, rename: a crash leaves the old file or the new one, never half of one), and refused when its
// permissions have been opened up — as ssh refuses a private key others can read.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface StoredCredential {
  issuer: string;
  clientId: string;
  idToken: string;
  accessToken?: string;
  /** When the ID token expires (ISO time). */
  expiresAt: string;
  /** Who signed in, for `idflow login --status` and messages; the server reads it from the token. */
  email?: string;
}

interface CredentialsFile {
  version: 1;
  issuers: Record<string, StoredCredential>;
}

export class CredentialsFileError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'CredentialsFileError';
  }
}

/** The credentials file's path; the caller passes its environment and home directory (this reads neither). */
export function credentialsPath(env: Readonly<Record<string, string | undefined>>, homeDir: string): string {
  // XDG: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(homeDir, '.config');
  return join(base, 'idflow', 'credentials.json');
}

function isCredential(value: unknown): value is StoredCredential {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.issuer === 'string' &&
    typeof v.clientId === 'string' &&
    typeof v.idToken === 'string' &&
    typeof v.expiresAt === 'string' &&
    !Number.isNaN(Date.parse(v.expiresAt))
  );
}

async function readFileOf(path: string): Promise<CredentialsFile> {
  let text: string;
  try {
    const info = await stat(path);
    if ((info.mode & 0o077) !== 0)
      throw new CredentialsFileError(
        path,
        `readable by others (mode ${(info.mode & 0o777).toString(8)}): remove it and run idflow login again`,
      );
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, issuers: {} };
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CredentialsFileError(path, 'not valid JSON: remove it and run idflow login again');
  }
  const file = parsed as Partial<CredentialsFile>;
  if (file.version !== 1 || typeof file.issuers !== 'object' || file.issuers === null)
    throw new CredentialsFileError(
      path,
      'not an idflow credentials file: remove it and run idflow login again',
    );
  const issuers: Record<string, StoredCredential> = {};
  for (const [issuer, entry] of Object.entries(file.issuers))
    if (isCredential(entry)) issuers[issuer] = entry;
  return { version: 1, issuers };
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temporary = join(dir, `.credentials.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  // 'wx': never follow or reuse something already at that name; 0600 from the first byte.
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await chmod(temporary, 0o600); // the umask may have taken bits away, never added; this is to be exact
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

/** Stores (or replaces) the credential of its issuer; other issuers' entries are kept. */
export async function saveCredential(path: string, credential: StoredCredential): Promise<void> {
  const file = await readFileOf(path);
  file.issuers[credential.issuer] = credential;
  await writeAtomically(path, `${JSON.stringify(file, null, 2)}\n`);
}

/** Forgets the issuer's credential (`idflow logout`); true if there was one. */
export async function removeCredential(path: string, issuer: string): Promise<boolean> {
  const file = await readFileOf(path);
  if (!(issuer in file.issuers)) return false;
  delete file.issuers[issuer];
  await writeAtomically(path, `${JSON.stringify(file, null, 2)}\n`);
  return true;
}

export type CredentialLookup =
  | { status: 'valid'; credential: StoredCredential }
  | { status: 'expired'; credential: StoredCredential }
  | { status: 'missing' };

/**
 * The stored credential for `issuer`. A token that expires within `marginSeconds` counts as expired: it
 * could run out between here and the server. @default margin 60 s, now the current time
 */
export async function readCredential(
  path: string,
  issuer: string,
  options: { now?: Date; marginSeconds?: number } = {},
): Promise<CredentialLookup> {
  const credential = (await readFileOf(path)).issuers[issuer];
  if (!credential) return { status: 'missing' };
  const now = (options.now ?? new Date()).getTime();
  const expired = Date.parse(credential.expiresAt) - (options.marginSeconds ?? 60) * 1000 <= now;
  return { status: expired ? 'expired' : 'valid', credential };
}
