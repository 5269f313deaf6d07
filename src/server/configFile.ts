// The server config file: YAML or JSON, checked against schemas/server-config.schema.json, every problem
// reported as file:line:column. Only the shape is checked here; config.ts resolves secrets, compiles the
// playbooks and the mapping expressions.
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { serverConfigSchema } from './configSchema.js';
import {
  readYaml,
  YAML_PROBLEM_CODES,
  type SourcePos,
  type YamlDocument,
  type YamlPath as Path,
} from '../common/yaml.js';

/** The file's shape once the schema has accepted it (mirrors configSchema.ts). */
export interface ConfigFile {
  apiVersion?: 'idflow/v1';
  kind?: 'ServerConfig';
  listen?: { host?: string; port?: number };
  publicUrl?: string;
  bodyLimit?: number;
  trustProxy?: boolean;
  playbooks?: string[];
  tokens?: TokenEntry[];
  approvals?: { signingKey?: string; signingKeyFile?: string; ttl?: string };
  metrics?: { requireToken?: boolean };
  codec?: { cors?: string[]; auth?: 'token' | 'none' };
  webhooks?: Record<string, WebhookEntry>;
}

export interface TokenEntry {
  name: string;
  secret?: string;
  secretFile?: string;
  access?: 'read' | 'write';
}

export interface SignatureOverrides {
  header?: string;
  timestampHeader?: string;
  timestampField?: string;
  algorithm?: 'sha256' | 'sha512';
  encoding?: 'hex' | 'base64';
  prefix?: string;
  payload?: '{timestamp}.{body}' | '{body}{timestamp}' | '{body}';
}

export interface WebhookEntry {
  preset: 'generic' | 'bamboohr' | 'hibob';
  secret?: string | string[];
  secretFile?: string;
  maxSkew?: string;
  signature?: SignatureOverrides;
  schema?: Record<string, unknown>;
  events: EventRuleEntry[];
}

export interface EventRuleEntry {
  name?: string;
  when?: string | boolean;
  forEach?: string;
  playbook: string;
  key: string;
  requestedBy?: string;
  inputs: Record<string, unknown>;
}

/** Stable codes of the config's problems (`idflow validate --json` and tests match on these). */
export const SERVER_CONFIG_CODES = {
  ...YAML_PROBLEM_CODES,
  schema: 'a value does not match the config schema',
  'server.secret': 'a secret is not set, cannot be read, or is too short',
  'server.token': 'two API tokens share a name or a value',
  'server.duration': 'not a duration',
  'server.playbook': 'a playbook the config names does not compile, or two share a name',
  'server.inputs': 'a mapping gives an input the playbook does not have, or leaves out one it needs',
  'server.expression': 'a mapping expression does not parse, or names something not in scope',
  'server.webhook': 'a webhook signature scheme or body schema that cannot work',
} as const;

export type ServerConfigCode = keyof typeof SERVER_CONFIG_CODES;

export interface ConfigProblem {
  code: ServerConfigCode;
  message: string;
  at: SourcePos;
}

/** Largest config file read: anything bigger is a mistake, not a config. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
const validate = ajv.compile<ConfigFile>(serverConfigSchema);

function pathOf(instancePath: string): Path {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function isRequiredChoice(schema: unknown): string[] | undefined {
  if (!Array.isArray(schema)) return undefined;
  const names = schema.map((b: unknown) => {
    const req = (b as { required?: unknown } | null)?.required;
    return Array.isArray(req) && req.length === 1 && typeof req[0] === 'string' ? req[0] : undefined;
  });
  return names.every((n): n is string => n !== undefined) ? names : undefined;
}

function schemaProblems(errors: ErrorObject[], source: YamlDocument): ConfigProblem[] {
  // A oneOf between `required` branches (secret | secretFile) reports each branch's miss too; say it once.
  const choices = new Set(
    errors.filter((e) => e.keyword === 'oneOf' && isRequiredChoice(e.schema)).map((e) => e.instancePath),
  );
  const out: ConfigProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'required' && choices.has(e.instancePath) && e.schemaPath.includes('/oneOf/')) continue;
    // An `if`-less oneOf over value shapes (a name or a list of names) reports the branch errors; keep those.
    if (e.keyword === 'oneOf' && !isRequiredChoice(e.schema)) continue;
    const path = pathOf(e.instancePath);
    let message: string;
    let at: SourcePos;
    if (e.keyword === 'additionalProperties') {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      message = `unknown key \`${key}\``;
      at = source.pos([...path, key], true);
    } else if (e.keyword === 'required') {
      message = `missing \`${String((e.params as { missingProperty: string }).missingProperty)}\``;
      at = source.pos(path);
    } else if (e.keyword === 'oneOf') {
      const names = isRequiredChoice(e.schema) ?? [];
      message = `give exactly one of ${names.map((n) => `\`${n}\``).join(', ')}`;
      at = source.pos(path);
    } else if (e.keyword === 'enum') {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v));
      message = `\`${path.join('.')}\` must be one of ${allowed.join(', ')}`;
      at = source.pos(path);
    } else if (e.keyword === 'propertyNames') {
      message = `\`${String((e.params as { propertyName: string }).propertyName)}\` is not a valid name: lower-case letters, digits and dashes`;
      at = source.pos([...path, String((e.params as { propertyName: string }).propertyName)], true);
    } else {
      message = `\`${path.join('.') || '(config)'}\` ${e.message ?? 'is invalid'}`;
      at = source.pos(path);
    }
    const k = `${at.line}:${at.column}:${message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ code: 'schema', message, at });
  }
  return out;
}

export function parseConfigFile(
  text: string,
): { ok: true; config: ConfigFile; source: YamlDocument } | { ok: false; problems: ConfigProblem[] } {
  // An empty file is a config that keeps every default.
  const read = readYaml(text, { expected: 'a server config', maxBytes: MAX_CONFIG_BYTES, emptyAs: {} });
  if (!read.ok) {
    // After the first syntax error the parser has lost its footing; what it says next is mostly noise.
    const first = read.problems[0];
    return { ok: false, problems: first ? [{ code: first.code, message: first.message, at: first.at }] : [] };
  }
  const source = read.document;
  const value = source.value;
  if (!validate(value)) return { ok: false, problems: schemaProblems(validate.errors ?? [], source) };
  return { ok: true, config: value, source };
}
