// Parses the server's YAML (or JSON) config keeping node positions, so every problem found later — by the
// schema, an expression, a missing secret — points at file:line:column.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export type Path = (string | number)[];

export interface Position {
  line: number;
  column: number;
}

export interface YamlSource {
  value: unknown;
  /** Position of the value at `path` (of its key when `key`); the nearest existing ancestor otherwise. */
  pos(path: Path, key?: boolean): Position;
  /** Position of character `offset` of the string at `path`, when the file spells the string literally. */
  posInString(path: Path, offset: number): Position;
}

export interface YamlProblem {
  message: string;
  at: Position;
}

/** Bounds what an alias-heavy document can expand to. */
const MAX_ALIAS_COUNT = 100;

export function parseYamlSource(text: string): { source?: YamlSource; problems: YamlProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toPos = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const first = doc.errors[0];
  if (first) {
    // Later syntax errors are mostly the parser losing its footing after the first: report that one.
    return {
      problems: [{ message: first.message.split('\n')[0] ?? first.message, at: toPos(first.pos[0]) }],
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    return {
      problems: [{ message: err instanceof Error ? err.message : String(err), at: { line: 1, column: 1 } }],
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
        return node as Node | undefined;
      }
    }
    return node as Node | undefined;
  };

  const pos = (path: Path, key = false): Position => {
    const offset = nodeAt(path, key)?.range?.[0];
    return offset === undefined ? { line: 1, column: 1 } : toPos(offset);
  };

  const posInString = (path: Path, offset: number): Position => {
    const node = nodeAt(path, false);
    if (!node || !isScalar(node) || !node.range || typeof node.value !== 'string') return pos(path);
    const start = node.range[0];
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const raw = text.slice(start + (quoted ? 1 : 0), node.range[1]);
    // Offsets map one-to-one only when the file spells the value literally (no escapes, no folding).
    return raw.startsWith(node.value.slice(0, offset)) ? toPos(start + (quoted ? 1 : 0) + offset) : pos(path);
  };

  return { source: { value, pos, posInString }, problems: [] };
}
