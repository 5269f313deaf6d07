// Validators for data the playbook holds: literal action arguments, input defaults, a child's inputs. One
// ajv instance (with formats), validators cached per schema object so the catalog's schemas compile once.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

let ajv: Ajv | undefined;
const cache = new WeakMap<object, ValidateFunction>();

/** A validator for `schema`; throws when the schema itself is invalid (callers report that). */
export function dataValidator(schema: object): ValidateFunction {
  let v = cache.get(schema);
  if (!v) {
    if (!ajv) {
      // Input schemas were already checked against the language's `inputSchema` (a closed subset), and the
      // catalog's are ours: validating them against the meta-schema again would only cost cold-start time.
      ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
      // ajv-formats is CommonJS: under NodeNext its function is the default export's `default`.
      addFormats.default(ajv);
    }
    v = ajv.compile(schema);
    cache.set(schema, v);
  }
  return v;
}
