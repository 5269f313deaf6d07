// Spec conformance for responses: finds the operation in the JumpCloud OpenAPI documents for a simulator URL,
// resolves the documented response schema and validates a body against it with ajv (JSON Schema 2020-12).
//
// STRICT: every object schema that declares properties also gets `unevaluatedProperties: false`, so a body
// carrying a field the spec does not declare fails ("field for field"). Where the spec and the live API are
// known to differ, the exception is listed below with its reason, never by loosening the check in general.
// Object schemas that declare no properties at all (`{type: object}`) are free-form in the spec and stay so.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export type SpecName = 'v1' | 'v2' | 'di';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const specsDir = process.env['JUMPCLOUD_SPECS_DIR'] ?? resolve(repoRoot, 'specs', 'jumpcloud');
const SPEC_FILES: Record<SpecName, string> = {
  v1: 'jumpcloud-api-v1.yaml',
  v2: 'jumpcloud-api-v2.yaml',
  di: 'jumpcloud-directory-insights-v1.yaml',
};
/** Where each spec's paths live under the simulator's (and console.jumpcloud.com's) root. */
const BASE_PATHS: Record<SpecName, string> = { v1: '/api', v2: '/api/v2', di: '/insights/directory/v1' };

// ---- explicit exceptions ---------------------------------------------------------------------------------

/**
 * Properties the live API sends that a schema does not declare. Each is added to that component schema only.
 */
const EXTRA_PROPERTIES: readonly {
  spec: SpecName;
  schema: string;
  property: string;
  type: object;
  why: string;
}[] = [
  {
    spec: 'v1',
    schema: 'systemuserreturn',
    property: 'id',
    type: { type: 'string' },
    why: 'API-NOTES §1 [infer]: v1 systemusers responses carry `id` (same value as `_id`) next to `_id`.',
  },
];

/*
 * Error statuses an operation does not document (or documents without a body) are the other exception.
 * API-NOTES §3: every v1/v2 error has the `Error` body, and the per-operation lists are incomplete (e.g.
 * GET /systemusers/{id} lists only 200 and 401; POST /v2/usergroups/{id}/members only 204; GET /systemusers
 * documents 401 with no content). Such a body is held to the spec's own standard error response for that
 * status (`components.responses.trait_standardErrors_<status>`; for v2 400 that is `ErrorDetails`), or to
 * `components.schemas.Error` when the spec has none for the status (429, 503). See documentedResponse().
 * Success statuses have no such fallback: an undocumented 2xx fails.
 */

// ---- loading ---------------------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const docs = new Map<SpecName, JsonObject>();

/** The parsed spec, read once per process (v2 is ~3 MB of YAML). */
export function loadSpec(spec: SpecName): JsonObject {
  let doc = docs.get(spec);
  if (!doc) {
    const parsed = parse(readFileSync(resolve(specsDir, SPEC_FILES[spec]), 'utf8'), {
      maxAliasCount: -1,
    }) as Json;
    if (!isObject(parsed)) throw new Error(`${SPEC_FILES[spec]} is not a mapping`);
    doc = parsed;
    docs.set(spec, doc);
  }
  return doc;
}

function child(node: Json | undefined, key: string): Json | undefined {
  return isObject(node) ? node[key] : undefined;
}

function resolvePointer(doc: JsonObject, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
  let node: Json | undefined = doc;
  for (const raw of ref.slice(2).split('/')) {
    node = child(node, raw.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  return node;
}

// ---- operations ------------------------------------------------------------------------------------------

export interface OperationMatch {
  spec: SpecName;
  /** path template as in the spec, e.g. `/systemusers/{id}` */
  template: string;
  method: string;
  operation: JsonObject;
}

/** The spec and path template for a simulator URL such as `/api/v2/usergroups/5f…/members?limit=5`. */
export function findOperation(method: string, url: string): OperationMatch {
  const path = url.split('?')[0] ?? url;
  const spec: SpecName = path.startsWith(`${BASE_PATHS.di}/`)
    ? 'di'
    : path.startsWith(`${BASE_PATHS.v2}/`)
      ? 'v2'
      : 'v1';
  const base = BASE_PATHS[spec];
  if (!path.startsWith(`${base}/`)) throw new Error(`${path} is not under ${base}`);
  const relative = path.slice(base.length);
  const paths = child(loadSpec(spec), 'paths');
  if (!isObject(paths)) throw new Error(`${spec}: no paths`);
  const lower = method.toLowerCase();

  let best: { template: string; literal: number } | undefined;
  for (const template of Object.keys(paths)) {
    if (!isObject(child(paths[template], lower))) continue;
    const pattern = new RegExp(
      `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`,
    );
    if (!pattern.test(relative)) continue;
    // Prefer the most specific template (`/systemusers/{id}/state/activate` over `/systemusers/{id}/{x}`).
    const literal = template.replace(/\{[^}]+\}/g, '').length;
    if (!best || literal > best.literal) best = { template, literal };
  }
  if (!best) throw new Error(`${spec}: no operation ${method} ${relative}`);
  const operation = child(paths[best.template], lower);
  if (!isObject(operation)) throw new Error('unreachable');
  return { spec, template: best.template, method: lower, operation };
}

// ---- schemas ---------------------------------------------------------------------------------------------

const DROP_KEYS = new Set(['example', 'examples', 'xml', 'externalDocs', 'discriminator', 'deprecated']);
const COMBINATORS = ['allOf', 'anyOf', 'oneOf'] as const;

function declaresProperties(node: JsonObject): boolean {
  return isObject(node['properties']) || isObject(node['patternProperties']);
}

/**
 * Inlines `$ref`s and adds the strictness described at the top. `member` is true for a schema that is one
 * branch of allOf/anyOf/oneOf: there the enclosing schema carries `unevaluatedProperties: false` instead,
 * because a branch only sees its own properties and would reject its siblings'.
 */
function strictSchema(
  doc: JsonObject,
  spec: SpecName,
  node: Json,
  member: boolean,
  stack: readonly string[],
): Json {
  if (Array.isArray(node)) return node.map((item) => strictSchema(doc, spec, item, false, stack));
  if (!isObject(node)) return node;

  const ref = node['$ref'];
  if (typeof ref === 'string') {
    if (stack.includes(ref)) throw new Error(`recursive schema ${[...stack, ref].join(' → ')}`);
    const target = resolvePointer(doc, ref);
    const name = ref.startsWith('#/components/schemas/')
      ? ref.slice('#/components/schemas/'.length)
      : undefined;
    let resolved = target;
    if (name !== undefined && isObject(target)) {
      const extras = EXTRA_PROPERTIES.filter((extra) => extra.spec === spec && extra.schema === name);
      if (extras.length > 0) {
        const properties = isObject(target['properties']) ? target['properties'] : {};
        resolved = {
          ...target,
          properties: {
            ...properties,
            ...Object.fromEntries(extras.map((extra) => [extra.property, extra.type as Json])),
          },
        };
      }
    }
    return strictSchema(doc, spec, resolved, member, [...stack, ref]);
  }

  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-') || DROP_KEYS.has(key)) continue;
    if ((key === 'properties' || key === 'patternProperties' || key === '$defs') && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, strictSchema(doc, spec, schema, false, stack)]),
      );
    } else if ((COMBINATORS as readonly string[]).includes(key) && Array.isArray(value)) {
      out[key] = value.map((branch) => strictSchema(doc, spec, branch, true, stack));
    } else {
      out[key] = strictSchema(doc, spec, value, false, stack);
    }
  }
  const isCombined = COMBINATORS.some((key) => key in node);
  const open = 'additionalProperties' in node || 'unevaluatedProperties' in node;
  if (!member && !open && (declaresProperties(node) || isCombined)) out['unevaluatedProperties'] = false;
  return out;
}

// ajv's strict mode stays on (unknown keywords fail) except strictTypes: the `unevaluatedProperties` added
// above sits on allOf parents that have no `type` of their own, which is valid JSON Schema.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
addFormats.default(ajv);
// An OpenAPI format ajv-formats does not define (PolicyResult.exitStatus).
ajv.addFormat('uint32', {
  type: 'number',
  validate: (n: number) => Number.isInteger(n) && n >= 0 && n < 2 ** 32,
});
const compiled = new Map<string, ValidateFunction>();

function validatorFor(match: OperationMatch, key: string, schema: Json): ValidateFunction {
  const cacheKey = `${match.spec} ${match.method} ${match.template} ${key}`;
  let validate = compiled.get(cacheKey);
  if (!validate) {
    const doc = loadSpec(match.spec);
    const strict = strictSchema(doc, match.spec, schema, false, []);
    if (!isObject(strict) && typeof strict !== 'boolean')
      throw new Error(`${cacheKey}: schema is not an object`);
    validate = ajv.compile(strict);
    compiled.set(cacheKey, validate);
  }
  return validate;
}

// ---- responses -------------------------------------------------------------------------------------------

export interface ResponseUnderTest {
  method: string;
  /** The simulator path (query string allowed), e.g. `/api/systemusers/5f…`. */
  url: string;
  status: number;
  /** Parsed JSON, or the text for text/plain, or undefined / '' for no body. */
  body: unknown;
  /** The response's Content-Type; undefined when there is no body. */
  contentType?: string | null;
}

export interface Conformance {
  operation: string;
  errors: string[];
}

function documentedResponse(match: OperationMatch, status: number): { response: JsonObject; source: string } {
  const doc = loadSpec(match.spec);
  const responses = child(match.operation, 'responses');
  const deref = (value: Json | undefined): JsonObject | undefined => {
    if (!isObject(value)) return undefined;
    const ref = value['$ref'];
    const target = typeof ref === 'string' ? resolvePointer(doc, ref) : value;
    return isObject(target) ? target : undefined;
  };
  const declared =
    deref(child(responses, String(status))) ?? deref(child(responses, `${String(status)[0]}XX`));
  const hasBody = (response: JsonObject | undefined): boolean => isObject(child(response, 'content'));

  if (declared && (status < 400 || hasBody(declared)))
    return { response: declared, source: `responses.${status}` };
  if (status >= 400) {
    const fallbackDefault = deref(child(responses, 'default'));
    if (hasBody(fallbackDefault) && fallbackDefault)
      return { response: fallbackDefault, source: 'responses.default' };
    const standard = deref(
      child(child(child(doc, 'components'), 'responses'), `trait_standardErrors_${status}`),
    );
    if (standard && hasBody(standard))
      return { response: standard, source: `trait_standardErrors_${status} (fallback)` };
    // Directory Insights' error body is `ErrorMessage` (`{message}`), v1/v2's is `Error`.
    const errorSchema = match.spec === 'di' ? 'ErrorMessage' : 'Error';
    return {
      response: {
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${errorSchema}` } } },
      },
      source: `components.schemas.${errorSchema} (fallback)`,
    };
  }
  throw new Error(
    `${match.spec} ${match.method.toUpperCase()} ${match.template}: status ${status} is not documented`,
  );
}

/** Checks one response against the spec; returns the problems found (empty when it conforms). */
export function checkResponse(response: ResponseUnderTest): Conformance {
  const match = findOperation(response.method, response.url);
  const operation = `${match.spec} ${match.method.toUpperCase()} ${match.template} → ${response.status}`;
  const { response: documented, source } = documentedResponse(match, response.status);
  const content = child(documented, 'content');
  const noBody = response.body === undefined || response.body === '';

  if (!isObject(content)) {
    return {
      operation,
      errors: noBody ? [] : [`${source} documents no body, got ${JSON.stringify(response.body)}`],
    };
  }
  const mediaType = (response.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const media = content[mediaType];
  if (!isObject(media)) {
    return {
      operation,
      errors: [
        `content type "${mediaType}" is not documented (${source} has ${Object.keys(content).join(', ')})`,
      ],
    };
  }
  const schema = media['schema'];
  if (schema === undefined) return { operation, errors: [] };
  const validate = validatorFor(match, `${response.status} ${mediaType}`, schema);
  if (validate(response.body)) return { operation, errors: [] };
  return {
    operation,
    errors: (validate.errors ?? []).map((error) => {
      const extra =
        error.keyword === 'unevaluatedProperties' ? ` "${String(error.params['unevaluatedProperty'])}"` : '';
      return `${error.instancePath || '(body)'} ${error.message ?? 'is invalid'}${extra} [${source}]`;
    }),
  };
}

/** Throws with every problem listed when the response does not conform to the spec. */
export function assertConformsToSpec(response: ResponseUnderTest): void {
  const { operation, errors } = checkResponse(response);
  if (errors.length > 0) {
    throw new Error(
      `response does not conform to the spec (${operation}):\n  ${errors.slice(0, 20).join('\n  ')}`,
    );
  }
}
