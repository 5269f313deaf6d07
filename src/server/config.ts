// `idflow server` configuration: the process environment (read here and nowhere else in src/server) plus
// the config file. Everything is resolved at start — secrets looked up, playbooks compiled, mapping
// expressions parsed and checked — so a typo stops the server with file:line:column instead of failing on
// the first event. Problems never quote a secret's value.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { UserError } from '../common/errors.js';
import { displayPath, readDocument, siblingResolver } from '../common/files.js';
import { operatorGuardrails } from '../guardrails/configEnv.js';
import { readTemporalConfig, TEMPORAL_SETTINGS, type TemporalConfig } from '../client/connection.js';
import { envValue } from '../common/env.js';
import { CODEC_SETTINGS, CodecConfigError, loadKeyring } from '../codec/config.js';
import type { Keyring } from '../codec/keys.js';
import { compilePlaybook, formatDiagnostic, parseDuration, type Plan } from '../dsl/index.js';
import { MIN_KEY_LENGTH } from '../trust/links.js';
import type { Access, BearerToken } from './bearer.js';
import {
  parseConfigFile,
  type ConfigFile,
  type ConfigProblem,
  type ServerConfigCode,
  type WebhookEntry,
} from './configFile.js';
import { MappingCompiler, type MappedValue, type MappingExpr } from './mapping.js';
import { PRESETS, type PresetName } from './presets.js';
import { loadSecretResolver, readSecretFile, SecretError, type SecretResolver } from './secrets.js';
import type { SignatureScheme } from './signature.js';
import type { YamlDocument, YamlPath as Path } from '../common/yaml.js';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** One row per environment variable the server reads (docs/server.md lists them). */
export const SERVER_SETTINGS = [
  ['IDFLOW_SERVER_CONFIG', '— (or --config)', 'the server config file (YAML or JSON)'],
  ...TEMPORAL_SETTINGS,
  ['IDFLOW_SECRETS_FILE', '—', 'file with named secrets (JSON object or NAME=value lines)'],
  ['IDFLOW_LOG_LEVEL', 'info', 'trace · debug · info · warn · error · fatal · silent'],
  ...CODEC_SETTINGS,
] as const;

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_LINK_TTL_MS = 72 * 3_600_000;
export const DEFAULT_MAX_SKEW_MS = 5 * 60_000;
/** Idempotency keys longer than this are refused (they become part of a workflow id). */
export const MAX_KEY_LENGTH = 200;

export interface WebhookRule {
  /** A label for logs and metrics (the rule's `name`, or its index). */
  name: string;
  when?: MappingExpr;
  forEach?: MappingExpr;
  plan: Plan;
  key: MappedValue;
  requestedBy?: MappedValue;
  inputs: MappedValue;
}

export interface WebhookSource {
  name: string;
  preset: PresetName;
  scheme: SignatureScheme;
  /** Signing secrets (more than one while rotating). */
  secrets: string[];
  maxSkewMs: number;
  /** The preset's body schema, and the config's own when it gives one. */
  bodySchema: Record<string, unknown>;
  isPing?: (body: Buffer) => boolean;
  rules: WebhookRule[];
}

export interface ServerConfig {
  temporal: TemporalConfig;
  host: string;
  port: number;
  /** The public base URL of approval links; derived from the listen address when absent. */
  publicUrl?: string;
  bodyLimit: number;
  trustProxy: boolean;
  logLevel: LogLevel;
  tokens: BearerToken[];
  approvals?: { key: string; ttlMs: number };
  metricsRequireToken: boolean;
  /** Playbooks POST /runs may start, by name. */
  playbooks: Map<string, Plan>;
  webhooks: WebhookSource[];
  /** Payload keys (IDFLOW_CODEC_KEYS): runs are started and read encrypted, and the codec endpoint decodes. */
  encryption?: Keyring;
  /** The codec endpoint, when configured. */
  codec?: { cors: string[]; auth: 'token' | 'none' };
}

export class ServerConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid server configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ServerConfigError';
  }
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** The config file; @default IDFLOW_SERVER_CONFIG */
  configPath?: string;
  /** Override `listen.host` / `listen.port` (command-line flags). */
  host?: string;
  port?: number;
}

/** Reads the environment and the config file; throws ServerConfigError listing every problem. */
export async function loadServerConfig(options: LoadOptions = {}): Promise<ServerConfig> {
  const env = options.env ?? process.env;
  const problems: string[] = [];
  const temporal = readTemporalConfig(env, problems);
  const logLevel = (envValue(env, 'IDFLOW_LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`IDFLOW_LOG_LEVEL: one of ${LOG_LEVELS.join(', ')}`);

  const path = options.configPath ?? envValue(env, 'IDFLOW_SERVER_CONFIG');
  if (!path)
    throw new ServerConfigError([...problems, 'no config file: pass --config or set IDFLOW_SERVER_CONFIG']);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ServerConfigError([
      ...problems,
      `${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    ]);
  }
  const file = displayPath(path);
  const parsed = parseConfigFile(text);
  if (!parsed.ok) throw new ServerConfigError([...problems, ...parsed.problems.map((p) => located(file, p))]);

  let secrets: SecretResolver;
  try {
    secrets = await loadSecretResolver(env, envValue(env, 'IDFLOW_SECRETS_FILE'));
  } catch (err) {
    throw new ServerConfigError([...problems, err instanceof Error ? err.message : String(err)]);
  }
  let encryption: Keyring | undefined;
  try {
    encryption = await loadKeyring(env);
  } catch (err) {
    if (!(err instanceof CodecConfigError)) throw err;
    problems.push(...err.problems);
  }
  const resolver = new Resolver(dirname(resolve(path)), parsed.source, secrets);
  const config: ServerConfig = { temporal, logLevel, ...(await resolver.resolve(parsed.config, options)) };
  problems.push(...resolver.problems.sort(byPosition).map((p) => located(file, p)));
  if (encryption) config.encryption = encryption;
  if (parsed.config.codec) {
    const auth = parsed.config.codec.auth ?? 'token';
    config.codec = { cors: parsed.config.codec.cors ?? [], auth };
    if (!encryption && problems.length === 0)
      problems.push(
        `${file}: codec: the codec endpoint needs the payload keys (IDFLOW_CODEC_KEYS is not set)`,
      );
    if (auth === 'none' && !isLoopback(config.host))
      problems.push(
        `${file}: codec.auth: none is allowed only on a loopback listen address (listen.host is ${config.host})`,
      );
    if (auth === 'token' && config.tokens.length === 0)
      problems.push(`${file}: codec.auth: token needs at least one entry in tokens`);
  }
  if (problems.length > 0) throw new ServerConfigError(problems);
  return config;
}

/**
 * What `idflow validate` checks in a server config: the YAML, the schema, and everything that needs no
 * environment — playbooks compile and fit their mappings, expressions parse, durations, webhook schemes.
 * Secrets are not looked up (they live where the server runs); the problems are in the order of the file.
 */
export async function checkServerConfigFile(path: string): Promise<ConfigProblem[]> {
  const parsed = parseConfigFile(await readFile(path, 'utf8'));
  if (!parsed.ok) return parsed.problems;
  const resolver = new Resolver(dirname(resolve(path)), parsed.source, 'placeholders');
  await resolver.resolve(parsed.config, {});
  return resolver.problems.sort(byPosition);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** Problems in the order of the file. */
function byPosition(a: ConfigProblem, b: ConfigProblem): number {
  return a.at.line - b.at.line || a.at.column - b.at.column;
}

function located(file: string, p: ConfigProblem): string {
  return `${file}:${p.at.line}:${p.at.column}: ${p.message}`;
}

/** Resolves one parsed config file, collecting problems with their positions. */
class Resolver {
  readonly problems: ConfigProblem[] = [];
  private readonly plans = new Map<string, Plan>();
  private readonly planFiles = new Map<string, string>();
  /** Each file compiles once, however many rules name it. */
  private readonly byFile = new Map<string, Promise<Plan | undefined>>();

  /** `secrets: 'placeholders'` checks the document alone: every secret resolves to a distinct stand-in. */
  constructor(
    private readonly baseDir: string,
    private readonly source: YamlDocument,
    private readonly secrets: SecretResolver | 'placeholders',
  ) {}

  private problem(code: ServerConfigCode, path: Path, message: string, key = false): void {
    this.problems.push({ code, message, at: this.source.pos(path, key) });
  }

  /** Everything the file decides (the environment adds Temporal and the log level). */
  async resolve(c: ConfigFile, options: LoadOptions): Promise<Omit<ServerConfig, 'temporal' | 'logLevel'>> {
    const tokens: BearerToken[] = [];
    for (const [i, t] of (c.tokens ?? []).entries()) {
      const value = await this.secret(['tokens', i], t.secret, t.secretFile);
      if (value === undefined) continue;
      if (value.length < 16)
        this.problem('server.secret', ['tokens', i], `token ${t.name}: at least 16 characters`);
      if (tokens.some((x) => x.name === t.name))
        this.problem('server.token', ['tokens', i, 'name'], `two tokens named ${t.name}`);
      // Two names for one value would make the second name (and its access) unreachable.
      const twin = tokens.find((x) => x.value === value);
      if (twin)
        this.problem(
          'server.token',
          ['tokens', i],
          `token ${t.name} has the same value as token ${twin.name}`,
        );
      tokens.push({ name: t.name, value, access: (t.access ?? 'write') satisfies Access });
    }

    let approvals: ServerConfig['approvals'];
    if (c.approvals) {
      const key = await this.secret(['approvals'], c.approvals.signingKey, c.approvals.signingKeyFile);
      if (key !== undefined && key.length < MIN_KEY_LENGTH)
        this.problem(
          'server.secret',
          ['approvals'],
          `the link-signing key must be at least ${MIN_KEY_LENGTH} characters`,
        );
      const ttlMs = c.approvals.ttl
        ? this.duration(['approvals', 'ttl'], c.approvals.ttl)
        : DEFAULT_LINK_TTL_MS;
      if (key !== undefined) approvals = { key, ttlMs };
    }

    for (const [i, p] of (c.playbooks ?? []).entries()) await this.plan(['playbooks', i], p);

    const webhooks: WebhookSource[] = [];
    for (const [name, entry] of Object.entries(c.webhooks ?? {})) {
      const source = await this.webhook(name, entry);
      if (source) webhooks.push(source);
    }

    return {
      host: options.host ?? c.listen?.host ?? DEFAULT_HOST,
      port: options.port ?? c.listen?.port ?? DEFAULT_PORT,
      ...(c.publicUrl ? { publicUrl: c.publicUrl.replace(/\/+$/, '') } : {}),
      bodyLimit: c.bodyLimit ?? DEFAULT_BODY_LIMIT,
      trustProxy: c.trustProxy ?? false,
      tokens,
      ...(approvals ? { approvals } : {}),
      metricsRequireToken: c.metrics?.requireToken ?? false,
      playbooks: this.plans,
      webhooks,
    };
  }

  private async secret(
    path: Path,
    name: string | undefined,
    file: string | undefined,
  ): Promise<string | undefined> {
    if (this.secrets === 'placeholders') {
      // Long enough for every length check; equal only when the same secret is named twice.
      const named = file !== undefined ? `file:${resolve(this.baseDir, file)}` : name;
      return named === undefined ? undefined : `placeholder:${named}`.padEnd(MIN_KEY_LENGTH, '.');
    }
    if (file !== undefined) {
      try {
        return await readSecretFile(resolve(this.baseDir, file));
      } catch (err) {
        this.problem('server.secret', path, err instanceof SecretError ? err.message : String(err));
        return undefined;
      }
    }
    if (name === undefined) return undefined;
    const value = this.secrets.resolve(name);
    if (value === undefined)
      this.problem(
        'server.secret',
        path,
        `secret ${name} is not set (looked in the environment and IDFLOW_SECRETS_FILE)`,
      );
    return value;
  }

  private duration(path: Path, text: string): number {
    const ms = parseDuration(text);
    if (ms === undefined || ms <= 0) {
      this.problem('server.duration', path, `not a duration: ${text}`);
      return 0;
    }
    return ms;
  }

  private plan(path: Path, file: string): Promise<Plan | undefined> {
    const full = resolve(this.baseDir, file);
    let pending = this.byFile.get(full);
    if (!pending) {
      pending = this.compile(path, file, full);
      this.byFile.set(full, pending);
    }
    return pending;
  }

  private async compile(path: Path, file: string, full: string): Promise<Plan | undefined> {
    let plan: Plan;
    try {
      // Compiled as `idflow compile` does: siblings resolved next to the file, the operator's guardrails.
      const guardrails = await operatorGuardrails();
      const result = compilePlaybook(await readDocument(full), displayPath(full), {
        ...siblingResolver,
        ...(guardrails ? { guardrails } : {}),
      });
      if (!result.ok) throw new UserError(result.diagnostics.map(formatDiagnostic).join('\n'));
      plan = result.plan;
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      this.problem(
        'server.playbook',
        path,
        `playbook ${file} does not compile:\n    ${err.message.split('\n').join('\n    ')}`,
      );
      return undefined;
    }
    const earlier = this.planFiles.get(plan.name);
    if (earlier !== undefined && earlier !== full) {
      this.problem(
        'server.playbook',
        path,
        `two different playbooks are named ${plan.name} (${displayPath(earlier)} and ${file})`,
      );
      return undefined;
    }
    this.plans.set(plan.name, plan);
    this.planFiles.set(plan.name, full);
    return plan;
  }

  private async webhook(name: string, entry: WebhookEntry): Promise<WebhookSource | undefined> {
    const at: Path = ['webhooks', name];
    const preset = PRESETS[entry.preset];
    const scheme: SignatureScheme = { ...preset.scheme };
    const o = entry.signature ?? {};
    if (o.header) scheme.header = o.header;
    if (o.algorithm) scheme.algorithm = o.algorithm;
    if (o.encoding) scheme.encoding = o.encoding;
    if (o.prefix !== undefined) scheme.prefix = o.prefix;
    if (o.payload) scheme.payload = o.payload;
    if (o.timestampHeader) {
      scheme.timestampHeader = o.timestampHeader;
      delete scheme.timestampField;
    }
    if (o.timestampField) {
      scheme.timestampField = o.timestampField;
      delete scheme.timestampHeader;
    }
    if (scheme.payload !== '{body}' && !scheme.timestampHeader)
      this.problem(
        'server.webhook',
        [...at, 'signature'],
        `payload ${scheme.payload} signs a timestamp header: set timestampHeader`,
      );

    const names =
      entry.secret === undefined ? [] : Array.isArray(entry.secret) ? entry.secret : [entry.secret];
    const secrets: string[] = [];
    if (entry.secretFile !== undefined) {
      const v = await this.secret([...at, 'secretFile'], undefined, entry.secretFile);
      if (v !== undefined) secrets.push(v);
    }
    for (const n of names) {
      const v = await this.secret([...at, 'secret'], n, undefined);
      if (v !== undefined) secrets.push(v);
    }

    let bodySchema = preset.bodySchema;
    if (entry.schema) {
      try {
        new Ajv2020({ strict: false }).compile(entry.schema);
        bodySchema = { allOf: [preset.bodySchema, entry.schema] };
      } catch (err) {
        this.problem(
          'server.webhook',
          [...at, 'schema'],
          `not a valid JSON Schema: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }

    const compiler = new MappingCompiler(this.source);
    const rules: WebhookRule[] = [];
    for (const [i, r] of entry.events.entries()) {
      const rp: Path = [...at, 'events', i];
      const plan = await this.plan([...rp, 'playbook'], r.playbook);
      const when = r.when === undefined ? undefined : compiler.wholeExpression(r.when, [...rp, 'when']);
      const forEach =
        r.forEach === undefined ? undefined : compiler.wholeExpression(r.forEach, [...rp, 'forEach']);
      const key = compiler.value(r.key, [...rp, 'key']);
      const requestedBy =
        r.requestedBy === undefined ? undefined : compiler.value(r.requestedBy, [...rp, 'requestedBy']);
      const inputs = compiler.value(r.inputs, [...rp, 'inputs']);
      if (plan) this.checkInputNames(plan, r.inputs, [...rp, 'inputs']);
      if (!plan) continue;
      rules.push({
        name: r.name ?? String(i),
        ...(when ? { when } : {}),
        ...(forEach ? { forEach } : {}),
        plan,
        key,
        ...(requestedBy ? { requestedBy } : {}),
        inputs,
      });
    }
    for (const p of compiler.problems) this.problems.push({ code: 'server.expression', ...p });
    return {
      name,
      preset: preset.name,
      scheme,
      secrets,
      maxSkewMs: entry.maxSkew ? this.duration([...at, 'maxSkew'], entry.maxSkew) : DEFAULT_MAX_SKEW_MS,
      bodySchema,
      ...(preset.isPing ? { isPing: preset.isPing } : {}),
      rules,
    };
  }

  /** An input the playbook does not declare, or a required one left out, is a config error, not a 400 later. */
  private checkInputNames(plan: Plan, inputs: Record<string, unknown>, path: Path): void {
    const schema = plan.inputs as { properties?: Record<string, { default?: unknown }>; required?: string[] };
    const declared = Object.keys(schema.properties ?? {});
    for (const name of Object.keys(inputs)) {
      if (!declared.includes(name))
        this.problem(
          'server.inputs',
          [...path, name],
          `playbook ${plan.name} has no input \`${name}\` (it has: ${declared.join(', ') || 'none'})`,
          true,
        );
    }
    for (const name of schema.required ?? []) {
      if (!(name in inputs))
        this.problem('server.inputs', path, `playbook ${plan.name} needs input \`${name}\``);
    }
  }
}
