// The store's contract (test/store/contract.ts) against PostgreSQL: a throwaway cluster on loopback
// (test/store/postgresCluster.ts), skipped where no PostgreSQL binaries are installed.
import { afterAll, beforeAll, describe } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { contract } from '../store/contract.js';
import { findPgBin, startPgCluster, type PgCluster } from '../store/postgresCluster.js';

const pgBin = findPgBin();

describe.skipIf(!pgBin)('PostgreSQL (a throwaway cluster on loopback)', () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await startPgCluster(pgBin!);
  }, 60_000);
  afterAll(() => cluster?.stop());
  contract('PostgreSQL', async () => {
    const db = await openStore(cluster.url);
    return { db, close: () => db.close() };
  });
});
