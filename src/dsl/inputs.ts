// Run inputs are checked against the playbook's `inputs:` schema before anything starts — by the client
// for a top-level run, by an activity for a child playbook (ajv cannot run in the workflow sandbox).
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonObject, JsonValue } from '../common/json.js';

/** Inputs that do not match the playbook's `inputs:` schema. Nothing was started. */
export class InvalidInputsError extends Error {
  constructor(
    readonly playbook: string,
    readonly problems: string[],
  ) {
    super(`invalid inputs for playbook ${playbook}:\n  ${problems.join('\n  ')}`);
    this.name = 'InvalidInputsError';
  }
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
addFormats.default(ajv);
const compiled = new Map<string, ValidateFunction>();

function validatorFor(schema: JsonValue): ValidateFunction {
  const key = JSON.stringify(schema);
  let v = compiled.get(key);
  if (!v) {
    v = ajv.compile(schema as JsonObject);
    compiled.set(key, v);
  }
  return v;
}

/** Checks inputs against the schema and fills declared defaults; throws InvalidInputsError listing every problem. */
export function prepareInputs(
  playbook: string,
  schema: JsonValue,
  raw: unknown,
): { [name: string]: JsonValue } {
  const inputs = JSON.parse(JSON.stringify(raw ?? {})) as { [name: string]: JsonValue };
  const validate = validatorFor(schema);
  if (!validate(inputs)) {
    throw new InvalidInputsError(
      playbook,
      (validate.errors ?? []).map((e) => {
        if (e.keyword === 'required')
          return `missing input \`${String((e.params as { missingProperty: string }).missingProperty)}\``;
        if (e.keyword === 'additionalProperties') {
          return `unknown input \`${String((e.params as { additionalProperty: string }).additionalProperty)}\``;
        }
        const where = e.instancePath ? `inputs${e.instancePath.replace(/\//g, '.')}` : 'inputs';
        return `${where} ${e.message ?? 'is invalid'}`;
      }),
    );
  }
  return inputs;
}
