// Offsets in the playbook text → line and column, shared by both parsers (parseFast.ts, parseCareful.ts).
// Kept apart from parse.ts, which chooses between the two, so that neither parser imports its caller.
import type { SourcePos } from '../common/source.js';

/** Offsets → 1-based line and column. */
export function lineIndex(text: string): (offset: number) => SourcePos {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (at) => {
    const offset = Math.max(0, at);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  };
}

/**
 * Where character `offset` of a string value sits in the source, given where the value's text starts and
 * ends there. Exact while the source spells the value literally up to the offset (the common case);
 * otherwise (escapes, folded lines, block scalars) the same word is looked up in the source, counting
 * earlier occurrences; failing that, `fallback` (the scalar's start).
 */
export function offsetInScalar(
  text: string,
  value: string,
  offset: number,
  rawStart: number,
  rawEnd: number,
  fallback: number,
): number {
  if (text.startsWith(value.slice(0, offset), rawStart)) return rawStart + offset;
  const word = /^\S+/.exec(value.slice(offset))?.[0];
  if (!word) return fallback;
  let k = 0;
  for (let i = value.indexOf(word); i >= 0 && i < offset; i = value.indexOf(word, i + 1)) k++;
  let at = text.indexOf(word, rawStart);
  for (; at >= 0 && at < rawEnd && k > 0; k--) at = text.indexOf(word, at + 1);
  return at >= 0 && at < rawEnd ? at : fallback;
}
