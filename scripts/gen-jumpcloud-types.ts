// Generates src/jumpcloud/types.ts from the JumpCloud OpenAPI 3.1 documents in specs/jumpcloud.
// Run: `npm run gen:types`. test/jumpcloud/types-drift.test.ts regenerates in memory and fails when the
// committed file differs, so a spec update or a generator change cannot silently skew the client's types.
//
// Pipeline: pick the component schemas we use (plus everything they $ref), give each one an explicit
// TypeScript name, rewrite `#/components/schemas/X` refs to `#/definitions/<Name>`, and hand one synthetic
// root to json-schema-to-typescript. The names are listed by hand on purpose: v1 and v2 both define
// `Error`, and the specs' own titles are inconsistent (`systemuserputpost` is titled "SystemUserPost"),
// so an automatic rule would produce surprising or colliding names. A schema pulled in by a new $ref
// without a name here fails the generator loudly instead of inventing one.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import * as prettier from 'prettier';
import { parse } from 'yaml';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Where the specs live: JumpCloud's published OpenAPI documents, vendored under specs/jumpcloud (see its PROVENANCE.md). */
export const specsDir = process.env['JUMPCLOUD_SPECS_DIR'] ?? resolve(repoRoot, 'specs', 'jumpcloud');
export const outputPath = resolve(repoRoot, 'src', 'jumpcloud', 'types.ts');
/** The request-body schemas the simulator validates against, so it rejects exactly what the spec rejects. */
export const requestSchemasPath = resolve(repoRoot, 'src', 'simulator', 'requestSchemas.ts');

interface SpecSelection {
  file: string;
  /** component schema name in the spec → exported TypeScript name */
  names: Record<string, string>;
  /** schemas generated even if nothing else references them */
  roots: string[];
}

const selections: readonly SpecSelection[] = [
  {
    file: 'jumpcloud-api-v1.yaml',
    roots: [
      'systemuserreturn',
      'systemuserputpost',
      'systemuserput',
      'systemuserslist',
      'Error',
      'ErrorDetails',
      'organizationslist',
      'organization',
      'system',
      'systemslist',
      'application',
      'applicationslist',
    ],
    names: {
      systemuserreturn: 'SystemUserReturn',
      systemuserputpost: 'SystemUserPutPost',
      systemuserput: 'SystemUserPut',
      systemuserslist: 'SystemUsersList',
      Error: 'V1Error',
      ErrorDetails: 'V1ErrorDetails',
      organizationslist: 'OrganizationsList',
      organization: 'Organization',
      attribute: 'Attribute',
      externallymanagedpropertyinfo: 'ExternallyManagedPropertyInfo',
      mfa: 'Mfa',
      mfaEnrollment: 'MfaEnrollment',
      mfaEnrollmentStatus: 'MfaEnrollmentStatus',
      sshkeylist: 'SshKeyList',
      sshkeypost: 'SshKeyPost',
      restrictedField: 'RestrictedField',
      customEmailSettings: 'CustomEmailSettings',
      organizationentitlement: 'OrganizationEntitlement',
      organizationsettings: 'OrganizationSettings',
      trustedappConfigGet: 'TrustedAppConfigGet',
      system: 'System',
      systemslist: 'SystemsList',
      fde: 'Fde',
      application: 'Application',
      applicationslist: 'ApplicationsList',
      sso: 'Sso',
    },
  },
  {
    file: 'jumpcloud-api-v2.yaml',
    roots: [
      'UserGroup',
      'UserGroupPost',
      'GraphConnection',
      'GraphObjectWithPaths',
      'GraphOperation-UserGroup-Member',
      'GraphOperation-SystemGroup-Member',
      'GraphOperation-User',
      'GraphOperation-System',
      'SystemGroup',
      'Error',
      'ErrorDetails',
      'Policy',
      'PolicyResult',
      'system-insights-apps',
      'system-insights-programs',
    ],
    names: {
      UserGroup: 'UserGroup',
      UserGroupPost: 'UserGroupPost',
      GraphConnection: 'GraphConnection',
      GraphObject: 'GraphObject',
      GraphObjectWithPaths: 'GraphObjectWithPaths',
      'GraphOperation-UserGroup-Member': 'GraphOperationUserGroupMember',
      'GraphOperation-SystemGroup-Member': 'GraphOperationSystemGroupMember',
      'GraphOperation-User': 'GraphOperationUser',
      'GraphOperation-System': 'GraphOperationSystem',
      SystemGroup: 'SystemGroup',
      GraphOperation: 'GraphOperation',
      Error: 'V2Error',
      ErrorDetails: 'V2ErrorDetails',
      'GroupAttributes-UserGroup': 'GroupAttributesUserGroup',
      MemberQuery: 'MemberQuery',
      MemberQueryExemption: 'MemberQueryExemption',
      MemberQueryErrorFlags: 'MemberQueryErrorFlags',
      GroupMembershipMethodType: 'GroupMembershipMethodType',
      SuggestionCounts: 'SuggestionCounts',
      GraphAttributes: 'GraphAttributes',
      GraphType: 'GraphType',
      SyncStatus: 'SyncStatus',
      'GraphAttribute-Sudo': 'GraphAttributeSudo',
      'GraphAttribute-LdapGroups': 'GraphAttributeLdapGroups',
      'GraphAttribute-PosixGroups': 'GraphAttributePosixGroups',
      'GraphAttribute-Radius': 'GraphAttributeRadius',
      'GraphAttribute-SambaEnabled': 'GraphAttributeSambaEnabled',
      Query: 'Query',
      LdapGroup: 'LdapGroup',
      Policy: 'Policy',
      PolicyTemplate: 'PolicyTemplate',
      OSRestriction: 'OsRestriction',
      PolicyResult: 'PolicyResult',
      'system-insights-apps': 'SystemInsightsApps',
      'system-insights-programs': 'SystemInsightsPrograms',
    },
  },
];

/**
 * The organizations list declares its entries inline; the client pages through them one by one, so they
 * get a name of their own. Applied to the definitions after renaming.
 */
const ORGANIZATION_LIST_ENTRY = 'OrganizationListEntry';

const REF_PREFIX = '#/components/schemas/';
const ROOT_NAME = 'JumpCloudGeneratedRoot';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Rewrites one schema for json-schema-to-typescript: component refs become local definition refs, titles
 * below the top level go (the tool would turn each into an extra named type), and OpenAPI-only keywords
 * (`x-*`, `example`) go because they carry nothing a type can express.
 */
function rewrite(node: Json, refName: (component: string) => string, topLevel: boolean): Json {
  if (Array.isArray(node)) return node.map((item) => rewrite(item, refName, false));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-') || key === 'example' || key === 'examples') continue;
    if (key === 'title' && !topLevel) continue;
    if (key === '$ref' && typeof value === 'string') {
      if (!value.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref ${value}`);
      out[key] = `#/definitions/${refName(value.slice(REF_PREFIX.length))}`;
      continue;
    }
    // Property maps hold names, not schemas: a property called `title` must survive.
    if ((key === 'properties' || key === 'patternProperties') && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, refName, false)]));
      continue;
    }
    out[key] = rewrite(value, refName, false);
  }
  return openEndedObjects(out);
}

/**
 * Keeps JSON Schema's meaning where our `additionalProperties: false` default would change it: a bare
 * `type: object` (no properties) means "any object", not `{}`; and a node that only combines others with
 * `allOf` gets its type from them (otherwise the tool emits an extra empty object type to intersect).
 */
function openEndedObjects(node: JsonObject): JsonObject {
  const type = node['type'];
  const isObjectType = type === 'object' || (Array.isArray(type) && type.includes('object'));
  if (!isObjectType || 'properties' in node || 'additionalProperties' in node || '$ref' in node) return node;
  if ('allOf' in node) {
    const { type: _dropped, ...rest } = node;
    return rest;
  }
  if ('anyOf' in node || 'oneOf' in node) return node;
  return { ...node, additionalProperties: true };
}

function collectRefs(node: Json, into: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(REF_PREFIX)) {
        into.push(value.slice(REF_PREFIX.length));
      } else {
        collectRefs(value, into);
      }
    }
  }
}

async function loadDefinitions(selection: SpecSelection): Promise<Record<string, JsonObject>> {
  const doc = parse(await readFile(resolve(specsDir, selection.file), 'utf8')) as Json;
  const schemas = isObject(doc) && isObject(doc['components']) ? doc['components']['schemas'] : undefined;
  if (!isObject(schemas)) throw new Error(`${selection.file}: no components.schemas`);

  const refName = (component: string): string => {
    const name = selection.names[component];
    if (name === undefined) {
      throw new Error(
        `${selection.file}: schema "${component}" is referenced but has no TypeScript name; add it`,
      );
    }
    return name;
  };

  const definitions: Record<string, JsonObject> = {};
  const queue = [...selection.roots];
  const seen = new Set<string>();
  for (let component = queue.shift(); component !== undefined; component = queue.shift()) {
    if (seen.has(component)) continue;
    seen.add(component);
    const schema = schemas[component];
    if (!isObject(schema)) throw new Error(`${selection.file}: schema "${component}" not found`);
    collectRefs(schema, queue);
    const name = refName(component);
    const rewritten = rewrite(schema, refName, true);
    if (!isObject(rewritten)) throw new Error('unreachable: rewrite keeps objects');
    definitions[name] = { ...rewritten, title: name };
  }
  return definitions;
}

function extractOrganizationListEntry(definitions: Record<string, JsonObject>): void {
  const list = definitions['OrganizationsList'];
  const properties = list?.['properties'];
  const results = isObject(properties) ? properties['results'] : undefined;
  const items = isObject(results) ? results['items'] : undefined;
  if (!list || !isObject(properties) || !isObject(results) || !isObject(items)) {
    throw new Error('organizationslist.results.items changed shape; update the generator');
  }
  definitions[ORGANIZATION_LIST_ENTRY] = { ...items, title: ORGANIZATION_LIST_ENTRY };
  results['items'] = { $ref: `#/definitions/${ORGANIZATION_LIST_ENTRY}` };
}

const BANNER = `// GENERATED FILE: do not edit by hand.
// Source: specs/jumpcloud/jumpcloud-api-v1.yaml and jumpcloud-api-v2.yaml (components.schemas).
// Regenerate with \`npm run gen:types\` (scripts/gen-jumpcloud-types.ts); test/jumpcloud/types-drift.test.ts
// fails when this file and the generator's output differ.
`;

/** Produces the text of src/jumpcloud/types.ts, formatted with the repository's prettier config. */
export async function generateJumpCloudTypes(): Promise<string> {
  const definitions: Record<string, JsonObject> = {};
  for (const selection of selections) {
    for (const [name, schema] of Object.entries(await loadDefinitions(selection))) {
      if (definitions[name]) throw new Error(`two schemas map to the TypeScript name ${name}`);
      definitions[name] = schema;
    }
  }
  extractOrganizationListEntry(definitions);

  const sortedDefinitions = Object.fromEntries(
    Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b)),
  );
  const root = {
    title: ROOT_NAME,
    type: 'object',
    additionalProperties: false,
    definitions: sortedDefinitions,
  };
  const generated = await compile(root as JSONSchema, ROOT_NAME, {
    bannerComment: '',
    // The specs never say `additionalProperties: false`, but a type with an index signature on every object
    // would accept any typo; the simulator's strict conformance tests hold responses to declared fields.
    additionalProperties: false,
    unreachableDefinitions: true,
    // No `| undefined` on index signatures: noUncheckedIndexedAccess already adds it on every read.
    strictIndexSignatures: false,
    unknownAny: true,
    format: false,
    cwd: specsDir,
  });

  // The synthetic root exists only to carry `definitions`: drop its empty interface and the tool's
  // "referenced by the root" notes, which would only point at a schema nobody can see.
  const withoutRoot = generated
    .replace(new RegExp(`export interface ${ROOT_NAME} \\{\\s*\\}\\n`), '')
    .replace(
      / \* ?\n \* This interface was referenced by `\w+`'s JSON-Schema\n \* via the `definition` "\w+"\.\n/g,
      '',
    )
    .replace(
      /\/\*\*\n \* This interface was referenced by `\w+`'s JSON-Schema\n \* via the `definition` "\w+"\.\n \*\/\n/g,
      '',
    );
  if (withoutRoot.includes(ROOT_NAME)) throw new Error('could not strip the synthetic root type');

  const config = (await prettier.resolveConfig(outputPath)) ?? {};
  return prettier.format(BANNER + '\n' + withoutRoot, { ...config, parser: 'typescript' });
}

/** Request bodies the simulator checks: operation → (spec file, path, method). */
const REQUEST_BODIES = {
  createSystemUser: { file: 'jumpcloud-api-v1.yaml', path: '/systemusers', method: 'post' },
  updateSystemUser: { file: 'jumpcloud-api-v1.yaml', path: '/systemusers/{id}', method: 'put' },
  resetMfa: { file: 'jumpcloud-api-v1.yaml', path: '/systemusers/{id}/resetmfa', method: 'post' },
  createUserGroup: { file: 'jumpcloud-api-v2.yaml', path: '/usergroups', method: 'post' },
  changeUserGroupMember: {
    file: 'jumpcloud-api-v2.yaml',
    path: '/usergroups/{group_id}/members',
    method: 'post',
  },
  changeSystemGroupMember: {
    file: 'jumpcloud-api-v2.yaml',
    path: '/systemgroups/{group_id}/members',
    method: 'post',
  },
  changeUserAssociation: {
    file: 'jumpcloud-api-v2.yaml',
    path: '/users/{user_id}/associations',
    method: 'post',
  },
  changeSystemAssociation: {
    file: 'jumpcloud-api-v2.yaml',
    path: '/systems/{system_id}/associations',
    method: 'post',
  },
} as const;

const REQUEST_BODY_REF = '#/components/requestBodies/';

/** Strips OpenAPI-only keywords and points component refs at `#/$defs/<component>`. */
function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-') || key === 'example') continue;
    if (key === '$ref' && typeof value === 'string') {
      out[key] = `#/$defs/${value.slice(REF_PREFIX.length)}`;
    } else if ((key === 'properties' || key === 'patternProperties') && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)]));
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  return out;
}

/** Produces src/simulator/requestSchemas.ts: one self-contained JSON Schema (2020-12) per request body. */
export async function generateRequestSchemas(): Promise<string> {
  const docs = new Map<string, JsonObject>();
  const schemas: Record<string, Json> = {};
  for (const [name, where] of Object.entries(REQUEST_BODIES)) {
    let doc = docs.get(where.file);
    if (!doc) {
      const parsed = parse(await readFile(resolve(specsDir, where.file), 'utf8')) as Json;
      if (!isObject(parsed)) throw new Error(`${where.file} is not a mapping`);
      doc = parsed;
      docs.set(where.file, doc);
    }
    const components = doc['components'];
    const paths = doc['paths'];
    if (!isObject(components) || !isObject(paths)) throw new Error(`${where.file}: no components or paths`);
    const pathItem = paths[where.path];
    const operation = isObject(pathItem) ? pathItem[where.method] : undefined;
    let body = isObject(operation) ? operation['requestBody'] : undefined;
    if (isObject(body) && typeof body['$ref'] === 'string') {
      const bodies = components['requestBodies'];
      body = isObject(bodies) ? bodies[body['$ref'].slice(REQUEST_BODY_REF.length)] : undefined;
    }
    const content = isObject(body) ? body['content'] : undefined;
    const json = isObject(content) ? content['application/json'] : undefined;
    const schema = isObject(json) ? json['schema'] : undefined;
    if (!isObject(schema))
      throw new Error(`${where.file} ${where.method} ${where.path}: no JSON request body`);

    const componentSchemas = components['schemas'];
    if (!isObject(componentSchemas)) throw new Error(`${where.file}: no components.schemas`);
    const refs: string[] = [];
    collectRefs(schema, refs);
    const defs: JsonObject = {};
    for (let ref = refs.shift(); ref !== undefined; ref = refs.shift()) {
      if (ref in defs) continue;
      const target = componentSchemas[ref];
      if (!isObject(target)) throw new Error(`${where.file}: schema "${ref}" not found`);
      collectRefs(target, refs);
      defs[ref] = toJsonSchema(target);
    }
    const sortedDefs = Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b)));
    schemas[name] = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      ...(toJsonSchema(schema) as JsonObject),
      ...(Object.keys(sortedDefs).length > 0 ? { $defs: sortedDefs } : {}),
    };
  }
  const banner = BANNER.replace('(components.schemas)', '(request bodies of the operations below)');
  const body = Object.entries(schemas)
    .map(([name, schema]) => {
      const where = REQUEST_BODIES[name as keyof typeof REQUEST_BODIES];
      return `/** ${where.method.toUpperCase()} ${where.path} (${where.file}) */\nexport const ${name}Body: Record<string, unknown> = ${JSON.stringify(schema)};\n`;
    })
    .join('\n');
  const config = (await prettier.resolveConfig(requestSchemasPath)) ?? {};
  return prettier.format(`${banner}\n${body}`, { ...config, parser: 'typescript' });
}

async function main(): Promise<void> {
  for (const [path, text] of [
    [outputPath, await generateJumpCloudTypes()],
    [requestSchemasPath, await generateRequestSchemas()],
  ] as const) {
    await writeFile(path, text);
    console.log(`wrote ${path}`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
