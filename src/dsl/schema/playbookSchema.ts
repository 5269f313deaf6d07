// The playbook language as JSON Schema (2020-12): the one source of truth. `npm run gen:schemas` writes it to
// schemas/playbook.schema.json (for editors, with every action's arguments) and generates the TypeScript
// types in ./types.generated.ts; a test regenerates both and fails on drift.
//
// The compiler validates with the same definitions, but one step at a time: a step's nested step lists are
// checked as plain mappings here and validated as steps of their own kind when the compiler walks into them.
// That keeps each error attached to the kind the author meant, instead of ajv's `anyOf` reporting why the
// step is not each of the eight kinds.

/** A JSON Schema object (plain JSON). */
export type Schema = { [key: string]: unknown };

/** The key that makes a step what it is, and the name of that kind (`uses` → an action step). */
export const STEP_KIND_KEYS = {
  uses: 'action',
  approval: 'approval',
  parallel: 'parallel',
  forEach: 'forEach',
  wait: 'wait',
  playbook: 'playbook',
  set: 'set',
  fail: 'fail',
} as const;
export type StepKindKey = keyof typeof STEP_KIND_KEYS;
export type StepKindName = (typeof STEP_KIND_KEYS)[StepKindKey];

/** `$defs` name of each step kind's schema. */
export const STEP_DEFS: Record<StepKindName, string> = {
  action: 'actionStep',
  approval: 'approvalStep',
  parallel: 'parallelStep',
  forEach: 'forEachStep',
  wait: 'waitStep',
  playbook: 'playbookStep',
  set: 'setStep',
  fail: 'failStep',
};

export const SCHEMA_ID = 'https://idflow.dev/schemas/playbook.schema.json';
export const API_VERSION = 'idflow/v1';

/** Names an expression can use as a root; an input, variable or forEach item may not take one of these. */
export const RESERVED_NAMES = ['inputs', 'steps', 'vars', 'item', 'trigger', 'run'] as const;

const IDENTIFIER = '^[A-Za-z_][A-Za-z0-9_]*$';
/** What a duration looks like; `parseDuration` reads the same forms. */
export const DURATION_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h|d|w))+$';

const ref = (name: string): Schema => ({ $ref: `#/$defs/${name}` });

/**
 * One whole `${{ }}`. Written inline wherever it is a branch of an `anyOf` (not as a `$ref`): ajv then
 * reports the branch's errors under the `anyOf`'s own schema path, which is how the compiler tells which
 * branch the author meant.
 */
const expression: Schema = {
  type: 'string',
  pattern: '^\\s*\\$\\{\\{[\\s\\S]*\\}\\}\\s*$',
  description: 'One `${{ … }}` expression (CEL); the value keeps the expression’s type.',
};

/** A value that may hold `${{ }}` expressions anywhere: any JSON. */
const anyValue = (description: string): Schema => ({ description });

export interface BuildOptions {
  /**
   * How a nested list of steps refers to a step. `recursive` (published): `$ref` to the step union.
   * `shallow` (compiler): any mapping; the compiler validates each nested step on its own.
   * @default 'recursive'
   */
  nested?: 'recursive' | 'shallow';
  /**
   * Per-action argument schemas to fold into action steps and `compensate`, so an editor checks `with`
   * against the action named in `uses`. The compiler checks arguments itself (knowing which values are
   * expressions), so it builds without them.
   */
  actions?: { name: string; description: string; with: Schema }[];
}

export function buildPlaybookSchema(options: BuildOptions = {}): Schema {
  const nestedStep: Schema =
    options.nested === 'shallow'
      ? { type: 'object', description: 'A step (validated on its own by the compiler).' }
      : ref('step');
  const stepList = (description: string): Schema => ({
    type: 'array',
    description,
    minItems: 1,
    items: nestedStep,
  });
  const actionNames = (options.actions ?? []).map((a) => a.name);

  const common: Schema = {
    id: {
      type: 'string',
      pattern: IDENTIFIER,
      description:
        'Unique id of the step across the playbook. Later steps read its result as `steps.<id>.status` (`succeeded`, `skipped`, `failed`) and `steps.<id>.output`.',
      examples: ['user', 'approval', 'grant'],
    },
    name: { type: 'string', description: 'A human-readable name, shown in run state and the graph.' },
    if: {
      type: ['string', 'boolean'],
      description:
        'Run the step only when this expression is true (e.g. `${{ steps.approval.output.approved }}`); otherwise its status is `skipped`.',
    },
    timeout: {
      ...ref('duration'),
      description:
        'Action steps only: how long one attempt may take (e.g. `30s`, `2m`). Overrides `defaults.timeout` and the action’s own default.',
    },
    retry: {
      ...ref('retry'),
      description: 'Action steps only: the retry policy for this step. Overrides `defaults.retry`.',
    },
    onError: {
      description:
        'What happens when the step fails: `fail` (default: the run fails, compensating if `onFailure: compensate`), `continue` (carry on; the step reads as `failed`), or a list of recovery steps to run instead.',
      anyOf: [
        { enum: ['fail', 'continue'], description: '`fail` stops the run; `continue` carries on.' },
        stepList('Recovery steps, run when this step fails; then the playbook carries on.'),
      ],
    },
    compensate: {
      ...ref('actionCall'),
      description:
        'Action steps only: the action that undoes this one (saga). When the run later fails, completed steps with `compensate` are undone newest first. It may read this step’s own output.',
    },
  };

  const stepDef = (
    title: string,
    kindKey: StepKindKey,
    description: string,
    own: Schema,
    extraRequired: string[] = [],
  ): Schema => ({
    title,
    type: 'object',
    description,
    properties: { ...common, ...own },
    required: ['id', kindKey, ...extraRequired],
    additionalProperties: false,
  });

  const withArguments: Schema = {
    type: 'object',
    description:
      'The action’s arguments, checked against its schema at compile time. Values may be `${{ }}` expressions; they are checked again when the action runs.',
    additionalProperties: true,
  };
  const usesProperty: Schema = {
    type: 'string',
    description: 'The action to run, from the action catalog (e.g. `jumpcloud.user.find`).',
    ...(actionNames.length > 0
      ? {
          anyOf: (options.actions ?? []).map((a) => ({ const: a.name, description: a.description })),
        }
      : { pattern: '^[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)+$' }),
  };
  const actionArgumentRules: Schema[] = (options.actions ?? []).map((a) => {
    const needsArguments =
      (Array.isArray(a.with.required) && a.with.required.length > 0) || Number(a.with.minProperties ?? 0) > 0;
    return {
      if: { properties: { uses: { const: a.name } }, required: ['uses'] },
      then: {
        ...(needsArguments ? { required: ['with'] } : {}),
        properties: { with: allowExpressions(a.with) },
      },
    };
  });

  const defs: Schema = {
    duration: {
      type: 'string',
      pattern: DURATION_PATTERN,
      description:
        'A duration: a number and a unit (`ms`, `s`, `m`, `h`, `d`, `w`), or several (`1h30m`). E.g. `30s`, `2m`, `72h`, `14d`.',
      examples: ['30s', '2m', '72h', '14d'],
    },
    expression,
    retry: {
      type: 'object',
      description: 'Retry policy of an action. Every field is optional; unset fields take the defaults.',
      properties: {
        maxAttempts: {
          type: 'integer',
          minimum: 1,
          maximum: 100,
          description: 'Attempts in all, including the first (1 = no retry).',
        },
        initialInterval: { ...ref('duration'), description: 'Wait before the first retry (e.g. `1s`).' },
        backoff: {
          type: 'number',
          minimum: 1,
          maximum: 10,
          description: 'Each wait is this many times the previous one (e.g. `2`).',
        },
        maxInterval: { ...ref('duration'), description: 'The longest wait between attempts (e.g. `5m`).' },
      },
      additionalProperties: false,
    },
    actionCall: {
      title: 'ActionCall',
      type: 'object',
      description: 'An action call: `uses` and `with`, optionally `timeout` and `retry`.',
      properties: {
        uses: usesProperty,
        with: withArguments,
        timeout: { ...ref('duration'), description: 'How long one attempt may take.' },
        retry: { ...ref('retry'), description: 'Retry policy of this call.' },
      },
      required: ['uses'],
      additionalProperties: false,
      ...(actionArgumentRules.length > 0 ? { allOf: actionArgumentRules } : {}),
    },
    guardrailList: {
      type: 'object',
      description:
        'Allow- and deny-lists: names (a `*` matches anything, any case) or object ids. Deny wins; with `allow`, nothing else may be changed.',
      properties: {
        allow: {
          type: 'array',
          minItems: 1,
          items: { type: 'string', minLength: 1 },
          description: 'Only these may be changed.',
        },
        deny: {
          type: 'array',
          minItems: 1,
          items: { type: 'string', minLength: 1 },
          description: 'These may never be changed (e.g. `*admin*`).',
        },
      },
      additionalProperties: false,
    },
    limit: {
      type: 'object',
      description: 'Caps on the mutations of one action (or `*`: all mutating actions together).',
      properties: {
        perRun: {
          type: 'integer',
          minimum: 0,
          maximum: 1000000,
          description: 'At most this many in one run.',
        },
        perHour: {
          type: 'integer',
          minimum: 0,
          maximum: 1000000,
          description: 'At most this many by all runs of this playbook in any rolling hour.',
        },
      },
      minProperties: 1,
      additionalProperties: false,
    },
    limits: {
      type: 'object',
      description:
        'Action (e.g. `jumpcloud.user.suspend`) or `*` → its caps. A mutation past a cap fails its step, non-retryably.',
      propertyNames: { pattern: '^(\\*|[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)+)$' },
      additionalProperties: ref('limit'),
    },
    approvers: {
      description:
        'Who may decide: a list of emails or `group:<user group name>` entries (each may be an expression), or one expression that evaluates to such a list.',
      anyOf: [
        {
          type: 'array',
          minItems: 1,
          items: { type: 'string', minLength: 1, description: 'An email, `group:<name>`, or an expression.' },
        },
        expression,
      ],
    },
    inputSchema: {
      type: 'object',
      description: 'A JSON Schema for one input (a subset: the keywords below).',
      properties: {
        type: {
          description: 'The JSON type.',
          enum: ['string', 'integer', 'number', 'boolean', 'array', 'object'],
        },
        description: { type: 'string', description: 'Shown to whoever starts a run.' },
        default: { description: 'Used when the input is not given; an input without one is required.' },
        format: {
          description: 'A string format, checked at start.',
          enum: ['email', 'date', 'date-time', 'uri', 'uuid', 'hostname'],
        },
        enum: { type: 'array', minItems: 1, description: 'The allowed values.' },
        const: { description: 'The only allowed value.' },
        minLength: { type: 'integer', minimum: 0, description: 'Shortest string allowed.' },
        maxLength: { type: 'integer', minimum: 0, description: 'Longest string allowed.' },
        pattern: { type: 'string', description: 'A regular expression the string must match.' },
        minimum: { type: 'number', description: 'Smallest number allowed.' },
        maximum: { type: 'number', description: 'Largest number allowed.' },
        minItems: { type: 'integer', minimum: 0, description: 'Fewest list items allowed.' },
        maxItems: { type: 'integer', minimum: 0, description: 'Most list items allowed.' },
        items: { ...ref('inputSchema'), description: 'Schema of each list item.' },
        properties: {
          type: 'object',
          description: 'Schemas of an object’s fields.',
          additionalProperties: ref('inputSchema'),
        },
        required: { type: 'array', items: { type: 'string' }, description: 'Fields an object must have.' },
        additionalProperties: {
          description: 'Whether (or how) an object may have fields not listed in `properties`.',
          anyOf: [{ type: 'boolean' }, ref('inputSchema')],
        },
        examples: { type: 'array', description: 'Example values, for documentation.' },
      },
      additionalProperties: false,
    },
    step: {
      title: 'Step',
      description:
        'One step. Its kind is given by one key: `uses` (an action), `approval`, `parallel`, `forEach`, `wait`, `playbook`, `set` or `fail`.',
      anyOf: Object.values(STEP_DEFS).map(ref),
    },
    actionStep: {
      ...stepDef(
        'ActionStep',
        'uses',
        'Runs one action from the catalog as a Temporal activity, with retries.',
        {
          uses: usesProperty,
          with: withArguments,
        },
      ),
      ...(actionArgumentRules.length > 0 ? { allOf: actionArgumentRules } : {}),
    },
    approvalStep: stepDef(
      'ApprovalStep',
      'approval',
      'Waits for people to approve or reject. Output: `{approved, status, stage, decisions, decidedBy, at}`.',
      {
        approval: {
          type: 'object',
          description: 'Who decides, how many must agree, and how long they have.',
          properties: {
            title: { type: 'string', description: 'What the approvers are asked (may hold expressions).' },
            approvers: {
              ...ref('approvers'),
              description: 'Who may approve: emails, `group:<name>`, or an expression.',
            },
            required: {
              type: 'integer',
              minimum: 1,
              maximum: 20,
              description: 'How many approvals are needed (default 1). A single rejection rejects.',
            },
            allowSelfApproval: {
              type: 'boolean',
              description:
                'Let the requester and the subject of the run approve (default false: they never may).',
            },
            timeout: {
              ...ref('duration'),
              description: 'How long the approvers have (required), e.g. `72h`.',
            },
            onTimeout: {
              description:
                'What happens when nobody decided in time: `reject` (default), `fail`, or escalate first. Never approve.',
              anyOf: [
                { enum: ['reject', 'fail'], description: 'Reject the request, or fail the run.' },
                {
                  type: 'object',
                  description: 'Escalate to other approvers, then reject or fail.',
                  properties: {
                    escalate: {
                      type: 'object',
                      description: 'Ask these approvers next, for this long.',
                      properties: {
                        approvers: {
                          ...ref('approvers'),
                          description: 'Who decides once the first approvers timed out.',
                        },
                        timeout: { ...ref('duration'), description: 'How long the escalation lasts.' },
                      },
                      required: ['approvers', 'timeout'],
                      additionalProperties: false,
                    },
                    then: {
                      enum: ['reject', 'fail'],
                      description: 'After the escalation timed out too: `reject` (default) or `fail`.',
                    },
                  },
                  additionalProperties: false,
                },
              ],
            },
          },
          required: ['approvers', 'timeout'],
          additionalProperties: false,
        },
      },
    ),
    parallelStep: stepDef(
      'ParallelStep',
      'parallel',
      'Runs named branches at the same time; ends when all branches end, fails when one fails.',
      {
        parallel: {
          type: 'object',
          description:
            'Branch name → its steps. Names show in the graph; a branch cannot read steps of another branch.',
          propertyNames: { pattern: IDENTIFIER },
          minProperties: 2,
          additionalProperties: stepList('The steps of this branch, in order.'),
        },
      },
    ),
    forEachStep: stepDef(
      'ForEachStep',
      'forEach',
      'Runs steps once per item of a list, a bounded number at a time. Output: one `{item, status, steps}` per item.',
      {
        forEach: {
          type: 'object',
          description: 'The list, the name of its item, and the steps to run per item.',
          properties: {
            items: {
              description:
                'The list: an expression (e.g. `${{ steps.groups.output.groups }}`) or a literal list.',
              anyOf: [{ type: 'array' }, expression],
            },
            as: {
              type: 'string',
              pattern: IDENTIFIER,
              not: { enum: ['inputs', 'steps', 'vars', 'trigger', 'run'] },
              description: 'The name of the current item inside `steps` (default `item`).',
            },
            concurrency: {
              type: 'integer',
              minimum: 1,
              maximum: 50,
              description: 'How many items run at once (default 1: one after another).',
            },
            steps: stepList('The steps run for each item.'),
          },
          required: ['items', 'steps'],
          additionalProperties: false,
        },
      },
    ),
    waitStep: stepDef(
      'WaitStep',
      'wait',
      'A durable timer: survives restarts, costs nothing while it waits.',
      {
        wait: {
          type: 'object',
          description: 'Either `for` a duration or `until` a timestamp.',
          properties: {
            for: { ...ref('duration'), description: 'How long to wait, e.g. `3d`.' },
            until: {
              type: 'string',
              description:
                'An ISO 8601 timestamp or date to wait for (usually an expression, e.g. `${{ inputs.startDate }}`); in the past: no wait.',
            },
          },
          minProperties: 1,
          maxProperties: 1,
          additionalProperties: false,
        },
      },
    ),
    playbookStep: stepDef(
      'PlaybookStep',
      'playbook',
      'Runs another playbook as a child workflow. Output: `{outputs, compensated}`.',
      {
        playbook: {
          type: 'string',
          pattern: '^[a-z0-9][a-z0-9-]*$',
          description:
            'The child playbook’s `name`; the CLI finds it as `<name>.yaml` next to this file. Its Plan is embedded, so a run is pinned to it.',
        },
        with: {
          type: 'object',
          description: 'The child’s inputs, checked against its `inputs`.',
          additionalProperties: true,
        },
      },
    ),
    setStep: stepDef('SetStep', 'set', 'Sets variables, read later as `vars.<name>`.', {
      set: {
        type: 'object',
        description: 'Variable name → value (literal or expression).',
        propertyNames: { pattern: IDENTIFIER },
        minProperties: 1,
        additionalProperties: anyValue('The value; a whole `${{ }}` keeps its type.'),
      },
    }),
    failStep: stepDef(
      'FailStep',
      'fail',
      'Ends the run as failed with a message (compensating first if `onFailure: compensate`).',
      {
        fail: { type: 'string', minLength: 1, description: 'Why the run failed (may hold expressions).' },
      },
    ),
  };

  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: 'Playbook',
    description:
      'An idflow playbook: identity work (access requests, resets, on- and offboarding) as steps run durably on Temporal against JumpCloud.',
    type: 'object',
    properties: {
      apiVersion: { const: API_VERSION, description: 'The language version: `idflow/v1`.' },
      kind: { const: 'Playbook', description: 'Always `Playbook`.' },
      name: {
        type: 'string',
        pattern: '^[a-z0-9][a-z0-9-]*$',
        maxLength: 63,
        description:
          'The playbook’s name: lower-case letters, digits and dashes. Part of every run’s workflow id; child playbooks are found by it.',
        examples: ['access-request'],
      },
      description: { type: 'string', description: 'What the playbook does, for people.' },
      inputs: {
        type: 'object',
        description:
          'Input name → JSON Schema. Checked when a run starts; read as `inputs.<name>`. Inputs without a `default` are required.',
        propertyNames: { pattern: IDENTIFIER },
        additionalProperties: ref('inputSchema'),
      },
      subject: {
        type: 'string',
        description:
          'Who the run is about (e.g. `${{ inputs.email }}`): part of the workflow id and the IdflowSubject search attribute; may use `inputs` only.',
      },
      defaults: {
        type: 'object',
        description: 'Defaults for every action step.',
        properties: {
          timeout: { ...ref('duration'), description: 'How long one action attempt may take.' },
          retry: { ...ref('retry'), description: 'The retry policy of every action.' },
        },
        additionalProperties: false,
      },
      timeout: {
        ...ref('duration'),
        description: 'The whole run’s timeout (e.g. `14d`); past it the run is cancelled and compensated.',
      },
      guardrails: {
        type: 'object',
        description:
          'What this playbook may change and how much. Checked at compile time where the values are literal, and enforced in every activity (docs/safety.md). The operator’s config adds its own; neither loosens the other.',
        properties: {
          actions: {
            type: 'array',
            minItems: 1,
            items: { type: 'string' },
            description: 'The only actions the playbook may use.',
          },
          userGroups: { ...ref('guardrailList'), description: 'User groups the playbook may (not) change.' },
          systemGroups: {
            ...ref('guardrailList'),
            description: 'Device groups the playbook may (not) change.',
          },
          applications: {
            ...ref('guardrailList'),
            description: 'SSO applications the playbook may (not) change.',
          },
          protectedUsers: {
            type: 'array',
            minItems: 1,
            items: { type: 'string', minLength: 1 },
            description: 'Users (emails or ids) this playbook never changes.',
          },
          limits: { ...ref('limits'), description: 'Blast-radius caps per run and per rolling hour.' },
          raise: {
            type: 'object',
            description:
              'An approval step that, once approved, raises the caps for the rest of that run (e.g. a bulk offboarding).',
            properties: {
              approval: {
                type: 'string',
                pattern: IDENTIFIER,
                description: 'The id of an approval step in this playbook.',
              },
              limits: { ...ref('limits'), description: 'The caps once it is approved.' },
            },
            required: ['approval', 'limits'],
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
      onFailure: {
        enum: ['compensate', 'fail'],
        description:
          'When the run fails: `compensate` (default) undoes completed steps that declare `compensate`, newest first; `fail` leaves everything as it is.',
      },
      steps: stepList('The steps, run in order.'),
      outputs: {
        type: 'object',
        description: 'Output name → value (usually expressions over `steps` and `vars`): the run’s result.',
        propertyNames: { pattern: IDENTIFIER },
        additionalProperties: anyValue('The output’s value.'),
      },
    },
    required: ['apiVersion', 'kind', 'name', 'steps'],
    additionalProperties: false,
    $defs: defs,
  };
}

/** Lets every value in an argument schema be an expression instead (editors cannot evaluate them). */
function allowExpressions(schema: Schema): Schema {
  const out: Schema = { ...schema };
  if (isSchema(schema.properties)) {
    const props: Schema = {};
    for (const [k, v] of Object.entries(schema.properties)) {
      // The description moves up to the wrapper, where editors look for hover help.
      props[k] = isSchema(v)
        ? {
            ...(typeof v.description === 'string' ? { description: v.description } : {}),
            anyOf: [allowExpressions(v), expression],
          }
        : v;
    }
    out.properties = props;
  }
  if (isSchema(schema.items)) out.items = { anyOf: [allowExpressions(schema.items), expression] };
  return out;
}

function isSchema(x: unknown): x is Schema {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
