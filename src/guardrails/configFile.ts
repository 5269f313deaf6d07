// The operator's guardrails file (IDFLOW_GUARDRAILS_FILE, YAML or JSON): read at worker start, checked
// against its schema, every problem named by its place in the file (file:line:column). Keys the file
// leaves out keep the defaults (admin groups denied); a key it gives replaces the default for that key.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { formatYamlProblem, readYaml, type Position } from '../common/yaml.js';
import { DEFAULT_GLOBAL_GUARDRAILS, type GlobalGuardrails } from './policy.js';

const ACTION_OR_STAR = '^(\\*|[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)+)$';
const list = {
  type: 'object',
  additionalProperties: false,
  properties: {
    allow: { type: 'array', items: { type: 'string', minLength: 1 } },
    deny: { type: 'array', items: { type: 'string', minLength: 1 } },
  },
} as const;
const limits = {
  type: 'object',
  propertyNames: { pattern: ACTION_OR_STAR },
  additionalProperties: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      perRun: { type: 'integer', minimum: 0 },
      perHour: { type: 'integer', minimum: 0 },
    },
  },
} as const;
const playbookPart = {
  type: 'object',
  additionalProperties: false,
  properties: {
    actions: { type: 'array', items: { type: 'string', pattern: ACTION_OR_STAR } },
    userGroups: list,
    systemGroups: list,
    applications: list,
    protectedUsers: { type: 'array', items: { type: 'string', minLength: 1 } },
    limits,
  },
} as const;

/** The file's JSON Schema (docs/safety.md shows an example). */
export const guardrailsFileSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    // Optional, so files written before they existed keep loading; `idflow validate` recognises the file
    // by them (a file without them, by its keys).
    apiVersion: { const: 'idflow/v1' },
    kind: { const: 'Guardrails' },
    actions: list,
    userGroups: {
      type: 'object',
      additionalProperties: false,
      properties: { ...list.properties, denyAdminGroups: { type: 'boolean' } },
    },
    systemGroups: list,
    applications: list,
    protectedUsers: { type: 'array', items: { type: 'string', minLength: 1 } },
    limits,
    playbooks: { type: 'object', additionalProperties: playbookPart },
  },
} as const;

const validate = new Ajv2020({ allErrors: true, strict: false }).compile(guardrailsFileSchema);

/** One problem in the file, by its place. */
export interface GuardrailsFileProblem {
  /** `yaml.*` (the reader's codes) or `schema`. */
  code: string;
  message: string;
  /** Absent when the problem has no place in the file (it cannot be read). */
  at?: Position;
  /** JSON pointer into the document. */
  path: string;
  hint?: string;
}

export class GuardrailsFileError extends Error {
  /** `where:line:column: message`, one per problem. */
  readonly problems: string[];

  constructor(
    where: string,
    readonly diagnostics: GuardrailsFileProblem[],
  ) {
    const problems = diagnostics.map((d) => formatYamlProblem(where, d));
    super(problems.join('\n'));
    this.problems = problems;
    this.name = 'GuardrailsFileError';
  }
}

/** Parses and checks the file; `where` names it in problems (e.g. `IDFLOW_GUARDRAILS_FILE guardrails.yaml`). */
export function parseGuardrailsFile(text: string, where: string): GlobalGuardrails {
  // An empty file keeps every default.
  const read = readYaml(text, { expected: 'guardrails', emptyAs: {} });
  if (!read.ok) {
    throw new GuardrailsFileError(
      where,
      read.problems.map((p) => ({ ...p, path: '' })),
    );
  }
  const value = read.document.value;
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((e): GuardrailsFileProblem => {
      const extra =
        e.keyword === 'additionalProperties'
          ? String((e.params as { additionalProperty?: string }).additionalProperty)
          : undefined;
      const path = e.instancePath
        .split('/')
        .slice(1)
        .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
      return {
        code: 'schema',
        message: `${e.instancePath || '(top)'} ${e.message ?? 'is invalid'}${extra ? ` (${extra})` : ''}`,
        at: extra ? read.document.pos([...path, extra], true) : read.document.pos(path),
        path: e.instancePath,
      };
    });
    throw new GuardrailsFileError(where, problems.sort(byPosition));
  }
  const {
    apiVersion: _version,
    kind: _kind,
    ...policy
  } = value as GlobalGuardrails & {
    apiVersion?: string;
    kind?: string;
  };
  return { ...DEFAULT_GLOBAL_GUARDRAILS, ...policy, origin: 'config' };
}

function byPosition(a: GuardrailsFileProblem, b: GuardrailsFileProblem): number {
  return (a.at?.line ?? 0) - (b.at?.line ?? 0) || (a.at?.column ?? 0) - (b.at?.column ?? 0);
}
