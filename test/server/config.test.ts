// The server config: a good file resolves (secrets, playbooks, expressions); a bad one stops the server at
// start with every problem at file:line:column, and never quotes a secret.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadServerConfig, ServerConfigError } from '../../src/server/config.js';
import { serverConfigSchema } from '../../src/server/configSchema.js';
import { evaluateMapped } from '../../src/server/mapping.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../schemas/server-config.schema.json', import.meta.url));
const ONBOARDING = fileURLToPath(new URL('../../examples/onboarding.yaml', import.meta.url));
const OFFBOARDING = fileURLToPath(new URL('../../examples/offboarding.yaml', import.meta.url));

const ENV = {
  HRIS_SECRET: 'hris-secret-value-0123456789',
  LINK_KEY: 'link-key-value-0123456789-0123456789-abcdef',
  OPS_TOKEN: 'ops-token-value-0123456789',
};

async function load(
  yaml: string,
  env: Record<string, string> = ENV,
): Promise<ReturnType<typeof loadServerConfig>> {
  const dir = await mkdtemp(join(tmpdir(), 'idflow-server-config-'));
  const path = join(dir, 'server.yaml');
  await writeFile(path, yaml);
  return loadServerConfig({ env, configPath: path });
}

async function problems(yaml: string, env?: Record<string, string>): Promise<string[]> {
  try {
    await load(yaml, env);
  } catch (err) {
    if (err instanceof ServerConfigError)
      return err.problems.map((p) => p.replace(/^.*server\.yaml:/, 'server.yaml:'));
    throw err;
  }
  throw new Error('expected the config to be refused');
}

const GOOD = `
listen: { host: 127.0.0.1, port: 0 }
publicUrl: https://idflow.example.com/
tokens:
  - { name: ops, secret: OPS_TOKEN }
approvals: { signingKey: LINK_KEY, ttl: 48h }
webhooks:
  hris:
    preset: generic
    secret: HRIS_SECRET
    maxSkew: 2m
    events:
      - name: hire
        when: \${{ event.type == 'employee.hired' }}
        playbook: ${ONBOARDING}
        key: \${{ event.id }}
        inputs:
          email: \${{ event.data.email }}
          firstname: \${{ event.data.first }}
          lastname: \${{ event.data.last }}
          department: Engineering
          manager: \${{ event.data.manager }}
          startDate: \${{ event.data.start }}
          jobTitle: '\${{ event.data.first }} the \${{ event.data.title }}'
      - name: leave
        when: \${{ event.type == 'employee.terminated' }}
        playbook: ${OFFBOARDING}
        key: \${{ event.id }}
        inputs: { email: '\${{ event.data.email }}', lastDay: '\${{ event.data.lastDay }}' }
`;

describe('server config', () => {
  it('resolves a good file: secrets, playbooks by name, compiled mappings', async () => {
    const c = await load(GOOD);
    expect(c.publicUrl).toBe('https://idflow.example.com');
    expect(c.tokens).toEqual([{ name: 'ops', value: ENV.OPS_TOKEN, access: 'write' }]);
    expect(c.approvals).toEqual({ key: ENV.LINK_KEY, ttlMs: 48 * 3_600_000 });
    expect([...c.playbooks.keys()].sort()).toEqual(['offboarding', 'onboarding']);
    const hris = c.webhooks[0];
    expect(hris).toMatchObject({
      name: 'hris',
      preset: 'generic',
      secrets: [ENV.HRIS_SECRET],
      maxSkewMs: 120_000,
    });
    const rule = hris?.rules[0];
    if (!rule) throw new Error('no rule');
    const event = {
      id: 'e1',
      type: 'employee.hired',
      data: {
        email: 'a@example.com',
        first: 'Ada',
        last: 'L',
        manager: 'm@example.com',
        start: '2030-01-01',
        title: 'Engineer',
      },
    };
    expect(evaluateMapped(rule.inputs, { event, headers: {} })).toMatchObject({
      email: 'a@example.com',
      department: 'Engineering',
      jobTitle: 'Ada the Engineer',
    });
    expect(evaluateMapped(rule.key, { event, headers: {} })).toBe('e1');
  });

  it('reports a YAML syntax error once, where it starts', async () => {
    expect(await problems('webhooks:\n  hris: { preset: generic, secret: ${{ x }}, events: [] }\n')).toEqual([
      expect.stringMatching(/^server\.yaml:2:\d+: /),
    ]);
  });

  it('reports schema problems at their line and column', async () => {
    const found = await problems(`
listen: { host: 127.0.0.1, prot: 8080 }
bodyLimit: 12
webhooks:
  Bad_Name:
    preset: workday
    secret: HRIS_SECRET
    events: []
  ok:
    preset: generic
    secret: HRIS_SECRET
    secretFile: /dev/null
    events:
      - { playbook: x.yaml, key: k }
`);
    expect(found).toEqual(
      expect.arrayContaining([
        'server.yaml:2:28: unknown key `prot`',
        expect.stringMatching(/^server\.yaml:3:12: `bodyLimit` must be >= 1024/),
        expect.stringMatching(/^server\.yaml:5:3: `Bad_Name` is not a valid name/),
        expect.stringMatching(
          /^server\.yaml:6:13: `webhooks.Bad_Name.preset` must be one of "generic", "bamboohr", "hibob"/,
        ),
        'server.yaml:10:5: give exactly one of `secret`, `secretFile`',
        'server.yaml:14:9: missing `inputs`',
      ]),
    );
  });

  it('parses every expression at start: a typo or a syntax error has its exact position', async () => {
    const found = await problems(`
webhooks:
  hris:
    preset: generic
    secret: HRIS_SECRET
    events:
      - when: \${{ evnt.type == 'x' }}
        playbook: ${OFFBOARDING}
        key: 'hr-\${{ event.id + }}'
        inputs: { email: '\${{ event.email }}', lastDay: '2030-01-01', nickname: x }
`);
    expect(found).toEqual([
      expect.stringMatching(/^server\.yaml:7:19: expression `evnt\.type == 'x'`: Unknown variable: evnt/),
      expect.stringMatching(/^server\.yaml:9:32: expression `event\.id \+` does not parse/),
      expect.stringMatching(/^server\.yaml:10:71: playbook offboarding has no input `nickname`/),
    ]);
  });

  it('names a missing secret and where it was looked for, never printing any secret value', async () => {
    const found = await problems(GOOD, { HRIS_SECRET: ENV.HRIS_SECRET, LINK_KEY: 'short' });
    expect(found).toEqual([
      'server.yaml:5:5: secret OPS_TOKEN is not set (looked in the environment and IDFLOW_SECRETS_FILE)',
      'server.yaml:6:12: the link-signing key must be at least 32 characters',
    ]);
    expect(found.join('\n')).not.toContain('short');
    expect(found.join('\n')).not.toContain(ENV.HRIS_SECRET);
  });

  it('reports a playbook that does not compile, and an input the playbook requires but the mapping leaves out', async () => {
    const found = await problems(`
webhooks:
  hris:
    preset: generic
    secret: HRIS_SECRET
    events:
      - playbook: ${OFFBOARDING}
        key: x
        inputs: { email: a@example.com }
      - playbook: ./missing.yaml
        key: x
        inputs: {}
`);
    expect(found).toEqual([
      'server.yaml:9:17: playbook offboarding needs input `lastDay`',
      expect.stringMatching(/^server\.yaml:10:19: playbook \.\/missing\.yaml does not compile:/),
    ]);
  });

  it('publishes the schema: schemas/server-config.schema.json is configSchema.ts', async () => {
    const expected = `${JSON.stringify(serverConfigSchema, null, 2)}\n`;
    if (process.env.UPDATE_SCHEMAS === '1') await writeFile(SCHEMA_FILE, expected);
    const published = JSON.parse(await readFile(SCHEMA_FILE, 'utf8')) as unknown;
    expect(published, 'run UPDATE_SCHEMAS=1 npx vitest run test/server/config.test.ts').toEqual(
      serverConfigSchema,
    );
  });
});
