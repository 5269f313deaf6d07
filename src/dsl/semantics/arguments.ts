// An action's `with` against the catalog's schema for it. Literal values are validated as they are; values
// computed by expressions are checked by the type the compiler can infer (and again by the activity at run
// time, where the value is known). Unknown and missing arguments are errors either way.
import type { ErrorObject } from 'ajv';
import { closest, didYouMean, list, type DiagnosticSink, type Path } from '../diagnostics.js';
import type { Schema } from '../schema/playbookSchema.js';
import { dataValidator } from './dataSchemas.js';
import { type ExpressionChecker } from './expressions.js';
import type { StaticScope } from './scope.js';
import { describeType, fits, type Ty } from './types.js';

export interface ArgumentTarget {
  /** What the arguments are for, in messages: `` `jumpcloud.user.find` `` or `` playbook `offboarding` ``. */
  what: string;
  schema: Schema;
  /** Where to point when an argument is missing and there is no `with`. */
  anchor: Path;
  /** Codes to use: actions and child playbooks share the logic, not the codes. */
  codes: {
    unknown: 'action.unknownArgument' | 'playbook.inputs';
    missing: 'action.missingArgument' | 'playbook.inputs';
    value: 'action.arguments' | 'playbook.inputs';
  };
}

export function checkArguments(
  target: ArgumentTarget,
  raw: unknown,
  path: Path,
  scope: StaticScope,
  exprs: ExpressionChecker,
  sink: DiagnosticSink,
): void {
  const args = (raw ?? {}) as Record<string, unknown>;
  const props = (target.schema.properties ?? {}) as Record<string, Schema>;
  const names = Object.keys(props);
  const dynamic = new Set<string>();
  const probe: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    const ty = exprs.value(v, [...path, k], scope);
    if (containsExpression(v)) {
      dynamic.add(k);
      probe[k] = placeholder(props[k]);
      const want = props[k];
      if (want && !fits(ty, want)) {
        sink.error(
          'expr.type',
          `argument \`${k}\` of ${target.what} must be ${describeType(want)}, but this is ${describeType(ty)}`,
          [...path, k],
        );
      }
    } else probe[k] = v;
  }

  const validate = dataValidator(target.schema);
  if (validate(probe)) return;
  // A misspelt argument is reported once: as unknown, with the right name as the hint.
  const misspelt = new Set(
    Object.keys(args)
      .filter((k) => !(k in props))
      .map((k) => closest(k, names)),
  );
  for (const e of validate.errors ?? []) {
    if (
      e.keyword === 'required' &&
      e.instancePath === '' &&
      misspelt.has(String((e.params as Record<string, unknown>).missingProperty))
    )
      continue;
    const arg = firstSegment(e.instancePath);
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'additionalProperties' && e.instancePath === '') {
      const extra = String(params.additionalProperty);
      sink.error(target.codes.unknown, `${target.what} has no argument \`${extra}\``, [...path, extra], {
        key: true,
        hint:
          didYouMean(extra, names) ?? (names.length ? `arguments: ${list(names)}` : 'it takes no arguments'),
      });
      continue;
    }
    if (e.keyword === 'required' && e.instancePath === '') {
      const missing = String(params.missingProperty);
      sink.error(
        target.codes.missing,
        `${target.what} needs argument \`${missing}\``,
        raw === undefined ? target.anchor : path,
        {
          key: raw !== undefined,
          hint: describeArgument(missing, props[missing]),
        },
      );
      continue;
    }
    // A value only known at run time cannot be judged here beyond its type.
    if (arg !== undefined && dynamic.has(arg)) continue;
    if (e.instancePath === '' && dynamic.size > 0 && isShapeKeyword(e.keyword)) continue;
    sink.error(
      target.codes.value,
      `${target.what}: ${describeError(e, arg)}`,
      arg === undefined ? path : [...path, ...pointerPath(e.instancePath)],
      {
        key: arg === undefined,
        hint:
          e.instancePath === '' ? `arguments: ${list(names)}` : describeArgument(arg ?? '', props[arg ?? '']),
      },
    );
  }
}

/** True when the value (or anything inside it) holds a `${{ }}`. */
export function containsExpression(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('${{');
  if (Array.isArray(v)) return v.some(containsExpression);
  if (v !== null && typeof v === 'object') return Object.values(v).some(containsExpression);
  return false;
}

/** A stand-in value for an expression: passes keyword checks at the top level (count, required). */
function placeholder(schema: Ty): unknown {
  return schema?.default ?? null;
}

function isShapeKeyword(k: string): boolean {
  return [
    'minProperties',
    'maxProperties',
    'oneOf',
    'anyOf',
    'not',
    'if',
    'dependentRequired',
    'dependencies',
  ].includes(k);
}

function describeArgument(name: string, schema: Schema | undefined): string | undefined {
  if (!schema) return undefined;
  const d = typeof schema.description === 'string' ? ` — ${schema.description}` : '';
  return `\`${name}\`: ${describeType(schema)}${d}`;
}

function describeError(e: ErrorObject, arg: string | undefined): string {
  const subject = arg ? `argument \`${arg}\`` : 'the arguments';
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'minProperties':
      return `needs at least ${String(params.limit)} argument(s)`;
    case 'maxProperties':
      return `takes at most ${String(params.limit)} of these arguments`;
    case 'type':
      return `${subject} must be ${String(params.type)}`;
    case 'enum':
      return `${subject} must be one of ${((params.allowedValues ?? []) as unknown[]).map((v) => `\`${String(v)}\``).join(', ')}`;
    default:
      return `${subject} ${e.message ?? 'is invalid'}`;
  }
}

function pointerPath(p: string): Path {
  return p
    .slice(1)
    .split('/')
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
}

function firstSegment(p: string): string | undefined {
  const seg = pointerPath(p)[0];
  return seg === undefined ? undefined : String(seg);
}
