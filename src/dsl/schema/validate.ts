// Phase 2, schema: the document against the language's JSON Schema (ajv), every error mapped back to the
// YAML node it is about — an unknown key at the key, with the nearest valid key as a hint. The header and
// each step are validated separately, the step against the schema of its own kind, so an author who wrote
// an action step hears about action steps only.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { closest, didYouMean, list, type DiagnosticSink, type Path } from '../diagnostics.js';
import {
  buildPlaybookSchema,
  DURATION_PATTERN,
  SCHEMA_ID,
  STEP_DEFS,
  type Schema,
  type StepKindName,
} from './playbookSchema.js';

let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

function validator(def: string | undefined): ValidateFunction {
  const key = def ?? '';
  let v = validators.get(key);
  if (!v) {
    if (!ajv) {
      // `verbose` gives each error its schema, which the messages and hints below read.
      // The schema is ours and tested: skip validating it against the 2020-12 meta-schema (a third of the
      // cold start of `idflow validate`).
      ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, validateSchema: false });
      ajv.addSchema(buildPlaybookSchema({ nested: 'shallow' }));
    }
    v = ajv.getSchema(def ? `${SCHEMA_ID}#/$defs/${def}` : SCHEMA_ID);
    if (!v) throw new Error(`the playbook schema has no definition ${key}`);
    validators.set(key, v);
  }
  return v;
}

/** Validates the playbook's header (its steps only as a list of mappings). True when it is valid. */
export function validateHeader(value: unknown, sink: DiagnosticSink): boolean {
  return run(validator(undefined), value, [], sink);
}

/** Validates one step against its kind's schema (nested steps only as mappings). True when valid. */
export function validateStep(kind: StepKindName, value: unknown, path: Path, sink: DiagnosticSink): boolean {
  return run(validator(STEP_DEFS[kind]), value, path, sink);
}

function run(validate: ValidateFunction, value: unknown, base: Path, sink: DiagnosticSink): boolean {
  if (validate(value)) return true;
  for (const e of relevantErrors(validate.errors ?? [], value)) report(e, value, base, sink);
  return false;
}

/**
 * Of the errors under an `anyOf`, keeps those of the branch that matches the value's JSON type (an
 * `onError` string is judged as an enum, a list as steps); with no such branch, keeps the `anyOf` error.
 */
function relevantErrors(errors: ErrorObject[], root: unknown): ErrorObject[] {
  // A misspelt key is reported once, as an unknown key whose hint names the right one, not also as the
  // right one missing.
  const misspelt = new Set(
    errors
      .filter((e) => e.keyword === 'additionalProperties')
      .map((e) => {
        const allowed = Object.keys(((e.parentSchema ?? {}) as Schema).properties ?? {});
        const guess = closest(String((e.params as Record<string, unknown>).additionalProperty), allowed);
        return guess === undefined ? '' : `${e.instancePath}/${guess}`;
      }),
  );
  let kept = errors.filter(
    (e) =>
      e.keyword !== 'required' ||
      !misspelt.has(`${e.instancePath}/${String((e.params as Record<string, unknown>).missingProperty)}`),
  );
  for (const a of errors.filter((e) => e.keyword === 'anyOf')) {
    const branches = (a.schema ?? []) as Schema[];
    const data = valueAt(root, a.instancePath);
    const match = branches.findIndex((b) => acceptsType(b, data));
    kept = kept.filter((e) => {
      if (e === a) return match < 0;
      if (!e.schemaPath.startsWith(`${a.schemaPath}/`)) return true;
      return match >= 0 && e.schemaPath.startsWith(`${a.schemaPath}/${match}/`);
    });
  }
  return kept;
}

function report(e: ErrorObject, root: unknown, base: Path, sink: DiagnosticSink): void {
  const path = [...base, ...fromPointer(e.instancePath)];
  const parent = (e.parentSchema ?? {}) as Schema;
  const params = e.params as Record<string, unknown>;
  const at = describe(path);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(parent.properties ?? {});
      sink.error('schema.unknownKey', `unknown key \`${key}\`${at ? ` in ${at}` : ''}`, [...path, key], {
        key: true,
        hint: didYouMean(key, allowed) ?? (allowed.length ? `expected one of: ${list(allowed)}` : undefined),
      });
      return;
    }
    case 'required': {
      const key = String(params.missingProperty);
      const inApproval = path.at(-1) === 'approval' || path.at(-1) === 'escalate';
      if (inApproval && (key === 'approvers' || key === 'timeout')) {
        sink.error(
          key === 'approvers' ? 'approval.approvers' : 'approval.timeout',
          `${at} has no \`${key}\``,
          path,
          {
            hint: requiredHint(key),
          },
        );
        return;
      }
      sink.error('schema.required', `missing \`${key}\`${at ? ` in ${at}` : ''}`, path, {
        hint: requiredHint(key),
      });
      return;
    }
    case 'type': {
      const data = valueAt(root, e.instancePath);
      sink.error(
        'schema.type',
        `${at || 'the playbook'} must be ${article(String(params.type))}, not ${jsonType(data)}`,
        path,
      );
      return;
    }
    case 'anyOf': {
      const data = valueAt(root, e.instancePath);
      const types = [...new Set(((e.schema ?? []) as Schema[]).map(describeSchema))];
      sink.error('schema.type', `${at} must be ${types.join(' or ')}, not ${jsonType(data)}`, path);
      return;
    }
    case 'enum':
    case 'const': {
      const allowed = (e.keyword === 'enum' ? params.allowedValues : [params.allowedValue]) as unknown[];
      const data = valueAt(root, e.instancePath);
      const strings = allowed.filter((v): v is string => typeof v === 'string');
      sink.error(
        'schema.enum',
        `${at} must be ${allowed.map((v) => `\`${String(v)}\``).join(' or ')}`,
        path,
        { hint: typeof data === 'string' ? didYouMean(data, strings) : undefined },
      );
      return;
    }
    case 'pattern': {
      // Under `propertyNames` the same problem comes twice; the `propertyNames` error points at the key.
      if ((e as { propertyName?: string }).propertyName !== undefined) return;
      if (parent.pattern === DURATION_PATTERN) {
        sink.error(
          'duration.invalid',
          `${at} must be a duration like \`30s\`, \`2m\`, \`72h\` or \`14d\``,
          path,
          {
            hint: 'a number and a unit: ms, s, m, h, d, w (combine them: `1h30m`)',
          },
        );
      } else {
        sink.error('schema.value', `${at} has the wrong form: ${patternHelp(String(params.pattern))}`, path);
      }
      return;
    }
    case 'propertyNames': {
      const name = String(params.propertyName);
      sink.error(
        'schema.value',
        `\`${name}\` is not a valid name here: ${patternHelp('identifier')}`,
        [...path, name],
        {
          key: true,
        },
      );
      return;
    }
    case 'not':
      sink.error('schema.value', `${at} may not be one of the reserved names`, path, {
        hint: 'inputs, steps, vars, trigger and run are the roots of every expression',
      });
      return;
    case 'minItems':
      if (path.at(-1) === 'approvers') {
        sink.error('approval.approvers', `${at} is empty: nobody could approve`, path, {
          hint: 'list emails or `group:<user group name>` entries',
        });
        return;
      }
      sink.error('schema.value', `${at} needs at least ${String(params.limit)} item(s)`, path);
      return;
    case 'minProperties':
    case 'maxProperties':
      if (path.at(-1) === 'wait') {
        sink.error(
          'wait.invalid',
          'a wait takes exactly one of `for` (a duration) and `until` (a timestamp)',
          path,
        );
        return;
      }
      sink.error('schema.value', `${at} ${e.message ?? 'has the wrong number of entries'}`, path);
      return;
    default:
      sink.error('schema.value', `${at || 'the playbook'} ${e.message ?? 'is invalid'}`, path);
  }
}

function requiredHint(key: string): string | undefined {
  switch (key) {
    case 'id':
      return 'every step needs an `id`: a letter, then letters, digits or `_`';
    case 'timeout':
      return 'e.g. `timeout: 72h`: an approval nobody answers must end';
    case 'approvers':
      return "e.g. `approvers: ['${{ steps.user.output.manager.email }}']` or `[group:IT Admins]`";
    case 'apiVersion':
      return 'start the file with `apiVersion: idflow/v1`';
    case 'kind':
      return 'add `kind: Playbook`';
    default:
      return undefined;
  }
}

function patternHelp(pattern: string): string {
  if (pattern === 'identifier' || pattern.startsWith('^[A-Za-z_]'))
    return 'a letter or `_`, then letters, digits or `_`';
  if (pattern.startsWith('^[a-z0-9][a-z0-9-]*')) return 'lower-case letters, digits and dashes';
  if (pattern.startsWith('^[a-z][A-Za-z0-9]*(\\.')) return 'an action name like `jumpcloud.user.find`';
  if (pattern.includes('\\$\\{\\{')) return 'one `${{ … }}` expression';
  return `expected to match ${pattern}`;
}

/** A readable name for the thing at `path`: `` `steps[2].approval.timeout` ``. */
function describe(path: Path): string {
  if (path.length === 0) return '';
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return `\`${out}\``;
}

function describeSchema(s: Schema): string {
  if (typeof s.$ref === 'string') return s.$ref.endsWith('/expression') ? 'a `${{ }}` expression' : 'a value';
  if (Array.isArray(s.enum)) return s.enum.map((v) => `\`${String(v)}\``).join(' or ');
  if (typeof s.type === 'string') return article(s.type);
  return 'a value';
}

function article(type: string): string {
  switch (type) {
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'integer':
      return 'a whole number';
    case 'string,boolean':
      return 'a `${{ }}` expression or true/false';
    default:
      return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
  }
}

export function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'empty (null)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return Number.isInteger(v) ? 'a whole number' : 'a number';
  return `a ${typeof v}`;
}

function acceptsType(schema: Schema, data: unknown): boolean {
  const t = Array.isArray(data) ? 'array' : data === null ? 'null' : typeof data;
  if (typeof schema.$ref === 'string') return t === 'string'; // the only referenced branches are strings
  if (Array.isArray(schema.enum)) return schema.enum.some((v) => typeof v === t);
  const types = ([] as unknown[]).concat(schema.type ?? []);
  return types.some(
    (x) => x === t || (t === 'object' && x === 'object') || (t === 'number' && x === 'integer'),
  );
}

function fromPointer(p: string): Path {
  if (!p) return [];
  return p
    .slice(1)
    .split('/')
    .map((s) => {
      const seg = s.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(seg) ? Number(seg) : seg;
    });
}

function valueAt(root: unknown, pointer: string): unknown {
  let v = root;
  for (const seg of fromPointer(pointer)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}
