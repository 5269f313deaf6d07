// The compiler: playbook text (+ the name to report it under) → Plan, or every problem found. Pure: it reads
// no files, environment or clock.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { actionCatalog, isActionName } from '../catalog/index.js';
import { closest, type Diagnostic, type DiagnosticCode } from './diagnostics.js';
import { parseDuration } from './duration.js';
import { ExpressionCompiler, type ExprScope } from './expressions.js';
import { hashPlan } from './hash.js';
import {
  PLAN_FORMAT_VERSION,
  type ActionCall,
  type ApprovalStep,
  type JsonObject,
  type OnError,
  type Plan,
  type PlanExpr,
  type PlanRetry,
  type PlanStep,
  type PlanValue,
  type SourcePos,
} from './plan.js';
import { parseSource, type ParsedSource, type Path } from './source.js';

export type CompileResult =
  { ok: true; plan: Plan; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/** Large enough for any real playbook; bounds parse time and memory for anything else. */
export const MAX_PLAYBOOK_BYTES = 1024 * 1024;

const HEADER_KEYS = [
  'apiVersion',
  'kind',
  'name',
  'description',
  'inputs',
  'subject',
  'defaults',
  'timeout',
  'onFailure',
  'steps',
  'outputs',
];
const COMMON_STEP_KEYS = ['id', 'name', 'if', 'timeout', 'retry', 'onError'];
const STEP_KIND_KEYS = { uses: 'action', approval: 'approval', set: 'set', fail: 'fail' } as const;
const KIND_EXTRA_KEYS: Partial<Record<PlanStep['kind'], string[]>> = {
  action: ['uses', 'with', 'compensate'],
  approval: ['approval'],
  set: ['set'],
  fail: ['fail'],
};
const APPROVAL_KEYS = ['title', 'approvers', 'required', 'allowSelfApproval', 'timeout', 'onTimeout'];
const RETRY_KEYS = ['maxAttempts', 'initialInterval', 'backoff', 'maxInterval'];
const STEP_ID = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const PLAYBOOK_NAME = /^[a-z0-9][a-z0-9-]*$/;
const MAX_TIMEOUT_MS = 366 * 86_400_000;

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let v = validators.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    validators.set(schema, v);
  }
  return v;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function pointer(path: Path): string {
  return path.length === 0
    ? ''
    : '/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

class Compiler {
  readonly diagnostics: Diagnostic[] = [];
  private readonly exprs: ExpressionCompiler;

  constructor(
    private readonly file: string,
    private readonly src: ParsedSource,
  ) {
    this.exprs = new ExpressionCompiler(src);
  }

  report(
    code: DiagnosticCode,
    message: string,
    path: Path,
    opts: { hint?: string; key?: boolean; at?: SourcePos } = {},
  ): void {
    const at = opts.at ?? this.src.pos(path, opts.key ?? false);
    this.diagnostics.push({
      code,
      severity: 'error',
      message,
      file: this.file,
      line: at.line,
      column: at.column,
      path: pointer(path),
      ...(opts.hint !== undefined ? { hint: opts.hint } : {}),
    });
  }

  private knownKeys(
    obj: Record<string, unknown>,
    allowed: readonly string[],
    path: Path,
    where: string,
  ): void {
    for (const key of Object.keys(obj)) {
      if (allowed.includes(key)) continue;
      const guess = closest(key, allowed);
      this.report('schema.unknownKey', `unknown key \`${key}\` in ${where}`, [...path, key], {
        key: true,
        hint: guess ? `did you mean \`${guess}\`?` : `expected one of: ${allowed.join(', ')}`,
      });
    }
  }

  private duration(raw: unknown, path: Path, what: string): number | undefined {
    const ms = typeof raw === 'string' ? parseDuration(raw) : undefined;
    if (ms === undefined) {
      this.report(
        'duration.invalid',
        `${what} must be a duration like \`30s\`, \`2m\`, \`72h\` or \`14d\``,
        path,
      );
      return undefined;
    }
    if (ms <= 0 || ms > MAX_TIMEOUT_MS) {
      this.report('duration.invalid', `${what} must be more than 0 and at most 366d`, path);
      return undefined;
    }
    return ms;
  }

  compile(): Plan | undefined {
    const root = this.src.value;
    if (!isObject(root)) {
      this.report(
        'schema.type',
        'a playbook is a YAML mapping with `apiVersion`, `kind`, `name` and `steps`',
        [],
      );
      return undefined;
    }
    this.knownKeys(root, HEADER_KEYS, [], 'the playbook');
    if (root.apiVersion !== 'idflow/v1') {
      this.report('schema.enum', 'expected `apiVersion: idflow/v1`', ['apiVersion']);
    }
    if (root.kind !== 'Playbook') this.report('schema.enum', 'expected `kind: Playbook`', ['kind']);
    const name = typeof root.name === 'string' ? root.name : '';
    if (!PLAYBOOK_NAME.test(name)) {
      this.report(
        'schema.value',
        'expected `name`: lower-case letters, digits and dashes (e.g. `access-request`)',
        ['name'],
      );
    }

    const inputs = this.inputs(root.inputs);
    const defaults = this.defaults(root.defaults);
    const allSteps = new Set<string>();
    if (Array.isArray(root.steps)) {
      for (const s of root.steps) if (isObject(s) && typeof s.id === 'string') allSteps.add(s.id);
    }
    const scope: ExprScope = {
      inputs: new Set(Object.keys(inputs.properties)),
      stepsBefore: new Set(),
      allSteps,
      vars: new Set(),
      item: false,
    };

    const subject =
      root.subject === undefined
        ? undefined
        : this.exprs.value(root.subject, ['subject'], { ...scope, allSteps: new Set() });
    const timeoutMs =
      root.timeout === undefined ? undefined : this.duration(root.timeout, ['timeout'], '`timeout`');
    const onFailure = root.onFailure ?? 'compensate';
    if (onFailure !== 'compensate' && onFailure !== 'fail') {
      this.report('schema.enum', 'expected `onFailure: compensate` or `onFailure: fail`', ['onFailure']);
    }

    const steps = this.steps(root.steps, ['steps'], scope, defaults);
    const allVars = new Set(steps.flatMap((s) => (s.kind === 'set' ? Object.keys(s.vars) : [])));
    const outputScope: ExprScope = { ...scope, stepsBefore: allSteps, vars: allVars };
    const outputs: Plan['outputs'] = {};
    if (root.outputs !== undefined) {
      if (!isObject(root.outputs))
        this.report('schema.type', '`outputs` must be a mapping of name → value', ['outputs']);
      else
        for (const [k, v] of Object.entries(root.outputs))
          outputs[k] = this.exprs.value(v, ['outputs', k], outputScope);
    }

    for (const p of this.exprs.problems)
      this.report(p.code, p.message, p.path, { at: p.at, ...(p.hint ? { hint: p.hint } : {}) });
    if (this.diagnostics.length > 0) return undefined;

    const body: Omit<Plan, 'hash' | 'source'> = {
      formatVersion: PLAN_FORMAT_VERSION,
      name,
      ...(typeof root.description === 'string' ? { description: root.description } : {}),
      inputs: inputs.schema,
      ...(subject ? { subject } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      onFailure: onFailure as Plan['onFailure'],
      steps,
      outputs,
    };
    return { ...body, source: this.file, hash: hashPlan(body) };
  }

  private inputs(raw: unknown): { schema: JsonObject; properties: Record<string, unknown> } {
    const properties: Record<string, unknown> = {};
    if (raw === undefined)
      return { schema: { type: 'object', properties: {}, additionalProperties: false }, properties };
    if (!isObject(raw)) {
      this.report('schema.type', '`inputs` must map each input name to a JSON Schema', ['inputs']);
      return { schema: { type: 'object' }, properties };
    }
    const required: string[] = [];
    for (const [k, v] of Object.entries(raw)) {
      if (!isObject(v)) {
        this.report(
          'schema.type',
          `input \`${k}\` must be a JSON Schema mapping (e.g. \`{ type: string }\`)`,
          ['inputs', k],
        );
        continue;
      }
      properties[k] = v;
      if (!('default' in v)) required.push(k);
    }
    const schema = { type: 'object', properties, required, additionalProperties: false } as JsonObject;
    return { schema, properties };
  }

  private defaults(raw: unknown): { timeoutMs?: number; retry?: Partial<PlanRetry> } {
    if (raw === undefined) return {};
    if (!isObject(raw)) {
      this.report('schema.type', '`defaults` must be a mapping', ['defaults']);
      return {};
    }
    this.knownKeys(raw, ['timeout', 'retry'], ['defaults'], '`defaults`');
    return {
      ...(raw.timeout !== undefined
        ? { timeoutMs: this.duration(raw.timeout, ['defaults', 'timeout'], '`timeout`') }
        : {}),
      ...(raw.retry !== undefined ? { retry: this.retry(raw.retry, ['defaults', 'retry']) } : {}),
    } as { timeoutMs?: number; retry?: Partial<PlanRetry> };
  }

  private retry(raw: unknown, path: Path): Partial<PlanRetry> {
    if (!isObject(raw)) {
      this.report('schema.type', '`retry` must be a mapping', path);
      return {};
    }
    this.knownKeys(raw, RETRY_KEYS, path, '`retry`');
    const out: Partial<PlanRetry> = {};
    if (raw.maxAttempts !== undefined) {
      if (
        !Number.isInteger(raw.maxAttempts) ||
        (raw.maxAttempts as number) < 1 ||
        (raw.maxAttempts as number) > 100
      ) {
        this.report('schema.value', '`maxAttempts` must be a whole number from 1 to 100', [
          ...path,
          'maxAttempts',
        ]);
      } else out.maxAttempts = raw.maxAttempts as number;
    }
    if (raw.backoff !== undefined) {
      if (typeof raw.backoff !== 'number' || raw.backoff < 1 || raw.backoff > 10) {
        this.report('schema.value', '`backoff` must be a number from 1 to 10', [...path, 'backoff']);
      } else out.backoff = raw.backoff;
    }
    if (raw.initialInterval !== undefined) {
      const ms = this.duration(raw.initialInterval, [...path, 'initialInterval'], '`initialInterval`');
      if (ms !== undefined) out.initialIntervalMs = ms;
    }
    if (raw.maxInterval !== undefined) {
      const ms = this.duration(raw.maxInterval, [...path, 'maxInterval'], '`maxInterval`');
      if (ms !== undefined) out.maxIntervalMs = ms;
    }
    return out;
  }

  private steps(
    raw: unknown,
    path: Path,
    scope: ExprScope,
    defaults: { timeoutMs?: number; retry?: Partial<PlanRetry> },
  ): PlanStep[] {
    if (!Array.isArray(raw) || raw.length === 0) {
      this.report(
        'schema.required',
        '`steps` must be a non-empty list of steps',
        path.length ? path : ['steps'],
      );
      return [];
    }
    const seen = new Set<string>();
    const out: PlanStep[] = [];
    const stepsBefore = new Set(scope.stepsBefore);
    const vars = new Set(scope.vars);
    raw.forEach((item, i) => {
      const stepPath = [...path, i];
      const here: ExprScope = { ...scope, stepsBefore: new Set(stepsBefore), vars: new Set(vars) };
      const step = this.step(item, stepPath, here, defaults);
      const id = isObject(item) && typeof item.id === 'string' ? item.id : undefined;
      if (id !== undefined) {
        if (seen.has(id))
          this.report('step.duplicateId', `step id \`${id}\` is used more than once`, [...stepPath, 'id']);
        seen.add(id);
        stepsBefore.add(id);
      }
      if (step?.kind === 'set') for (const v of Object.keys(step.vars)) vars.add(v);
      if (step) out.push(step);
    });
    return out;
  }

  private step(
    raw: unknown,
    path: Path,
    scope: ExprScope,
    defaults: { timeoutMs?: number; retry?: Partial<PlanRetry> },
  ): PlanStep | undefined {
    if (!isObject(raw)) {
      this.report(
        'schema.type',
        'a step must be a mapping with an `id` and one of `uses`, `approval`, `set`, `fail`',
        path,
      );
      return undefined;
    }
    const kinds = Object.keys(STEP_KIND_KEYS).filter((k) => k in raw) as (keyof typeof STEP_KIND_KEYS)[];
    const kindKey = kinds[0];
    if (kinds.length !== 1 || kindKey === undefined) {
      this.report(
        'step.kind',
        kinds.length === 0
          ? 'a step needs exactly one of `uses`, `approval`, `set`, `fail`'
          : `a step can be only one kind, but this one has ${kinds.map((k) => `\`${k}\``).join(' and ')}`,
        path,
      );
      return undefined;
    }
    const kind = STEP_KIND_KEYS[kindKey];
    this.knownKeys(
      raw,
      [...COMMON_STEP_KEYS, ...(KIND_EXTRA_KEYS[kind] ?? [])],
      path,
      `a${kind === 'action' ? 'n' : ''} ${kind} step`,
    );

    const id = raw.id;
    if (typeof id !== 'string' || !STEP_ID.test(id)) {
      this.report(
        'schema.required',
        'every step needs an `id`: a letter, then letters, digits or `_`',
        typeof id === 'string' ? [...path, 'id'] : path,
      );
    }
    const at = this.src.pos(path);
    const common = {
      id: typeof id === 'string' ? id : `step${String(path.at(-1))}`,
      ...(typeof raw.name === 'string' ? { name: raw.name } : {}),
      ...(raw.if !== undefined ? this.ifClause(raw.if, [...path, 'if'], scope) : {}),
      onError: this.onError(raw.onError, [...path, 'onError']),
      at,
    };

    switch (kind) {
      case 'action': {
        const call = this.actionCall(raw, path, scope, defaults);
        if (!call) return undefined;
        const compensate =
          raw.compensate === undefined
            ? undefined
            : this.compensation(raw.compensate, [...path, 'compensate'], scope, defaults);
        return { ...common, kind: 'action', ...call, ...(compensate ? { compensate } : {}) };
      }
      case 'approval':
        return this.approval(raw.approval, [...path, 'approval'], scope, common);
      case 'set': {
        if (!isObject(raw.set)) {
          this.report('schema.type', '`set` must map variable names to values', [...path, 'set']);
          return undefined;
        }
        const vars: Record<string, PlanValue> = {};
        for (const [k, v] of Object.entries(raw.set))
          vars[k] = this.exprs.value(v, [...path, 'set', k], scope);
        return { ...common, kind: 'set', vars };
      }
      case 'fail':
        return { ...common, kind: 'fail', message: this.exprs.value(raw.fail, [...path, 'fail'], scope) };
    }
  }

  private ifClause(raw: unknown, path: Path, scope: ExprScope): { if?: PlanExpr } {
    const expr = this.exprs.wholeExpression(raw, path, scope);
    return expr ? { if: expr } : {};
  }

  private onError(raw: unknown, path: Path): OnError {
    if (raw === undefined || raw === 'fail') return { kind: 'fail' };
    if (raw === 'continue') return { kind: 'continue' };
    this.report('schema.enum', 'expected `onError: fail` or `onError: continue`', path);
    return { kind: 'fail' };
  }

  private actionCall(
    raw: Record<string, unknown>,
    path: Path,
    scope: ExprScope,
    defaults: { timeoutMs?: number; retry?: Partial<PlanRetry> },
  ): ActionCall | undefined {
    const uses = raw.uses;
    const withRaw = raw.with ?? {};
    const withValue = isObject(withRaw) ? this.exprs.value(withRaw, [...path, 'with'], scope) : undefined;
    if (typeof uses !== 'string' || !isActionName(uses)) {
      const guess = typeof uses === 'string' ? closest(uses, Object.keys(actionCatalog)) : undefined;
      this.report('action.unknown', `unknown action \`${String(uses)}\``, [...path, 'uses'], {
        hint: guess ? `did you mean \`${guess}\`?` : 'see the action catalog in the README',
      });
      return undefined;
    }
    const def = actionCatalog[uses];
    if (!isObject(withRaw) || !withValue) {
      this.report('schema.type', '`with` must be a mapping of argument → value', [...path, 'with']);
      return undefined;
    }
    this.checkArguments(uses, def.with, withRaw, [...path, 'with']);
    const stepTimeout =
      raw.timeout === undefined ? undefined : this.duration(raw.timeout, [...path, 'timeout'], '`timeout`');
    const stepRetry = raw.retry === undefined ? {} : this.retry(raw.retry, [...path, 'retry']);
    return {
      action: uses,
      with: withValue,
      timeoutMs: stepTimeout ?? defaults.timeoutMs ?? def.defaults.timeoutMs,
      retry: { ...def.defaults.retry, ...defaults.retry, ...stepRetry },
    };
  }

  /** Checks literal arguments against the action's schema; values computed by expressions are checked at run time. */
  private checkArguments(action: string, schema: object, value: Record<string, unknown>, path: Path): void {
    const validate = validatorFor(schema);
    const probe: Record<string, unknown> = {};
    const dynamic = new Set<string>();
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' && v.includes('${{')) {
        dynamic.add(k);
        probe[k] = null;
      } else probe[k] = v;
    }
    if (validate(probe)) return;
    for (const e of validate.errors ?? []) {
      const field = argumentOf(e);
      if (field !== undefined && dynamic.has(field)) continue;
      if (
        e.keyword === 'required' &&
        dynamic.has(String((e.params as { missingProperty?: string }).missingProperty))
      )
        continue;
      if ((e.keyword === 'minProperties' || e.keyword === 'maxProperties') && dynamic.size > 0) {
        const count = Object.keys(value).length;
        const limit = (e.params as { limit: number }).limit;
        if (e.keyword === 'minProperties' ? count >= limit : count <= limit) continue;
      }
      const where = field !== undefined ? [...path, field] : path;
      const wanted = Object.keys((schema as { properties?: object }).properties ?? {});
      if (e.keyword === 'additionalProperties') {
        const extra = String((e.params as { additionalProperty: string }).additionalProperty);
        const guess = closest(extra, wanted);
        this.report('action.arguments', `\`${action}\` has no argument \`${extra}\``, [...path, extra], {
          key: true,
          hint: guess ? `did you mean \`${guess}\`?` : `arguments: ${wanted.join(', ')}`,
        });
      } else {
        this.report('action.arguments', `\`${action}\`: ${describeAjvError(e)}`, where, {
          hint: `arguments: ${wanted.join(', ')}`,
        });
      }
    }
  }

  private compensation(
    raw: unknown,
    path: Path,
    scope: ExprScope,
    defaults: { timeoutMs?: number; retry?: Partial<PlanRetry> },
  ): ActionCall | undefined {
    if (!isObject(raw)) {
      this.report('schema.type', '`compensate` must be an action: `{ uses, with }`', path);
      return undefined;
    }
    this.knownKeys(raw, ['uses', 'with', 'timeout', 'retry'], path, '`compensate`');
    return this.actionCall(raw, path, scope, defaults);
  }

  private approval(
    raw: unknown,
    path: Path,
    scope: ExprScope,
    common: Omit<
      ApprovalStep,
      'kind' | 'title' | 'approvers' | 'required' | 'allowSelfApproval' | 'timeoutMs' | 'onTimeout'
    >,
  ): ApprovalStep | undefined {
    if (!isObject(raw)) {
      this.report('schema.type', '`approval` must be a mapping with `approvers` and `timeout`', path);
      return undefined;
    }
    this.knownKeys(raw, APPROVAL_KEYS, path, '`approval`');
    if (!Array.isArray(raw.approvers) || raw.approvers.length === 0) {
      this.report(
        'approval.approvers',
        'an approval needs a non-empty `approvers` list (emails or `group:<name>`)',
        [...path, 'approvers'],
      );
    }
    const required = raw.required ?? 1;
    if (!Number.isInteger(required) || (required as number) < 1) {
      this.report('schema.value', '`required` must be a whole number of at least 1', [...path, 'required']);
    }
    if (raw.allowSelfApproval !== undefined && typeof raw.allowSelfApproval !== 'boolean') {
      this.report('schema.type', '`allowSelfApproval` must be true or false', [...path, 'allowSelfApproval']);
    }
    if (raw.timeout === undefined)
      this.report('schema.required', 'an approval needs a `timeout` (e.g. `72h`)', path);
    const timeoutMs =
      raw.timeout === undefined ? undefined : this.duration(raw.timeout, [...path, 'timeout'], '`timeout`');
    const onTimeout = this.approvalTimeout(raw.onTimeout, [...path, 'onTimeout'], scope);
    return {
      ...common,
      kind: 'approval',
      title: this.exprs.value(raw.title ?? common.name ?? common.id, [...path, 'title'], scope),
      approvers: this.exprs.value(raw.approvers ?? [], [...path, 'approvers'], scope),
      required: typeof required === 'number' ? required : 1,
      allowSelfApproval: raw.allowSelfApproval === true,
      timeoutMs: timeoutMs ?? 0,
      onTimeout,
    };
  }

  private approvalTimeout(raw: unknown, path: Path, scope: ExprScope): ApprovalStep['onTimeout'] {
    if (raw === undefined || raw === 'reject') return { then: 'reject' };
    if (raw === 'fail') return { then: 'fail' };
    if (!isObject(raw)) {
      this.report('schema.type', '`onTimeout` must be `reject`, `fail`, or `{ escalate, then }`', path);
      return { then: 'reject' };
    }
    this.knownKeys(raw, ['escalate', 'then'], path, '`onTimeout`');
    const then = raw.then ?? 'reject';
    if (then !== 'reject' && then !== 'fail') {
      this.report(
        'schema.enum',
        '`then` must be `reject` or `fail`: an approval is never granted by a timeout',
        [...path, 'then'],
      );
    }
    let escalate: ApprovalStep['onTimeout']['escalate'];
    if (raw.escalate !== undefined) {
      const e = raw.escalate;
      if (!isObject(e))
        this.report('schema.type', '`escalate` must be `{ approvers, timeout }`', [...path, 'escalate']);
      else {
        this.knownKeys(e, ['approvers', 'timeout'], [...path, 'escalate'], '`escalate`');
        if (!Array.isArray(e.approvers) || e.approvers.length === 0) {
          this.report('approval.approvers', '`escalate` needs a non-empty `approvers` list', [
            ...path,
            'escalate',
            'approvers',
          ]);
        }
        const ms =
          e.timeout === undefined
            ? undefined
            : this.duration(e.timeout, [...path, 'escalate', 'timeout'], '`timeout`');
        if (e.timeout === undefined)
          this.report('schema.required', '`escalate` needs a `timeout`', [...path, 'escalate']);
        escalate = {
          approvers: this.exprs.value(e.approvers ?? [], [...path, 'escalate', 'approvers'], scope),
          timeoutMs: ms ?? 0,
        };
      }
    }
    return { ...(escalate ? { escalate } : {}), then: then === 'fail' ? 'fail' : 'reject' };
  }
}

function argumentOf(e: ErrorObject): string | undefined {
  const seg = e.instancePath.split('/')[1];
  return seg ? seg.replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

function describeAjvError(e: ErrorObject): string {
  const field = argumentOf(e);
  const subject = field ? `argument \`${field}\`` : 'arguments';
  switch (e.keyword) {
    case 'required':
      return `missing argument \`${String((e.params as { missingProperty: string }).missingProperty)}\``;
    case 'minProperties':
      return `needs at least ${(e.params as { limit: number }).limit} argument(s)`;
    case 'maxProperties':
      return `takes at most ${(e.params as { limit: number }).limit} argument(s) of these`;
    case 'type':
      return `${subject} must be ${String((e.params as { type: string }).type)}`;
    case 'pattern':
      return `${subject} has the wrong format (${e.message ?? 'pattern mismatch'})`;
    default:
      return `${subject} ${e.message ?? 'is invalid'}`;
  }
}

export function compilePlaybook(text: string, file: string): CompileResult {
  const fail = (code: DiagnosticCode, message: string, line = 1, column = 1): CompileResult => ({
    ok: false,
    diagnostics: [{ code, severity: 'error', message, file, line, column, path: '' }],
  });
  if (text.length > MAX_PLAYBOOK_BYTES) {
    return fail(
      'yaml.tooLarge',
      `the playbook is ${text.length} bytes; the limit is ${MAX_PLAYBOOK_BYTES} bytes`,
    );
  }
  if (text.trim() === '') return fail('yaml.empty', 'the file is empty: expected a playbook');
  const { source, problems } = parseSource(text);
  if (!source) {
    return {
      ok: false,
      diagnostics: problems.map((p) => ({
        code: p.code,
        severity: 'error',
        message: p.message,
        file,
        line: p.at.line,
        column: p.at.column,
        path: '',
      })),
    };
  }
  const compiler = new Compiler(file, source);
  const plan = compiler.compile();
  const diagnostics = compiler.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return plan ? { ok: true, plan, diagnostics: [] } : { ok: false, diagnostics };
}
