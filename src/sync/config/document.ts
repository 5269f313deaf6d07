// A YAML config document with positions (read by common/yaml.ts, the reader of every idflow document),
// checked against its JSON Schema; schema errors are mapped back to the line and column of the offending
// key or value.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { readYaml, type YamlDocument, type YamlPath } from '../../common/yaml.js';
import type { ConfigDiagnostic } from './diagnostics.js';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validators = new WeakMap<object, ValidateFunction>();

/** The schema's validator, compiled once: the same schema editors use from schemas/ for completion. */
function validatorFor(schema: object): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

type Path = YamlPath;

function pathOf(pointer: string): Path {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** One readable message per ajv error; errors that only summarise others (if/anyOf) are dropped. */
function describe(e: ErrorObject): { message: string; path: Path; atKey: boolean } | undefined {
  const path = pathOf(e.instancePath);
  const where = e.instancePath === '' ? 'the document' : `\`${path.join('.')}\``;
  switch (e.keyword) {
    case 'if':
    case 'anyOf':
    case 'oneOf':
      return e.keyword === 'oneOf' || e.keyword === 'anyOf'
        ? {
            message: `${where} must have ${e.keyword === 'oneOf' ? 'exactly one' : 'at least one'} of the alternatives (see the schema)`,
            path,
            atKey: false,
          }
        : undefined;
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      return { message: `unknown key \`${key}\` in ${where}`, path: [...path, key], atKey: true };
    }
    case 'required':
      return {
        message: `${where} is missing \`${String((e.params as { missingProperty: string }).missingProperty)}\``,
        path,
        atKey: false,
      };
    case 'enum':
      return {
        message: `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`,
        path,
        atKey: false,
      };
    case 'const':
      return {
        message: `${where} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`,
        path,
        atKey: false,
      };
    default:
      return { message: `${where} ${e.message ?? 'is invalid'}`, path, atKey: false };
  }
}

export interface ConfigDocument {
  value: unknown;
  source: YamlDocument;
}

export function parseConfigDocument(
  text: string,
  file: string,
  schema: object,
  expected: string,
): { document?: ConfigDocument; diagnostics: ConfigDiagnostic[] } {
  const read = readYaml(text, { expected });
  if (!read.ok) {
    return {
      diagnostics: read.problems.map((p) => ({
        code: p.code,
        file,
        line: p.at.line,
        column: p.at.column,
        message: p.message,
        path: '',
        ...(p.hint ? { hint: p.hint } : {}),
      })),
    };
  }
  const source = read.document;
  const validate = validatorFor(schema);
  if (validate(source.value)) return { document: { value: source.value, source }, diagnostics: [] };
  const seen = new Set<string>();
  const diagnostics: ConfigDiagnostic[] = [];
  for (const error of validate.errors ?? []) {
    const d = describe(error);
    if (!d) continue;
    const key = `${d.path.join('/')}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const at = source.pos(d.path, d.atKey);
    diagnostics.push({
      code: 'schema',
      file,
      line: at.line,
      column: at.column,
      message: d.message,
      path: `/${d.path.join('/')}`,
    });
  }
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return { diagnostics };
}
