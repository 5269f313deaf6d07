// Phase 1, parse: YAML text → a plain value plus a way back from any path in it to a line and column.
// Anything the YAML itself gets wrong (syntax, duplicate keys, several documents, alias bombs, unknown
// tags, size) stops here with positions; nothing later sees a half-parsed document.
//
// Two parsers, one result. js-yaml's event parser is about four times faster than `yaml` (9 ms against
// 50 ms for the 500-step benchmark), so a plain, well-formed playbook — nearly every one — takes that path.
// Anything unusual (an error, anchors and aliases, tags, several documents, an empty file) goes to `yaml`,
// which reports every problem at once with codes and positions and bounds alias expansion.
import type { DiagnosticSink, Path } from './diagnostics.js';
import { parseCareful } from './parseCareful.js';
import { parseFast } from './parseFast.js';
import type { SourcePos } from '../common/source.js';

/** Large enough for any real playbook (the 500-step benchmark is ~130 KB); bounds time and memory. */
export const MAX_PLAYBOOK_BYTES = 1024 * 1024;

export interface ParsedSource {
  readonly text: string;
  /** The document as plain JSON-like data. */
  readonly value: unknown;
  /** Position of the value at `path` (of its key, when `key`); the nearest existing ancestor otherwise. */
  pos(path: Path, key?: boolean): SourcePos;
  /** Position of character `offset` of the string value at `path` (for expressions inside strings). */
  posInScalar(path: Path, offset: number): SourcePos;
}

export function parse(text: string, sink: DiagnosticSink): ParsedSource | undefined {
  if (text.length > MAX_PLAYBOOK_BYTES) {
    sink.error(
      'yaml.tooLarge',
      `the file is ${text.length} characters; the limit is ${MAX_PLAYBOOK_BYTES}`,
      [],
      {
        at: { line: 1, column: 1 },
        hint: 'split it into child playbooks (`playbook:` steps)',
      },
    );
    return undefined;
  }
  return parseFast(text) ?? parseCareful(text, sink);
}

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
