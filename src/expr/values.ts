// CEL distinguishes int (BigInt here) from double (number); JSON has only numbers. Authors expect
// `inputs.days + 1` to work when days is 3, so whole numbers enter CEL as ints, and every value leaving CEL
// goes back to plain JSON (BigInt cannot be serialised into a workflow history).
import type { JsonValue } from '../common/json.js';

export function toCel(value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toCel(v);
    return out;
  }
  return value;
}

export class NonJsonValueError extends Error {
  constructor(what: string) {
    super(`the expression produced ${what}, which has no JSON form`);
    this.name = 'NonJsonValueError';
  }
}

export function fromCel(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(fromCel);
  if (value instanceof Map) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of value) out[String(k)] = fromCel(v);
    return out;
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) throw new NonJsonValueError('bytes');
  if (typeof value === 'object') {
    // cel-js returns its own wrapper types for uint, durations and the like; they print meaningfully.
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      const out: Record<string, JsonValue> = {};
      for (const [k, v] of Object.entries(value)) out[k] = fromCel(v);
      return out;
    }
    const toString = (value as { toString: () => string }).toString;
    if (toString !== Object.prototype.toString) return toString.call(value);
    throw new NonJsonValueError(`a ${proto?.constructor?.name ?? 'non-JSON'} value`);
  }
  throw new NonJsonValueError(typeof value);
}

/** Text form of a value embedded in a template: strings as-is, everything else as JSON. */
export function toText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
