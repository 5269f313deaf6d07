// The careful path of the parse phase: the `yaml` library, which keeps going after an error, so every
// problem in a broken file is reported at once with its position, and which bounds alias expansion.
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
} from 'yaml';
import type { DiagnosticSink, Path } from './diagnostics.js';
import type { ParsedSource } from './parse.js';
import { offsetInScalar } from './positions.js';
import type { SourcePos } from '../common/source.js';

/** Bounds the work an alias-heavy document ("billion laughs") can cause. */
const MAX_ALIAS_COUNT = 100;

export function parseCareful(text: string, sink: DiagnosticSink): ParsedSource | undefined {
  const start: SourcePos = { line: 1, column: 1 };
  const lineCounter = new LineCounter();
  const toPos = (offset: number): SourcePos => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  for (const e of doc.errors) {
    const at = toPos(e.pos[0]);
    const message = firstLine(e.message);
    if (e.code === 'DUPLICATE_KEY') {
      sink.error('yaml.duplicateKey', 'this key appears twice in the same mapping', [], {
        at,
        hint: 'YAML keeps only one of them; remove or rename the other',
      });
    } else if (/multiple documents/i.test(message)) {
      sink.error('yaml.multipleDocuments', 'a playbook file holds one YAML document', [], {
        at,
        hint: 'remove the `---` separator, or put each playbook in its own file',
      });
    } else if (/call stack/i.test(message)) {
      sink.error('yaml.syntax', 'the document nests too deeply', [], {
        at,
        hint: 'a playbook needs a few levels, not hundreds',
      });
    } else {
      sink.error('yaml.syntax', message, [], { at });
    }
  }
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') {
      sink.error('yaml.tag', firstLine(w.message), [], {
        at: toPos(w.pos[0]),
        hint: 'playbooks use plain YAML values; remove the `!tag`',
      });
    }
  }
  if (sink.count > 0) return undefined;
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    sink.error('yaml.empty', 'the file is empty: expected a playbook', [], { at: start });
    return undefined;
  }

  let aliases = 0;
  let firstAlias: number | undefined;
  visit(doc, {
    Alias(_, node) {
      aliases += 1;
      firstAlias ??= node.range?.[0];
    },
  });
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    sink.error('yaml.aliases', `aliases expand to too much data (over ${MAX_ALIAS_COUNT} expansions)`, [], {
      at: firstAlias === undefined ? start : toPos(firstAlias),
      hint: `the file uses ${aliases} aliases; write the values out instead`,
    });
    return undefined;
  }
  return source(text, doc, value, toPos);
}

function source(
  text: string,
  doc: Document.Parsed,
  value: unknown,
  toPos: (o: number) => SourcePos,
): ParsedSource {
  const nodeAt = (path: Path, key: boolean): Node | undefined => {
    let node: unknown = doc.contents;
    for (let i = 0; i < path.length; i++) {
      if (isAlias(node)) node = node.resolve(doc);
      const seg = path[i];
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
        );
        if (!pair) return undefined;
        if (key && i === path.length - 1) return pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
      } else return undefined;
      if (node === null || node === undefined) return undefined;
    }
    return node as Node;
  };

  const pos = (path: Path, key = false): SourcePos => {
    for (let n = path.length; n >= 0; n--) {
      const node = nodeAt(n === path.length ? path : path.slice(0, n), key && n === path.length);
      const offset = node?.range?.[0];
      if (offset !== undefined) return toPos(offset);
    }
    return { line: 1, column: 1 };
  };

  const posInScalar = (path: Path, offset: number): SourcePos => {
    const node = nodeAt(path, false);
    if (!node || !isScalar(node) || !node.range || typeof node.value !== 'string') return pos(path);
    const [start, , end] = node.range;
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    return toPos(offsetInScalar(text, node.value, offset, start + (quoted ? 1 : 0), end, start));
  };

  return { text, value, pos, posInScalar };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
