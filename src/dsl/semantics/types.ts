// The compiler's view of what a name holds: a JSON Schema (the action catalog's outputs, the inputs' own
// schemas, shapes built here), or `undefined` when nothing is known. Only closed objects
// (`additionalProperties: false`) can make a field an error; anything unknown passes.
import type { Schema } from '../schema/playbookSchema.js';

/** A type: a JSON Schema, or undefined for "anything". */
export type Ty = Schema | undefined;

export type TypeName = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'list' | 'map';

export const str: Schema = { type: 'string' };
export const int: Schema = { type: 'integer' };
export const num: Schema = { type: 'number' };
export const bool: Schema = { type: 'boolean' };
export const nul: Schema = { type: 'null' };
export const listOf = (items: Ty): Schema => (items ? { type: 'array', items } : { type: 'array' });

/** A closed object: every field is known, a field not listed is an error. */
export function closed(properties: Record<string, Ty>): Schema {
  const props: Schema = {};
  for (const [k, v] of Object.entries(properties)) props[k] = v ?? {};
  return { type: 'object', properties: props, additionalProperties: false };
}

function isSchema(x: unknown): x is Schema {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The branches of a union, without `null` (a nullable field reads as its non-null type). */
function branches(ty: Schema): Schema[] {
  const alts = ty.anyOf ?? ty.oneOf;
  if (Array.isArray(alts))
    return alts.filter(isSchema).flatMap((b) => (nameOf(b) === 'null' ? [] : branches(b)));
  return [ty];
}

/** The simple name of a type, when there is exactly one. */
export function nameOf(ty: Ty): TypeName | undefined {
  if (!ty) return undefined;
  if (ty.anyOf || ty.oneOf) {
    const names = new Set(branches(ty).map(nameOf));
    if (names.size === 2 && names.has('integer') && names.has('number')) return 'number';
    return names.size === 1 ? [...names][0] : undefined;
  }
  const t = ty.type;
  if (typeof t === 'string') {
    if (t === 'array') return 'list';
    if (t === 'object') return 'map';
    return t as TypeName;
  }
  const values = ty.enum ?? (ty.const !== undefined ? [ty.const] : undefined);
  if (Array.isArray(values) && values.length > 0) {
    const kinds = new Set(values.map((v) => (v === null ? 'null' : typeof v)));
    if (kinds.size === 1 && kinds.has('string')) return 'string';
    if (kinds.size === 1 && kinds.has('boolean')) return 'boolean';
  }
  if (isSchema(ty.properties)) return 'map';
  return undefined;
}

export type FieldLookup =
  | { ok: true; ty: Ty }
  | { ok: false; reason: 'noField'; known: string[] }
  | { ok: false; reason: 'notObject'; type: TypeName };

/** `ty.name`: its type, or why it cannot exist. */
export function field(ty: Ty, name: string): FieldLookup {
  if (!ty) return { ok: true, ty: undefined };
  const options = branches(ty);
  const known: string[] = [];
  let allClosed = true;
  for (const b of options) {
    const n = nameOf(b);
    if (n !== undefined && n !== 'map') {
      if (options.length === 1) return { ok: false, reason: 'notObject', type: n };
      continue;
    }
    const props = isSchema(b.properties) ? b.properties : {};
    const hit = props[name];
    if (isSchema(hit)) return { ok: true, ty: Object.keys(hit).length ? hit : undefined };
    known.push(...Object.keys(props));
    if (b.additionalProperties !== false) {
      allClosed = false;
      if (isSchema(b.additionalProperties)) return { ok: true, ty: b.additionalProperties };
    }
  }
  return allClosed && options.length > 0
    ? { ok: false, reason: 'noField', known }
    : { ok: true, ty: undefined };
}

/** The type of a list's items. */
export function elementOf(ty: Ty): Ty {
  if (!ty) return undefined;
  for (const b of branches(ty)) if (nameOf(b) === 'list' && isSchema(b.items)) return b.items;
  return undefined;
}

/** Whether a value of type `actual` can be where `expected` is wanted; true when either is unknown. */
export function fits(actual: Ty, expected: Ty): boolean {
  const a = nameOf(actual);
  if (!a || !expected) return true;
  const wanted = expectedNames(expected);
  if (wanted === undefined) return true;
  if (wanted.has(a)) return true;
  // A whole number is a number; a number may hold a whole value (CEL ints and JSON numbers meet here).
  if ((a === 'integer' && wanted.has('number')) || (a === 'number' && wanted.has('integer'))) return true;
  return false;
}

function expectedNames(ty: Schema): Set<TypeName> | undefined {
  const alts = ty.anyOf ?? ty.oneOf;
  if (Array.isArray(alts)) {
    const out = new Set<TypeName>();
    for (const b of alts.filter(isSchema)) {
      const names = expectedNames(b);
      if (!names) return undefined;
      for (const n of names) out.add(n);
    }
    return out;
  }
  if (Array.isArray(ty.type)) {
    return new Set(
      (ty.type as string[]).map((t) => (t === 'array' ? 'list' : t === 'object' ? 'map' : (t as TypeName))),
    );
  }
  const n = nameOf(ty);
  return n ? new Set([n]) : undefined;
}

export function describeType(ty: Ty): string {
  switch (nameOf(ty)) {
    case 'string':
      return 'a string';
    case 'integer':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true/false';
    case 'null':
      return 'null';
    case 'list':
      return 'a list';
    case 'map':
      return 'a mapping';
    default:
      return 'a value';
  }
}

/** The type of a literal YAML value. */
export function literalType(value: unknown): Ty {
  if (value === null || value === undefined) return nul;
  if (typeof value === 'string') return str;
  if (typeof value === 'boolean') return bool;
  if (typeof value === 'number') return Number.isInteger(value) ? int : num;
  if (Array.isArray(value)) return listOf(undefined);
  return { type: 'object' };
}
