// The operator's guardrails file (IDFLOW_GUARDRAILS_FILE, YAML or JSON): read at worker start, checked
// against its schema, every problem named by its place in the file (file:line:column). Keys the file
// leaves out keep the defaults (admin groups denied); a key it gives replaces the default for that key.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { isActionName, isMutating } from '../catalog/index.js';
import {
  formatYamlProblem,
  readYaml,
  YAML_PROBLEM_CODES,
  type SourcePos,
  type YamlDocument,
} from '../common/yaml.js';
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

/** Stable codes of the file's problems (`idflow validate --json` and tests match on these). */
export const GUARDRAILS_FILE_CODES = {
  'file.read': 'the file cannot be read',
  ...YAML_PROBLEM_CODES,
  schema: 'a value does not match the file’s schema',
  'guardrail.unknownAction': 'an action the catalog does not have (validate only: it can never match)',
  'guardrail.limit': 'a cap on an action that changes nothing (validate only)',
} as const;

/** One problem in the file, by its place. */
export interface GuardrailsFileProblem {
  code: keyof typeof GUARDRAILS_FILE_CODES;
  message: string;
  /** Absent when the problem has no place in the file (it cannot be read). */
  at?: SourcePos;
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
  const { policy, problems } = readGuardrails(text);
  if (!policy) throw new GuardrailsFileError(where, problems);
  return policy;
}

/**
 * Every problem `idflow validate` reports in a guardrails file: what the loader refuses (YAML, schema), and
 * action names the catalog does not have — which the loader lets through, as they can never match (so a
 * typo in a deny-list protects nothing), and caps on actions that change nothing.
 */
export function checkGuardrailsFile(text: string): GuardrailsFileProblem[] {
  const { policy, problems, document } = readGuardrails(text);
  if (!policy || !document) return problems;
  const out: GuardrailsFileProblem[] = [];
  const name = (action: string, path: (string | number)[], isCap: boolean): void => {
    if (action === '*') return;
    const pointer = `/${path.join('/')}`;
    if (!isActionName(action)) {
      out.push({
        code: 'guardrail.unknownAction',
        message: `unknown action \`${action}\``,
        at: document.pos(path, isCap),
        path: pointer,
        hint: 'guardrails name actions from the catalog (README: Actions)',
      });
    } else if (isCap && !isMutating(action)) {
      out.push({
        code: 'guardrail.limit',
        message: `\`${action}\` changes nothing, so there is nothing to cap`,
        at: document.pos(path, true),
        path: pointer,
        hint: 'caps count mutations: name an action that changes something, or `*`',
      });
    }
  };
  for (const which of ['allow', 'deny'] as const)
    (policy.actions?.[which] ?? []).forEach((a, i) => name(a, ['actions', which, i], false));
  for (const action of Object.keys(policy.limits ?? {})) name(action, ['limits', action], true);
  for (const [playbook, p] of Object.entries(policy.playbooks ?? {})) {
    (p.actions ?? []).forEach((a, i) => name(a, ['playbooks', playbook, 'actions', i], false));
    for (const action of Object.keys(p.limits ?? {}))
      name(action, ['playbooks', playbook, 'limits', action], true);
  }
  return out.sort(byPosition);
}

/** The file → the policy, or the problems that stop the loader. */
function readGuardrails(text: string): {
  policy?: GlobalGuardrails;
  document?: YamlDocument;
  problems: GuardrailsFileProblem[];
} {
  // An empty file keeps every default.
  const read = readYaml(text, { expected: 'guardrails', emptyAs: {} });
  if (!read.ok) return { problems: read.problems.map((p) => ({ ...p, path: '' })) };
  const document = read.document;
  const value = document.value;
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
        at: extra ? document.pos([...path, extra], true) : document.pos(path),
        path: e.instancePath,
      };
    });
    return { problems: problems.sort(byPosition) };
  }
  // `apiVersion` and `kind` say what the file is; they are not policy.
  const {
    apiVersion: _version,
    kind: _kind,
    ...policy
  } = value as GlobalGuardrails & { apiVersion?: string; kind?: string };
  return { policy: { ...DEFAULT_GLOBAL_GUARDRAILS, ...policy, origin: 'config' }, document, problems: [] };
}

function byPosition(a: GuardrailsFileProblem, b: GuardrailsFileProblem): number {
  return (a.at?.line ?? 0) - (b.at?.line ?? 0) || (a.at?.column ?? 0) - (b.at?.column ?? 0);
}
