// Spec conformance for the Slack stand-in: finds a Web API method in Slack's published OpenAPI (Swagger 2.0)
// document, picks the documented answer (`responses.200` for `ok: true`, `responses.default` for
// `ok: false`), inlines its `#/definitions/…` references and validates the body with ajv.
//
// How the document is read, once, for every schema:
// - `items: [A, B]` on a schema that is not an array is Slack's way of writing "one of A or B" (objs_user:
//   a workspace user or an enterprise user; tz: null or a string). Read literally, JSON Schema applies
//   `items` to arrays only and such a schema accepts anything, so it is read as `anyOf: [A, B]`.
// - An object schema that declares properties but says nothing of others is closed (no undeclared field
//   passes), as test/helpers/openapi.ts does for JumpCloud. Most of Slack's schemas already say
//   `additionalProperties: false`; an explicit `true` stays open.
//
// Where the document is older than today's API (specs/slack/PROVENANCE.md; facts in ../shared/slack/README.md),
// the exceptions are listed below with the reason, never by loosening the check in general.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SPEC_FILE = resolve(repoRoot, 'specs', 'slack', 'slack-web-openapi-v2.json');

// ---- explicit exceptions ---------------------------------------------------------------------------------

/** Error codes Slack answers with today that a method's `error` enum does not list. */
export const EXTRA_ERRORS: readonly {
  methods: readonly string[] | '*';
  errors: readonly string[];
  why: string;
}[] = [
  {
    methods: '*',
    errors: ['ratelimited'],
    why:
      'README: a rate-limited call is HTTP 429 with Retry-After and `ratelimited`, for every method; the ' +
      'document lists only the old `rate_limited`, and only on chat.*.',
  },
  {
    methods: ['chat.postMessage', 'chat.update'],
    errors: ['invalid_blocks', 'invalid_blocks_format'],
    why: 'Block Kit came after these error lists: Slack refuses blocks it cannot read with these codes.',
  },
  {
    methods: ['chat.postMessage'],
    errors: ['invalid_json', 'json_not_object'],
    why:
      'chat.postMessage takes JSON (its `consumes`), and a malformed JSON body gets the generic errors the ' +
      "other methods' lists carry; its own list predates JSON bodies.",
  },
];

/** Parts of a documented schema that are wrong for today's API, replaced with what Slack sends. */
const SCHEMA_FIXES: readonly {
  method: string;
  answer: '200' | 'default';
  path: readonly string[];
  schema: object;
  why: string;
}[] = [
  {
    method: 'chat.update',
    answer: '200',
    path: ['properties', 'message', 'properties', 'blocks'],
    schema: { $ref: '#/definitions/blocks' },
    why: 'Documented as `type: object`; blocks are an array, as in objs_message and the request.',
  },
];

/*
 * Two more differences need no schema change:
 * - HTTP verbs: auth.test, users.lookupByEmail and users.info are documented as GET, the others as POST;
 *   Slack takes every method both ways, and the README says POST. Methods are looked up by name alone.
 * - Status: every answer is HTTP 200 except `ratelimited` (429, per the README), which is held to the
 *   method's error schema like any other `ok: false`.
 */

// ---- loading ---------------------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

let spec: JsonObject | undefined;

export function loadSlackSpec(): JsonObject {
  if (spec === undefined) {
    const parsed = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as Json;
    if (!isObject(parsed) || parsed['swagger'] !== '2.0')
      throw new Error(`${SPEC_FILE} is not a Swagger 2.0 document`);
    spec = parsed;
  }
  return spec;
}

function definitions(): JsonObject {
  const defs = loadSlackSpec()['definitions'];
  if (!isObject(defs)) throw new Error('the Slack spec has no definitions');
  return defs;
}

/** The operation documented for a method, whatever its HTTP verb. */
export function slackOperation(method: string): JsonObject {
  const paths = loadSlackSpec()['paths'];
  const entry = isObject(paths) ? paths[`/${method}`] : undefined;
  const operation = isObject(entry) ? (entry['post'] ?? entry['get']) : undefined;
  if (!isObject(operation)) throw new Error(`the Slack spec documents no method ${method}`);
  return operation;
}

// ---- schemas ---------------------------------------------------------------------------------------------

const DROP_KEYS = new Set(['title', 'description', 'example', 'examples', 'externalDocs']);

/** Inlines `$ref`s, reads `items: [A, B]` as anyOf and closes objects (see the top of the file). */
function strictSchema(node: Json, stack: readonly string[]): Json {
  if (Array.isArray(node)) return node.map((item) => strictSchema(item, stack));
  if (!isObject(node)) return node;

  const ref = node['$ref'];
  if (typeof ref === 'string') {
    const name = ref.startsWith('#/definitions/') ? ref.slice('#/definitions/'.length) : undefined;
    const target = name === undefined ? undefined : definitions()[name];
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    if (stack.includes(ref)) throw new Error(`recursive schema ${[...stack, ref].join(' → ')}`);
    return strictSchema(target, [...stack, ref]);
  }

  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-') || DROP_KEYS.has(key)) continue;
    if (key === 'items' && Array.isArray(value) && node['type'] !== 'array') {
      out['anyOf'] = value.map((branch) => strictSchema(branch, stack));
    } else if (key === 'properties' && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, strictSchema(schema, stack)]),
      );
    } else {
      out[key] = strictSchema(value, stack);
    }
  }
  if (isObject(node['properties']) && !('additionalProperties' in node)) out['additionalProperties'] = false;
  return out;
}

function fixed(method: string, answer: '200' | 'default', schema: Json): Json {
  let result = schema;
  for (const fix of SCHEMA_FIXES.filter((f) => f.method === method && f.answer === answer)) {
    const copy = structuredClone(result);
    let node: Json | undefined = copy;
    for (const key of fix.path.slice(0, -1)) node = isObject(node) ? node[key] : undefined;
    const last = fix.path.at(-1);
    if (!isObject(node) || last === undefined || !(last in node))
      throw new Error(
        `schema fix for ${method} ${answer}: ${fix.path.join('.')} is not in the spec any more`,
      );
    node[last] = strictSchema(fix.schema as Json, []);
    result = copy;
  }
  return result;
}

function withExtraErrors(method: string, schema: Json): Json {
  const extra = EXTRA_ERRORS.filter((e) => e.methods === '*' || e.methods.includes(method)).flatMap(
    (e) => e.errors,
  );
  const error =
    isObject(schema) && isObject(schema['properties']) ? schema['properties']['error'] : undefined;
  if (!isObject(error) || !Array.isArray(error['enum']))
    throw new Error(`${method}: the error schema has no enum`);
  const copy = structuredClone(schema) as JsonObject;
  const properties = copy['properties'] as JsonObject;
  properties['error'] = { ...error, enum: [...new Set([...error['enum'], ...extra])] };
  return copy;
}

// strict mode stays on (unknown keywords fail) except strictTypes: the document puts object keywords on
// schemas without a `type` (e.g. objs_file's `shares.private`) and writes nullable fields as union types.
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
addFormats.default(ajv);
const compiled = new Map<string, ValidateFunction>();

function validatorFor(method: string, answer: '200' | 'default'): ValidateFunction {
  const key = `${method} ${answer}`;
  let validate = compiled.get(key);
  if (validate === undefined) {
    const responses = slackOperation(method)['responses'];
    const documented = isObject(responses) ? responses[answer] : undefined;
    const schema = isObject(documented) ? documented['schema'] : undefined;
    if (schema === undefined) throw new Error(`${method}: no schema for responses.${answer}`);
    let strict = fixed(method, answer, strictSchema(schema, []));
    if (answer === 'default') strict = withExtraErrors(method, strict);
    if (!isObject(strict)) throw new Error(`${key}: schema is not an object`);
    validate = ajv.compile(strict);
    compiled.set(key, validate);
  }
  return validate;
}

// ---- answers ---------------------------------------------------------------------------------------------

export interface SlackAnswerUnderTest {
  /** The Web API method, e.g. `chat.postMessage`. */
  method: string;
  status: number;
  contentType: string | null;
  body: unknown;
}

export interface SlackConformance {
  operation: string;
  errors: string[];
}

export function checkSlackAnswer(answer: SlackAnswerUnderTest): SlackConformance {
  const ok = isObject(answer.body as Json) ? (answer.body as JsonObject)['ok'] : undefined;
  const which = ok === true ? '200' : 'default';
  const operation = `${answer.method} → ${answer.status} ${which === '200' ? 'ok' : 'error'}`;
  const errors: string[] = [];
  const mediaType = (answer.contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json')
    errors.push(`content type "${mediaType ?? ''}" is not application/json`);
  const error =
    which === 'default' && isObject(answer.body as Json) ? (answer.body as JsonObject)['error'] : undefined;
  const expectedStatus = error === 'ratelimited' ? 429 : 200;
  if (answer.status !== expectedStatus)
    errors.push(
      `HTTP ${answer.status}: Slack answers ${expectedStatus} for ${ok === true ? 'ok' : JSON.stringify(error)}`,
    );
  const validate = validatorFor(answer.method, which);
  if (!validate(answer.body)) {
    for (const problem of validate.errors ?? []) {
      const extra =
        problem.keyword === 'additionalProperties'
          ? ` "${String(problem.params['additionalProperty'])}"`
          : problem.keyword === 'enum'
            ? ` (${JSON.stringify(problem.params['allowedValues'])})`
            : '';
      errors.push(
        `${problem.instancePath || '(body)'} ${problem.message ?? 'is invalid'}${extra} [responses.${which}]`,
      );
    }
  }
  return { operation, errors };
}

export function assertSlackConformsToSpec(answer: SlackAnswerUnderTest): void {
  const { operation, errors } = checkSlackAnswer(answer);
  if (errors.length > 0)
    throw new Error(
      `answer does not conform to the Slack spec (${operation}):\n  ${errors.slice(0, 20).join('\n  ')}`,
    );
}
