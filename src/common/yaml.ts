// THE one reader of idflow's YAML documents (playbooks, compliance rules, schedules, the server config, the
// guardrails file): text → a plain value plus a way back from any path in it to a line and column, or every
// problem the YAML itself has, each with a stable code and a position. Nothing later sees a half-read file.
//
// On `yaml` alone: it keeps going after an error (so a broken file reports everything at once), refuses
// duplicate keys, bounds alias expansion and reports unknown tags. Line numbers are worked out only when
// a position is asked for, not while parsing, so a valid file pays for the positions it uses.
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Document,
  type Node,
} from 'yaml';
import type { SourcePos } from './source.js';

/** 1-based line and column (the one definition is common/source.ts). */
export type { SourcePos };

/** Keys and indexes from the document's root to one of its values. */
export type YamlPath = readonly (string | number)[];

/** Stable codes (tools and tests match on these, never on the message). */
export const YAML_PROBLEM_CODES = {
  'yaml.syntax': 'the text is not valid YAML',
  'yaml.empty': 'the file holds no document',
  'yaml.tooLarge': 'the file is over the size limit',
  'yaml.aliases': 'too many alias expansions (a "YAML bomb")',
  'yaml.multipleDocuments': 'more than one YAML document in the file',
  'yaml.duplicateKey': 'a key appears twice in one mapping',
  'yaml.tag': 'an unknown YAML tag',
} as const;

export type YamlProblemCode = keyof typeof YAML_PROBLEM_CODES;

export interface YamlProblem {
  code: YamlProblemCode;
  message: string;
  at: SourcePos;
  hint?: string;
}

export interface YamlDocument {
  readonly text: string;
  /** The document as plain JSON-like data (YAML 1.2 core schema). */
  readonly value: unknown;
  /** Position of the value at `path` (of its key, when `key`); the nearest existing ancestor otherwise. */
  pos(path: YamlPath, key?: boolean): SourcePos;
  /** Position of character `offset` of the string value at `path` (for expressions inside strings). */
  posInString(path: YamlPath, offset: number): SourcePos;
}

export type YamlResult = { ok: true; document: YamlDocument } | { ok: false; problems: YamlProblem[] };

export interface ReadYamlOptions {
  /**
   * What the file should hold, for messages (`a playbook`, `compliance rules`).
   * @default 'a document'
   */
  expected?: string;
  /**
   * Larger texts are refused before parsing: bounds time and memory.
   * @default MAX_YAML_BYTES
   */
  maxBytes?: number;
  /**
   * The value of a file with no content (empty, comments only, `~`); without it, such a file is a
   * `yaml.empty` problem. Files that only set optional keys (the guardrails file) pass `{}`.
   */
  emptyAs?: unknown;
  /** Hints that say what to do in the terms of this kind of document, replacing the general ones. */
  hints?: Partial<Record<YamlProblemCode, string>>;
}

/** Large enough for any real document (a generated 500-step playbook is ~130 KB). */
export const MAX_YAML_BYTES = 1024 * 1024;

/** Bounds the work an alias-heavy document ("billion laughs") can cause. */
export const MAX_ALIAS_COUNT = 100;

const DEFAULT_HINTS: Partial<Record<YamlProblemCode, string>> = {
  'yaml.tooLarge': 'split it into smaller files',
  'yaml.duplicateKey': 'YAML keeps only one of them; remove or rename the other',
  'yaml.multipleDocuments': 'remove the `---` separator, or put each document in its own file',
  'yaml.tag': 'idflow documents use plain YAML values; remove the `!tag`',
};

export function readYaml(text: string, options: ReadYamlOptions = {}): YamlResult {
  const expected = options.expected ?? 'a document';
  const maxBytes = options.maxBytes ?? MAX_YAML_BYTES;
  const problems: YamlProblem[] = [];
  const toPos = lazyLineIndex(text);
  const report = (code: YamlProblemCode, message: string, at: SourcePos, specific?: string): void => {
    // The parser can report one mistake twice from two angles: say it once.
    if (problems.some((p) => p.code === code && p.at.line === at.line && p.at.column === at.column)) return;
    const hint = options.hints?.[code] ?? specific ?? DEFAULT_HINTS[code];
    problems.push({ code, message, at, ...(hint ? { hint } : {}) });
  };
  const start: SourcePos = { line: 1, column: 1 };

  if (text.length > maxBytes) {
    report('yaml.tooLarge', `the file is ${text.length} characters; the limit is ${maxBytes}`, start);
    return { ok: false, problems };
  }
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true });
  for (const e of doc.errors) {
    const at = toPos(e.pos[0]);
    const message = firstLine(e.message);
    if (e.code === 'DUPLICATE_KEY')
      report('yaml.duplicateKey', 'this key appears twice in the same mapping', at);
    else if (/multiple documents/i.test(message))
      report('yaml.multipleDocuments', `${expected} file holds one YAML document`, at);
    else if (/call stack/i.test(message))
      report(
        'yaml.syntax',
        'the document nests too deeply',
        at,
        'a document needs a few levels, not hundreds',
      );
    else report('yaml.syntax', message, at);
  }
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') report('yaml.tag', firstLine(w.message), toPos(w.pos[0]));
  }
  if (problems.length > 0) return { ok: false, problems };

  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    if (options.emptyAs === undefined) {
      report('yaml.empty', `the file is empty: expected ${expected}`, start);
      return { ok: false, problems };
    }
    return { ok: true, document: located(text, doc, options.emptyAs, toPos) };
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    let aliases = 0;
    let firstAlias: number | undefined;
    visit(doc, {
      Alias(_, node) {
        aliases += 1;
        firstAlias ??= node.range?.[0];
      },
    });
    report(
      'yaml.aliases',
      `aliases expand to too much data (over ${MAX_ALIAS_COUNT} expansions)`,
      firstAlias === undefined ? start : toPos(firstAlias),
      `the file uses ${aliases} aliases; write the values out instead`,
    );
    return { ok: false, problems };
  }
  return { ok: true, document: located(text, doc, value, toPos) };
}

/** A problem as a `file:line:column: message` line (`file: message` when it has no place in the file). */
export function formatYamlProblem(file: string, p: { message: string; at?: SourcePos }): string {
  return p.at ? `${file}:${p.at.line}:${p.at.column}: ${p.message}` : `${file}: ${p.message}`;
}

function located(
  text: string,
  doc: Document.Parsed,
  value: unknown,
  toPos: (offset: number) => SourcePos,
): YamlDocument {
  /**
   * The node at `path` (its key's node when `key`), or undefined when the path leaves the document. An
   * empty value (`kind:`) has no text of its own: it answers with its key (or, in a list, its list).
   */
  const offsetAt = (path: YamlPath, key: boolean): number | undefined => {
    let node: unknown = doc.contents;
    let holder: number | undefined;
    for (let i = 0; i < path.length; i++) {
      if (isAlias(node)) node = node.resolve(doc);
      const seg = path[i];
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
        );
        if (!pair) return undefined;
        holder = (pair.key as Node | null)?.range?.[0];
        if (key && i === path.length - 1) return holder;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        holder = node.range?.[0];
        node = node.items[seg];
      } else return undefined;
      if (node === null || node === undefined) return undefined;
    }
    const n = node as Node;
    if (isScalar(n) && n.value === null && n.range && n.range[0] === n.range[1] && holder !== undefined)
      return holder;
    return n.range?.[0];
  };

  const pos = (path: YamlPath, key = false): SourcePos => {
    for (let n = path.length; n >= 0; n--) {
      const offset = offsetAt(n === path.length ? path : path.slice(0, n), key && n === path.length);
      if (offset !== undefined) return toPos(offset);
    }
    return { line: 1, column: 1 };
  };

  const posInString = (path: YamlPath, offset: number): SourcePos => {
    let node: unknown = doc.contents;
    for (const seg of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        node = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
        )?.value;
      } else if (isSeq(node) && typeof seg === 'number') node = node.items[seg];
      else return pos(path);
    }
    if (!isScalar(node) || !node.range || typeof node.value !== 'string') return pos(path);
    const [start, end] = node.range;
    return toPos(offsetInScalar(text, node.value, offset, contentStart(text, node.type, start), end, start));
  };

  return { text, value, pos, posInString };
}

/** Where a scalar's characters start in the source: after its quote, or on the line after a block header. */
function contentStart(text: string, type: string | undefined, start: number): number {
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') return start + 1;
  if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
    const line = text.indexOf('\n', start);
    if (line < 0) return start;
    let at = line + 1;
    while (text[at] === ' ') at++;
    return at;
  }
  return start;
}

/**
 * Where character `offset` of a string value sits in the source, given where the value's text starts and
 * ends there. Exact while the source spells the value literally up to the offset (the common case);
 * otherwise (escapes, folded lines, block scalars) the same word is looked up in the source, counting
 * earlier occurrences; failing that, `fallback` (the scalar's start).
 */
function offsetInScalar(
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

/** Offsets → 1-based line and column; the index of line starts is built on the first call. */
function lazyLineIndex(text: string): (offset: number) => SourcePos {
  let starts: number[] | undefined;
  return (at) => {
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
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

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
