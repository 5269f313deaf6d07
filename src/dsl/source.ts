// Parses YAML keeping positions, and maps a path in the parsed value back to a line and column.
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type Scalar,
} from 'yaml';
import type { SourcePos } from './plan.js';

export type Path = (string | number)[];

export interface ParsedSource {
  doc: Document.Parsed;
  value: unknown;
  /** Position of the value at `path` (or of its key, when `key` is true). */
  pos(path: Path, key?: boolean): SourcePos;
  /** Position of character `offset` inside the string scalar at `path`. */
  posInScalar(path: Path, offset: number): SourcePos;
}

export interface SourceProblem {
  code: 'yaml.syntax' | 'yaml.aliases' | 'yaml.multipleDocuments';
  message: string;
  at: SourcePos;
}

/** Bounds the work an alias-heavy document ("billion laughs") can cause. */
const MAX_ALIAS_COUNT = 100;

export function parseSource(text: string): { source?: ParsedSource; problems: SourceProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const toPos = (offset: number): SourcePos => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problems: SourceProblem[] = doc.errors.map((e) => ({
    code: 'yaml.syntax',
    message: e.message.split('\n')[0] ?? e.message,
    at: toPos(e.pos[0]),
  }));
  if (problems.length > 0) return { problems };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    return {
      problems: [
        {
          code: 'yaml.aliases',
          message: `too many alias expansions (more than ${MAX_ALIAS_COUNT}): ${err instanceof Error ? err.message : String(err)}`,
          at: { line: 1, column: 1 },
        },
      ],
    };
  }

  const nodeAt = (path: Path, key: boolean): Node | undefined => {
    let node: unknown = doc.contents;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
        );
        if (!pair) return node;
        if (key && i === path.length - 1) return pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item: unknown = node.items[seg];
        if (!item) return node;
        node = item;
      } else {
        return (node as Node | undefined) ?? undefined;
      }
    }
    return node as Node | undefined;
  };

  const pos = (path: Path, key = false): SourcePos => {
    const node = nodeAt(path, key) ?? nodeAt(path.slice(0, -1), false);
    const offset = node?.range?.[0];
    return offset === undefined ? { line: 1, column: 1 } : toPos(offset);
  };

  const posInScalar = (path: Path, offset: number): SourcePos => {
    const node = nodeAt(path, false);
    if (!node || !isScalar(node) || !node.range) return pos(path);
    const start = node.range[0];
    const raw = text.slice(start, node.range[1]);
    const scalar: Scalar = node;
    const quoted = scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE';
    const body = quoted ? raw.slice(1) : raw;
    // Offsets map one-to-one only when the source text spells the value literally.
    if (typeof scalar.value === 'string' && body.startsWith(scalar.value.slice(0, offset))) {
      return toPos(start + (quoted ? 1 : 0) + offset);
    }
    return toPos(start);
  };

  return { source: { doc, value, pos, posInScalar }, problems };
}
