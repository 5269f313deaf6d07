// One source of truth: the schema is built by src/dsl/schema/playbookSchema.ts; the published JSON and the
// TypeScript types are generated from it and must not drift. The published schema (what editors use)
// accepts every example and rejects the corpus' schema-level mistakes.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { generateArtifacts, SCHEMA_FILE, TYPES_FILE } from '../../scripts/gen-schemas.js';
import { loadFixtures } from '../helpers/fixtures.js';
import { examplePath } from '../helpers/playbooks.js';

const EXAMPLES = ['access-request', 'password-reset', 'mfa-reset', 'onboarding', 'offboarding'];

/** Problems a schema alone can see; the rest (scope, types, durations' ranges, children) need the compiler. */
const SCHEMA_LEVEL = new Set([
  'schema.type',
  'schema.required',
  'schema.unknownKey',
  'schema.enum',
  'step.kind',
  'duration.invalid',
  'wait.invalid',
  'approval.timeout',
  'action.unknown',
  'action.unknownArgument',
  'action.missingArgument',
]);

describe('the playbook schema', () => {
  it('is generated: schemas/playbook.schema.json and the TypeScript types match their source', async () => {
    const { schema, types } = await generateArtifacts();
    const hint = 'run `npm run gen:schemas` and commit the result';
    expect(readFileSync(SCHEMA_FILE, 'utf8'), hint).toBe(schema);
    expect(readFileSync(TYPES_FILE, 'utf8'), hint).toBe(types);
  });

  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);

  it.each(EXAMPLES)('accepts examples/%s.yaml, which names the schema for editors', (name) => {
    const text = readFileSync(examplePath(`${name}.yaml`), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/playbook.schema.json');
    expect(validate(parseYaml(text)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  const schemaLevel = loadFixtures().filter(
    (f) => !f.valid && f.expected.some((e) => SCHEMA_LEVEL.has(e.code)),
  );

  it('has schema-level cases in the corpus', () => {
    expect(schemaLevel.length).toBeGreaterThanOrEqual(25);
  });

  it.each(schemaLevel.map((f) => [f.name, f.text] as const))('rejects %s', (_, text) => {
    expect(validate(parseYaml(text))).toBe(false);
  });

  it('describes every property, for hover help in editors', () => {
    const missing: string[] = [];
    // `properties` maps names to schemas: the names are not keywords. Per-action `if`/`then` fragments
    // repeat the catalog's own schemas and are skipped.
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}/${i}`));
      else if (node && typeof node === 'object' && !path.includes('/allOf/')) {
        for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
          if ((k === 'properties' || k === '$defs') && v && typeof v === 'object') {
            for (const [name, schema] of Object.entries(v as Record<string, Record<string, unknown>>)) {
              if (k === 'properties' && typeof schema.description !== 'string')
                missing.push(`${path}/${k}/${name}`);
              walk(schema, `${path}/${k}/${name}`);
            }
          } else walk(v, `${path}/${k}`);
        }
      }
    };
    walk(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')), '#');
    expect(missing).toEqual([]);
  });
});
