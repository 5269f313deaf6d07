// The worker's configuration: the only module that reads the process environment. Every setting is
// typed, validated and documented here and in the README's table; a bad value stops the worker with a
// message naming the variable.

import { CODEC_SETTINGS, readCodecKeyIds } from '../codec/config.js';
import { readTemporalConfig, TEMPORAL_SETTINGS, type TemporalConfig } from '../client/connection.js';
import { envValue } from '../common/env.js';
import { DEFAULT_STORE, parseStoreLocation, StoreConfigError, type StoreLocation } from '../store/config.js';
import { insightsUrlFor } from '../activities/sync/insights/client.js';

export interface WorkerConfig {
  temporal: TemporalConfig;
  jumpcloud: {
    baseUrl: string;
    apiKey: string;
    orgId?: string;
  };
  /** A JSON or `NAME=value` file with the secrets playbooks refer to by name (e.g. chat webhook URLs). */
  secretsFile?: string;
  /** Hosts `http.request` may call. Empty: none. */
  httpAllowHosts: string[];
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  /** Refuse every mutating action (evidence-only deployments). */
  readOnly: boolean;
  /** A pre-built workflow bundle (from `idflow bundle`); otherwise the worker bundles at start. */
  workflowBundlePath?: string;
  /** Serve Prometheus metrics on this host:port. */
  metricsAddress?: string;
  /** How long in-flight activities get to finish after SIGTERM/SIGINT. */
  shutdownGraceMs: number;
  /** "Approval needed" messages: the chat channel (a secret name) and the links to the HTTP server. */
  approvals: { channelSecret?: string; links?: { publicUrl: string; key: string } };
  /** Where directory snapshots are kept. */
  store: StoreLocation;
  /** The directory sync's limits and its Directory Insights root. */
  sync: { concurrency: number; requestsPerSecond: number; insightsUrl: string };
  /** The operator's guardrails file (YAML or JSON); without one, the default policy applies. */
  guardrailsFile?: string;
  /** Payload encryption key ids (the first encrypts); the keys are secrets, resolved at start. */
  codecKeyIds?: string[];
}

/** One row per setting: the README's configuration table is this list. */
export const WORKER_SETTINGS = [
  ...TEMPORAL_SETTINGS,
  ['JUMPCLOUD_API_KEY', 'required', 'JumpCloud admin API key (never logged)'],
  ['JUMPCLOUD_ORG_ID', '—', 'organization id, for multi-tenant (MSP) admins'],
  [
    'JUMPCLOUD_BASE_URL',
    'https://console.jumpcloud.com',
    'JumpCloud API root (EU: https://console.eu.jumpcloud.com; the simulator: its URL)',
  ],
  ['IDFLOW_SECRETS_FILE', '—', 'file with named secrets (JSON object or NAME=value lines)'],
  ['IDFLOW_HTTP_ALLOW_HOSTS', '—', 'comma-separated hosts `http.request` may call'],
  ['IDFLOW_LOG_LEVEL', 'info', 'trace · debug · info · warn · error · fatal · silent'],
  ['IDFLOW_READ_ONLY', 'false', 'true: every mutating action fails, non-retryably'],
  ['IDFLOW_WORKFLOW_BUNDLE', '—', 'path of a pre-built workflow bundle'],
  ['IDFLOW_METRICS_ADDRESS', '—', 'host:port for Prometheus metrics (e.g. 127.0.0.1:9464)'],
  ['IDFLOW_SHUTDOWN_GRACE', '30s', 'time in-flight activities get on SIGTERM/SIGINT'],
  [
    'IDFLOW_APPROVAL_CHANNEL',
    '—',
    'name of the secret holding the chat webhook URL "approval needed" messages go to',
  ],
  ['IDFLOW_PUBLIC_URL', '—', "the HTTP server's public URL, for the approve/reject links in those messages"],
  [
    'IDFLOW_APPROVAL_LINK_KEY',
    '—',
    "the server's link-signing key (≥ 32 characters; same as its `approvals.signingKey`)",
  ],
  ['IDFLOW_STORE', DEFAULT_STORE, 'directory snapshots: `sqlite:<path>` or a `postgres://` URL'],
  ['IDFLOW_SYNC_CONCURRENCY', '8', 'groups or devices the directory sync pages at once'],
  ['IDFLOW_SYNC_RATE', '0', "ceiling on the sync's JumpCloud requests per second (0: none)"],
  [
    'JUMPCLOUD_INSIGHTS_URL',
    'from JUMPCLOUD_BASE_URL',
    'Directory Insights root (default: api.jumpcloud.com/insights/directory/v1, regional alike)',
  ],
  [
    'IDFLOW_GUARDRAILS_FILE',
    '—',
    'the guardrails file: allow/deny lists, protected users, caps (docs/safety.md); default: admin groups denied',
  ],
  ...CODEC_SETTINGS,
] as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

function parseBool(name: string, value: string | undefined, problems: string[]): boolean {
  if (value === undefined || value === '') return false;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  problems.push(`${name}: expected true or false, got "${value}"`);
  return false;
}

function parseGrace(value: string | undefined, problems: string[]): number {
  if (!value) return 30_000;
  const m = /^(\d+)(ms|s|m)?$/.exec(value.trim());
  if (!m) {
    problems.push(`IDFLOW_SHUTDOWN_GRACE: expected a duration like 30s, got "${value}"`);
    return 30_000;
  }
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1_000;
}

/** Reads the worker's settings from an environment; throws ConfigError listing every problem. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const problems: string[] = [];
  const get = (name: string): string | undefined => envValue(env, name);

  const jumpcloudKey = get('JUMPCLOUD_API_KEY');
  if (!jumpcloudKey) problems.push('JUMPCLOUD_API_KEY: required (a JumpCloud admin API key)');
  const baseUrl = get('JUMPCLOUD_BASE_URL') ?? 'https://console.jumpcloud.com';
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
  } catch {
    problems.push(`JUMPCLOUD_BASE_URL: not an http(s) URL: "${baseUrl}"`);
  }

  const cert = get('TEMPORAL_TLS_CERT');
  const key = get('TEMPORAL_TLS_KEY');
  if (Boolean(cert) !== Boolean(key))
    problems.push('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY: give both or neither');
  const logLevel = (get('IDFLOW_LOG_LEVEL') ?? 'info') as WorkerConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`IDFLOW_LOG_LEVEL: one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);

  const config: WorkerConfig = {
    temporal: readTemporalConfig(env, problems),
    jumpcloud: { baseUrl, apiKey: jumpcloudKey ?? '' },
    httpAllowHosts: (get('IDFLOW_HTTP_ALLOW_HOSTS') ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    logLevel,
    readOnly: parseBool('IDFLOW_READ_ONLY', get('IDFLOW_READ_ONLY'), problems),
    shutdownGraceMs: parseGrace(get('IDFLOW_SHUTDOWN_GRACE'), problems),
    approvals: {},
    store: { kind: 'sqlite', path: '' },
    sync: { concurrency: 8, requestsPerSecond: 0, insightsUrl: '' },
  };
  if (cert && key) {
    const ca = get('TEMPORAL_TLS_CA');
    const serverName = get('TEMPORAL_TLS_SERVER_NAME');
    config.temporal.tls = {
      certPath: cert,
      keyPath: key,
      ...(ca ? { caPath: ca } : {}),
      ...(serverName ? { serverName } : {}),
    };
  }
  const temporalKey = get('TEMPORAL_API_KEY');
  if (temporalKey) config.temporal.apiKey = temporalKey;
  const orgId = get('JUMPCLOUD_ORG_ID');
  if (orgId) config.jumpcloud.orgId = orgId;
  const secretsFile = get('IDFLOW_SECRETS_FILE');
  if (secretsFile) config.secretsFile = secretsFile;
  const bundle = get('IDFLOW_WORKFLOW_BUNDLE');
  if (bundle) config.workflowBundlePath = bundle;
  const metrics = get('IDFLOW_METRICS_ADDRESS');
  if (metrics) config.metricsAddress = metrics;

  config.approvals = readApprovalAnnouncements(get, problems);
  const guardrailsFile = get('IDFLOW_GUARDRAILS_FILE');
  if (guardrailsFile) config.guardrailsFile = guardrailsFile;
  const codecKeyIds = readCodecKeyIds(env, problems);
  if (codecKeyIds) config.codecKeyIds = codecKeyIds;
  config.store = readStoreLocation(env, problems);
  config.sync = readSyncSettings(get, baseUrl, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

const MIN_LINK_KEY_LENGTH = 32;

function readApprovalAnnouncements(
  get: (name: string) => string | undefined,
  problems: string[],
): WorkerConfig['approvals'] {
  const out: WorkerConfig['approvals'] = {};
  const channel = get('IDFLOW_APPROVAL_CHANNEL');
  if (channel) out.channelSecret = channel;
  const publicUrl = get('IDFLOW_PUBLIC_URL');
  const key = get('IDFLOW_APPROVAL_LINK_KEY');
  if (publicUrl || key) {
    if (!publicUrl)
      problems.push('IDFLOW_PUBLIC_URL: required with IDFLOW_APPROVAL_LINK_KEY (where the links point)');
    else if (!/^https?:\/\/[^/]/.test(publicUrl))
      problems.push(`IDFLOW_PUBLIC_URL: not an http(s) URL: "${publicUrl}"`);
    if (!key)
      problems.push('IDFLOW_APPROVAL_LINK_KEY: required with IDFLOW_PUBLIC_URL (links must be signed)');
    else if (key.length < MIN_LINK_KEY_LENGTH)
      problems.push(`IDFLOW_APPROVAL_LINK_KEY: at least ${MIN_LINK_KEY_LENGTH} characters`);
    if (publicUrl && key && key.length >= MIN_LINK_KEY_LENGTH) out.links = { publicUrl, key };
  }
  return out;
}

/** IDFLOW_STORE, for the worker and for the commands that read snapshots (`idflow changes`, `report`). */
export function readStoreLocation(env: NodeJS.ProcessEnv, problems: string[]): StoreLocation {
  const raw = envValue(env, 'IDFLOW_STORE') ?? DEFAULT_STORE;
  try {
    return parseStoreLocation(raw);
  } catch (err) {
    problems.push(`IDFLOW_STORE: ${err instanceof StoreConfigError ? err.message : String(err)}`);
    return parseStoreLocation(DEFAULT_STORE);
  }
}

function readSyncSettings(
  get: (name: string) => string | undefined,
  baseUrl: string,
  problems: string[],
): WorkerConfig['sync'] {
  const count = (name: string, fallback: number, min: number): number => {
    const raw = get(name);
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) {
      problems.push(`${name}: expected a whole number ≥ ${min}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  let insightsUrl = get('JUMPCLOUD_INSIGHTS_URL');
  if (insightsUrl !== undefined && !/^https?:\/\/[^/]/.test(insightsUrl)) {
    problems.push(`JUMPCLOUD_INSIGHTS_URL: not an http(s) URL: "${insightsUrl}"`);
    insightsUrl = undefined;
  }
  let derived = '';
  try {
    derived = insightsUrlFor(baseUrl);
  } catch {
    // JUMPCLOUD_BASE_URL is reported above.
  }
  return {
    concurrency: count('IDFLOW_SYNC_CONCURRENCY', 8, 1),
    requestsPerSecond: count('IDFLOW_SYNC_RATE', 0, 0),
    insightsUrl: insightsUrl ?? derived,
  };
}
