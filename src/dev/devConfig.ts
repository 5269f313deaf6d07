// The files `idflow dev` works from, written once into its data folder and kept: a secrets file with
// random development secrets (webhook signing secret, approval-link key, an API token) and a server config
// that wires an HRIS-style webhook to the onboarding and offboarding examples. They are also a worked
// example of a real configuration.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DevSecrets {
  HRIS_WEBHOOK_SECRET: string;
  APPROVAL_LINK_KEY: string;
  IDFLOW_API_TOKEN: string;
  /** The local payload encryption key (key id `dev`): histories on the dev server hold no personal data in clear. */
  IDFLOW_CODEC_KEY_DEV: string;
}

/** The key id `idflow dev` encrypts with (its key is IDFLOW_CODEC_KEY_DEV in secrets.json). */
export const DEV_CODEC_KEY_ID = 'dev';

export interface DevConfig {
  serverConfigPath: string;
  secretsPath: string;
  secrets: DevSecrets;
}

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

/**
 * The HRIS webhook mapping of the dev config (and the tests): a generic-preset source whose "hired" events
 * start onboarding and "terminated" events offboarding, keyed by the event id. Indented to sit under
 * `webhooks:`.
 */
export function hrisWebhookYaml(options: { source: string; secret: string; examples: string }): string {
  const { source, secret, examples } = options;
  return `  ${source}:
    preset: generic
    secret: ${secret}
    events:
      - name: hire
        when: \${{ event.type == 'employee.hired' }}
        playbook: ${join(examples, 'onboarding.yaml')}
        key: \${{ event.id }}
        inputs:
          email: \${{ event.data.workEmail }}
          firstname: \${{ event.data.firstName }}
          lastname: \${{ event.data.lastName }}
          department: \${{ event.data.department }}
          manager: \${{ event.data.managerEmail }}
          startDate: \${{ event.data.startDate }}
          activationTime: "\${{ has(event.data.startTime) ? event.data.startTime : '07:00' }}"
          employeeId: "\${{ has(event.data.employeeId) ? event.data.employeeId : '' }}"
      - name: leave
        when: \${{ event.type == 'employee.terminated' }}
        playbook: ${join(examples, 'offboarding.yaml')}
        key: \${{ event.id }}
        inputs:
          email: \${{ event.data.workEmail }}
          lastDay: \${{ event.data.lastDay }}
`;
}

function serverYaml(examples: string): string {
  return `# yaml-language-server: $schema=${resolve(examples, '../schemas/server-config.schema.json')}
# Written by \`idflow dev\`; edit freely, it is not overwritten. Secrets are names, looked up in secrets.json.
playbooks:
  - ${join(examples, 'access-request.yaml')}
  - ${join(examples, 'password-reset.yaml')}
  - ${join(examples, 'mfa-reset.yaml')}
tokens:
  - { name: dev, secret: IDFLOW_API_TOKEN, access: write }
approvals: { signingKey: APPROVAL_LINK_KEY, ttl: 72h }
webhooks:
${hrisWebhookYaml({ source: 'hris', secret: 'HRIS_WEBHOOK_SECRET', examples })}`;
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Returns the dev config, creating what is missing. */
export async function ensureDevConfig(dataDir: string): Promise<DevConfig> {
  await mkdir(dataDir, { recursive: true });
  const secretsPath = join(dataDir, 'secrets.json');
  const serverConfigPath = join(dataDir, 'server.yaml');
  const existing = await readJson(secretsPath);
  const secret = (name: keyof DevSecrets, make = (): string => randomBytes(24).toString('hex')): string =>
    typeof existing?.[name] === 'string' ? existing[name] : make();
  const secrets: DevSecrets = {
    HRIS_WEBHOOK_SECRET: secret('HRIS_WEBHOOK_SECRET'),
    APPROVAL_LINK_KEY: secret('APPROVAL_LINK_KEY'),
    IDFLOW_API_TOKEN: secret('IDFLOW_API_TOKEN'),
    IDFLOW_CODEC_KEY_DEV: secret('IDFLOW_CODEC_KEY_DEV', () => randomBytes(32).toString('base64')),
  };
  // Written when new, and once more when an older dev folder lacks a secret added since (kept otherwise).
  if (!existing || Object.keys(secrets).some((k) => !(k in existing)))
    await writeFile(secretsPath, JSON.stringify({ ...existing, ...secrets }, null, 2) + '\n', {
      mode: 0o600,
    });
  if (!(await readFile(serverConfigPath, 'utf8').catch(() => undefined)))
    await writeFile(serverConfigPath, serverYaml(EXAMPLES));
  return { serverConfigPath, secretsPath, secrets };
}
