// Finding the time-skipping test server, in the order the README gives: TEMPORAL_TEST_SERVER_PATH, then the
// cache; building is the integration tier's business (test/integration/timeSkippingServer.test.ts).
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTimeSkippingServer, timeSkippingServerCacheDir } from './timeSkippingServer.js';

describe('resolving the time-skipping test server', () => {
  let cache: string;
  beforeAll(async () => {
    cache = await mkdtemp(join(tmpdir(), 'idflow-cache-'));
  });
  afterAll(() => rm(cache, { recursive: true, force: true }));

  it('takes TEMPORAL_TEST_SERVER_PATH first, and refuses one that is not an executable', async () => {
    const launcher = join(cache, 'elsewhere');
    await writeFile(launcher, '#!/bin/sh\n');
    await chmod(launcher, 0o755);
    const env = { IDFLOW_CACHE_DIR: cache, TEMPORAL_TEST_SERVER_PATH: launcher };
    expect(await resolveTimeSkippingServer({ env })).toEqual({ source: 'env', path: launcher });
    await expect(
      resolveTimeSkippingServer({ env: { ...env, TEMPORAL_TEST_SERVER_PATH: join(cache, 'nothing') } }),
    ).rejects.toThrow(/TEMPORAL_TEST_SERVER_PATH is set to .*nothing, but no executable/);
  });

  it('then the cache; without either and without building, the SDK download is what is left', async () => {
    const env = { IDFLOW_CACHE_DIR: cache, PATH: '' };
    expect(await resolveTimeSkippingServer({ env, build: false })).toMatchObject({ source: 'sdk-download' });
    const dir = timeSkippingServerCacheDir(env);
    expect(dir.startsWith(cache)).toBe(true);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'temporal-test-server'), '#!/bin/sh\n');
    await chmod(join(dir, 'temporal-test-server'), 0o755);
    expect(await resolveTimeSkippingServer({ env, build: false })).toEqual({
      source: 'cache',
      path: join(dir, 'temporal-test-server'),
    });
  });

  it('reports what is missing to build one, instead of failing', async () => {
    const env = { IDFLOW_CACHE_DIR: join(cache, 'empty'), PATH: '' };
    const found = await resolveTimeSkippingServer({ env });
    expect(found.source).toBe('sdk-download');
    expect(found.source === 'sdk-download' && found.reason).toMatch(/no Maven to build/);
  });
});
