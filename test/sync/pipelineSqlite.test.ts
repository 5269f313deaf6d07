// The sync pipeline (pipelineSuite.ts) against a SQLite store in a temp file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open.js';
import { suite } from './pipelineSuite.js';

suite('SQLite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'idflow-pipeline-'));
  const db = await openStore(`sqlite:${join(dir, 's.sqlite')}`);
  return {
    db,
    close: async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
