// The CLI's token file: where it lives (XDG respected), who may read it (0600 in a 0700 directory), how it
// is replaced (atomically, no temporary file left), one entry per issuer, expiry read back with a margin.
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CredentialsFileError,
  credentialsPath,
  readCredential,
  removeCredential,
  saveCredential,
  type StoredCredential,
} from '../../src/cli/auth/credentials.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'idflow-credentials-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

const credential = (issuer: string, expiresAt: string): StoredCredential => ({
  issuer,
  clientId: 'idflow-cli',
  idToken: `token-of-${issuer}`,
  expiresAt,
  email: 'morgan.chen@example.com',
});

describe('CLI credentials file', () => {
  it('lives under XDG_CONFIG_HOME when it is absolute, else ~/.config', () => {
    expect(credentialsPath({ XDG_CONFIG_HOME: '/xdg' }, '/home/u')).toBe('/xdg/idflow/credentials.json');
    expect(credentialsPath({}, '/home/u')).toBe('/home/u/.config/idflow/credentials.json');
    expect(credentialsPath({ XDG_CONFIG_HOME: 'relative' }, '/home/u')).toBe(
      '/home/u/.config/idflow/credentials.json',
    );
  });

  it('is written 0600 in a 0700 directory, atomically, one entry per issuer', async () => {
    const path = credentialsPath({}, home);
    await saveCredential(path, credential('https://a.example', '2030-01-01T00:00:00.000Z'));
    await saveCredential(path, credential('https://b.example', '2030-01-01T00:00:00.000Z'));
    await saveCredential(path, {
      ...credential('https://a.example', '2031-01-01T00:00:00.000Z'),
      idToken: 'newer',
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(dirname(path))).mode & 0o777).toBe(0o700);
    expect(await readdir(dirname(path))).toEqual(['credentials.json']);
    const file = JSON.parse(await readFile(path, 'utf8')) as { issuers: Record<string, StoredCredential> };
    expect(Object.keys(file.issuers).sort()).toEqual(['https://a.example', 'https://b.example']);
    expect(file.issuers['https://a.example']?.idToken).toBe('newer');
  });

  it('reads back valid, expired (within the margin) and missing', async () => {
    const path = credentialsPath({}, home);
    await saveCredential(path, credential('https://a.example', '2030-01-01T00:00:00.000Z'));
    const before = new Date('2029-12-31T23:58:00.000Z');
    const within = new Date('2029-12-31T23:59:30.000Z');
    expect((await readCredential(path, 'https://a.example', { now: before })).status).toBe('valid');
    expect((await readCredential(path, 'https://a.example', { now: within })).status).toBe('expired');
    expect((await readCredential(path, 'https://other.example', { now: before })).status).toBe('missing');
    expect((await readCredential(join(home, 'nothing.json'), 'https://a.example')).status).toBe('missing');
  });

  it('forgets one issuer and keeps the others', async () => {
    const path = credentialsPath({}, home);
    await saveCredential(path, credential('https://a.example', '2030-01-01T00:00:00.000Z'));
    await saveCredential(path, credential('https://b.example', '2030-01-01T00:00:00.000Z'));
    expect(await removeCredential(path, 'https://a.example')).toBe(true);
    expect(await removeCredential(path, 'https://a.example')).toBe(false);
    expect((await readCredential(path, 'https://b.example', { now: new Date(0) })).status).toBe('valid');
  });

  it('refuses a file others can read, and one that is not a credentials file, naming the path', async () => {
    const path = credentialsPath({}, home);
    await saveCredential(path, credential('https://a.example', '2030-01-01T00:00:00.000Z'));
    await chmod(path, 0o644);
    await expect(readCredential(path, 'https://a.example')).rejects.toThrow(CredentialsFileError);
    await expect(readCredential(path, 'https://a.example')).rejects.toThrow(path);
    await writeFile(path, '{not json', { mode: 0o600 });
    await chmod(path, 0o600);
    await expect(readCredential(path, 'https://a.example')).rejects.toThrow(/not valid JSON/);
  });
});
