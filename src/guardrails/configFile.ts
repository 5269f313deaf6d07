// The operator's guardrails file (IDFLOW_GUARDRAILS_FILE, YAML or JSON): read at worker start, checked
// against its schema, every problem named by its place in the file. Keys the file leaves out keep the
// defaults (admin groups denied); a key it gives replaces the default for that key.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
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

export class GuardrailsFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'GuardrailsFileError';
  }
}

/** Parses and checks the file; `where` names it in problems (e.g. `IDFLOW_GUARDRAILS_FILE guardrails.yaml`). */
export function parseGuardrailsFile(text: string, where: string): GlobalGuardrails {
  let value: unknown;
  try {
    value = parse(text);
  } catch (err) {
    throw new GuardrailsFileError([
      `${where}: not YAML or JSON: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    ]);
  }
  value ??= {};
  if (!validate(value)) {
    throw new GuardrailsFileError(
      (validate.errors ?? []).map((e) => {
        const extra =
          e.keyword === 'additionalProperties'
            ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
            : '';
        return `${where}: ${e.instancePath || '(top)'} ${e.message ?? 'is invalid'}${extra}`;
      }),
    );
  }
  return { ...DEFAULT_GLOBAL_GUARDRAILS, ...(value as GlobalGuardrails), origin: 'config' };
}
