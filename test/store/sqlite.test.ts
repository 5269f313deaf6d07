// The store's contract (contract.ts) against SQLite in a temp file, and parsing where a store lives.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStoreLocation } from '../../src/store/config.js';
import { openStore } from '../../src/store/open.js';
import { numberPlaceholders } from '../../src/store/postgres.js';
import { contract } from './contract.js';

describe('store locations', () => {
  it('parses sqlite paths and postgres URLs, and refuses others', () => {
    expect(parseStoreLocation('sqlite:/var/lib/idflow/s.db')).toEqual({
      kind: 'sqlite',
      path: '/var/lib/idflow/s.db',
    });
    expect(parseStoreLocation('data/s.db')).toEqual({ kind: 'sqlite', path: 'data/s.db' });
    expect(parseStoreLocation('postgres://u:p@h:5432/d')).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@h:5432/d',
    });
    expect(() => parseStoreLocation('mysql://h/d')).toThrow(/unsupported store/);
    expect(() => parseStoreLocation('sqlite:')).toThrow(/file path/);
    expect(numberPlaceholders('a = ? AND b IN (?, ?)')).toBe('a = $1 AND b IN ($2, $3)');
  });
});

contract('SQLite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'idflow-store-'));
  const db = await openStore(`sqlite:${join(dir, 'sub', 'snapshots.sqlite')}`);
  return {
    db,
    close: async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
