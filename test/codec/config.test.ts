// Payload encryption as processes configure it: `idflow dev` writes a local key once and keeps it; the HTTP
// server's codec endpoint needs the keys, refuses `auth: none` off loopback, and without a token decodes
// only there; the worker's settings name the variable in every problem.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { keyring, parseKeyMaterial, payloadEncryption } from '../../src/codec/index.js';
import { DEV_CODEC_KEY_ID, ensureDevConfig } from '../../src/dev/devConfig.js';
import { buildServer } from '../../src/server/app.js';
import { loadServerConfig, ServerConfigError } from '../../src/server/config.js';
import { type ConfigError, loadWorkerConfig } from '../../src/worker/config.js';

describe('codec configuration of the processes', () => {
  it('idflow dev: a local key is made once, kept, and added to an older dev folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'idflow-devcodec-'));
    const first = await ensureDevConfig(dir);
    expect(DEV_CODEC_KEY_ID).toBe('dev');
    expect(parseKeyMaterial(first.secrets.IDFLOW_CODEC_KEY_DEV)).toHaveLength(32);
    expect((await ensureDevConfig(dir)).secrets.IDFLOW_CODEC_KEY_DEV).toBe(
      first.secrets.IDFLOW_CODEC_KEY_DEV,
    );
    const older = await mkdtemp(join(tmpdir(), 'idflow-devcodec-'));
    await writeFile(join(older, 'secrets.json'), JSON.stringify({ HRIS_WEBHOOK_SECRET: 'kept', EXTRA: 'x' }));
    const upgraded = await ensureDevConfig(older);
    const written = JSON.parse(await readFile(join(older, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(written.HRIS_WEBHOOK_SECRET).toBe('kept');
    expect(written.EXTRA).toBe('x');
    expect(written.IDFLOW_CODEC_KEY_DEV).toBe(upgraded.secrets.IDFLOW_CODEC_KEY_DEV);
  });

  it('the server: the codec endpoint needs the keys, and decodes without a token only on loopback', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'idflow-codecsrv-'));
    const key = randomBytes(32);
    const configPath = join(dir, 'server.yaml');
    const load = async (yaml: string, env: Record<string, string>, host = '127.0.0.1') => {
      await writeFile(configPath, yaml);
      return loadServerConfig({ env, configPath, host, port: 0 });
    };
    const problems = (p: Promise<unknown>) =>
      p.then(
        () => '',
        (e: unknown) => (e instanceof ServerConfigError ? e.problems.join('\n') : String(e)),
      );
    expect(await problems(load('codec: { auth: none }\n', {}))).toContain('IDFLOW_CODEC_KEYS is not set');
    const env = { IDFLOW_CODEC_KEYS: 'dev', IDFLOW_CODEC_KEY_DEV: key.toString('base64') };
    expect(await problems(load('codec: { auth: none }\n', env, '0.0.0.0'))).toContain(
      'codec.auth: none is allowed only on a loopback listen address',
    );
    expect(await problems(load('codec: {}\n', env))).toContain(
      'codec.auth: token needs at least one entry in tokens',
    );

    const config = await load("codec: { auth: none, cors: ['http://127.0.0.1:8233'] }\n", env);
    const server = buildServer({ config, client: new Client(), logger: pino({ level: 'silent' }) });
    const url = await server.listen();
    try {
      const [encoded] = await payloadEncryption(keyring([{ id: 'dev', key }])).codec.encode([
        defaultPayloadConverter.toPayload({ email: 'jordan.lee@example.com' }),
      ]);
      const json = {
        metadata: Object.fromEntries(
          Object.entries(encoded!.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
        data: Buffer.from(encoded!.data!).toString('base64'),
      };
      const res = await fetch(`${url}/codec/decode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://elsewhere.example' },
        body: JSON.stringify({ payloads: [json] }),
      });
      expect(res.status).toBe(200);
      // An origin not configured gets no CORS grant (a browser there cannot read the answer).
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const out = (await res.json()) as { payloads: { data: string }[] };
      expect(Buffer.from(out.payloads[0]!.data, 'base64').toString()).toContain('jordan.lee@example.com');
      const broken = await fetch(`${url}/codec/decode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ payloads: [{ ...json, data: Buffer.from('short').toString('base64') }] }),
      });
      expect(broken.status).toBe(400);
    } finally {
      await server.close();
    }
  });

  it('the worker: each problem names its variable, never a key', () => {
    const problems = (env: NodeJS.ProcessEnv): string => {
      try {
        loadWorkerConfig({ JUMPCLOUD_API_KEY: 'k', ...env });
        return '';
      } catch (err) {
        return (err as ConfigError).problems.join('\n');
      }
    };
    expect(problems({ IDFLOW_CODEC_KEYS: 'ok,not ok' })).toContain(
      'IDFLOW_CODEC_KEYS: "not ok" is not a key id',
    );
    expect(problems({ IDFLOW_CODEC_KEYS: 'a,a' })).toContain('IDFLOW_CODEC_KEYS: a key id is listed twice');
    const config = loadWorkerConfig({
      JUMPCLOUD_API_KEY: 'k',
      IDFLOW_CODEC_KEYS: 'b, a',
      IDFLOW_GUARDRAILS_FILE: 'g.yaml',
    });
    expect(config.codecKeyIds).toEqual(['b', 'a']);
    expect(config.guardrailsFile).toBe('g.yaml');
  });
});
