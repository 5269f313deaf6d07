// The kinds of document idflow reads, one entry each: its schema, its problem codes, and its checker — the
// loader's own checks (the same functions the worker, the server and `schedule apply` use), so `idflow
// validate` says what loading would say. A file is recognised by its `kind:`; the guardrails file and the
// server config, written without one before they had it, are recognised by their top-level keys. The
// heavier checkers are imported when a file of their kind turns up, so validating playbooks loads what it
// did before (no Temporal SDK).
import { readFile } from 'node:fs/promises';
import { readYaml, type SourcePos } from '../common/yaml.js';
import { closest, DIAGNOSTIC_CODES, type Diagnostic } from '../dsl/diagnostics.js';
import { buildPlaybookSchema } from '../dsl/schema/playbookSchema.js';
import {
  checkGuardrailsFile,
  GUARDRAILS_FILE_CODES,
  guardrailsFileSchema,
} from '../guardrails/configFile.js';
import { SERVER_CONFIG_CODES } from '../server/configFile.js';
import { serverConfigSchema } from '../server/configSchema.js';
import { CONFIG_CODES, ConfigFileError, type ConfigDiagnostic } from '../sync/config/diagnostics.js';
import { complianceRulesSchema } from '../sync/config/rulesSchema.js';
import { schedulesSchema } from '../sync/config/schedulesSchema.js';
import { displayPath } from '../common/files.js';
import { compileFile } from './playbookFiles.js';

/** A problem in any kind of document: a compiler diagnostic whose code comes from its kind's table. */
export type DocumentDiagnostic = Omit<Diagnostic, 'code'> & { code: string };

export interface KindCheck {
  ok: boolean;
  /** What the `ok` line shows: the playbook's name, how many rules or schedules. */
  summary?: string;
  /** A playbook's name and Plan hash. */
  plan?: { name: string; hash: string };
  diagnostics: DocumentDiagnostic[];
}

export interface DocumentKind {
  /** The value of `kind:`. */
  kind: string;
  /** Its JSON Schema (for a file without `kind:`, its top-level keys are what recognises it). */
  schema(): object;
  /** Every code its checker reports. */
  codes: Readonly<Record<string, string>>;
  /** Written without `kind:` before it had one: recognised by its keys when `kind:` is absent. */
  recognisedByKeys?: true;
  /** Every problem in the file at `path`, by the loader's own checks. */
  check(path: string): Promise<KindCheck>;
}

/** Codes of problems that belong to no kind: a file whose kind is not one of these. */
export const DOCUMENT_CODES = {
  'document.kind': 'the file’s `kind:` is not a kind of idflow document',
} as const;

const fromConfig = (d: ConfigDiagnostic): DocumentDiagnostic => ({ ...d, severity: 'error' });

function fromPositioned(
  file: string,
  p: { code: string; message: string; at?: SourcePos; path?: string; hint?: string },
): DocumentDiagnostic {
  return {
    code: p.code,
    severity: 'error',
    message: p.message,
    file,
    line: p.at?.line ?? 1,
    column: p.at?.column ?? 1,
    path: p.path ?? '',
    ...(p.hint ? { hint: p.hint } : {}),
  };
}

/** A loader that throws ConfigFileError with every problem (rules, schedules). */
async function configCheck(load: () => number | Promise<number>, what: string): Promise<KindCheck> {
  try {
    const n = await load();
    return { ok: true, summary: `${n} ${what}`, diagnostics: [] };
  } catch (err) {
    if (!(err instanceof ConfigFileError)) throw err;
    return { ok: false, diagnostics: err.diagnostics.map(fromConfig) };
  }
}

export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  {
    kind: 'Playbook',
    schema: () => buildPlaybookSchema(),
    codes: DIAGNOSTIC_CODES,
    async check(path) {
      const r = await compileFile(path);
      return r.ok
        ? {
            ok: true,
            summary: r.plan.name,
            plan: { name: r.plan.name, hash: r.plan.hash },
            diagnostics: r.diagnostics,
          }
        : { ok: false, diagnostics: r.diagnostics };
    },
  },
  {
    kind: 'ComplianceRules',
    schema: () => complianceRulesSchema,
    codes: CONFIG_CODES,
    check: (path) =>
      configCheck(
        async () => (await import('../sync/config/load.js')).loadRules([path]).rules.length,
        'compliance rule(s)',
      ),
  },
  {
    kind: 'Schedules',
    schema: () => schedulesSchema,
    codes: CONFIG_CODES,
    check: (path) =>
      configCheck(
        async () => (await import('../sync/config/schedules.js')).loadSchedules(path).length,
        'schedule(s)',
      ),
  },
  {
    kind: 'Guardrails',
    schema: () => guardrailsFileSchema,
    codes: GUARDRAILS_FILE_CODES,
    recognisedByKeys: true,
    async check(path) {
      const problems = checkGuardrailsFile(await readFile(path, 'utf8'));
      return {
        ok: problems.length === 0,
        summary: 'guardrails',
        diagnostics: problems.map((p) => fromPositioned(displayPath(path), p)),
      };
    },
  },
  {
    kind: 'ServerConfig',
    schema: () => serverConfigSchema,
    codes: SERVER_CONFIG_CODES,
    recognisedByKeys: true,
    async check(path) {
      const { checkServerConfigFile } = await import('../server/config.js');
      const problems = await checkServerConfigFile(path);
      return {
        ok: problems.length === 0,
        summary: 'server config',
        diagnostics: problems.map((p) => fromPositioned(displayPath(path), p)),
      };
    },
  },
];

const PLAYBOOK = DOCUMENT_KINDS[0] as DocumentKind;

export type Recognised = { kind: DocumentKind } | { unknown: string; at: SourcePos };

/**
 * The kind of a document from its text: its `kind:`; without one, the kind whose schema has every
 * top-level key (when exactly one does); otherwise a playbook, whose checker then says what is missing.
 * A file that is not valid YAML is recognised by a `kind:` line, and its kind's checker reports the YAML.
 */
export function recognise(text: string): Recognised {
  const read = readYaml(text);
  if (!read.ok) {
    const named = /^kind:[ \t]*['"]?([A-Za-z]+)['"]?[ \t]*(#.*)?$/m.exec(text)?.[1];
    return { kind: DOCUMENT_KINDS.find((k) => k.kind === named) ?? PLAYBOOK };
  }
  const value = read.document.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { kind: PLAYBOOK };
  const kind = (value as { kind?: unknown }).kind;
  if (typeof kind === 'string') {
    const found = DOCUMENT_KINDS.find((k) => k.kind === kind);
    return found ? { kind: found } : { unknown: kind, at: read.document.pos(['kind']) };
  }
  if (kind !== undefined) return { kind: PLAYBOOK };
  const keys = Object.keys(value);
  const byKeys = DOCUMENT_KINDS.filter((k) => {
    if (!k.recognisedByKeys || keys.length === 0) return false;
    const properties = (k.schema() as { properties?: object }).properties ?? {};
    return keys.every((key) => Object.hasOwn(properties, key));
  });
  return { kind: byKeys.length === 1 && byKeys[0] ? byKeys[0] : PLAYBOOK };
}

/** The problem of a file whose `kind:` is none of idflow's. */
export function unknownKind(file: string, kind: string, at: SourcePos): DocumentDiagnostic {
  const kinds = DOCUMENT_KINDS.map((k) => k.kind);
  const guess = closest(kind, kinds);
  return {
    code: 'document.kind',
    severity: 'error',
    message: `\`${kind}\` is not a kind of idflow document`,
    file,
    line: at.line,
    column: at.column,
    path: '/kind',
    hint: guess ? `did you mean \`${guess}\`?` : `one of ${kinds.map((k) => `\`${k}\``).join(', ')}`,
  };
}
