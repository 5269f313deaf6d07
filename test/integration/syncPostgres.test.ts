// The sync pipeline (test/sync/pipelineSuite.ts) against a PostgreSQL store: a throwaway cluster on
// loopback, skipped where no PostgreSQL binaries are installed.
import { afterAll, beforeAll, describe } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { findPgBin, startPgCluster, type PgCluster } from '../store/postgresCluster.js';
import { suite } from '../sync/pipelineSuite.js';

const pgBin = findPgBin();
describe.skipIf(!pgBin)('PostgreSQL', () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await startPgCluster(pgBin!);
  }, 60_000);
  afterAll(() => cluster?.stop());
  suite('PostgreSQL store', async () => {
    const db = await openStore(cluster.url);
    return { db, close: () => db.close() };
  });
});
