// The fast path of the parse phase: js-yaml's event stream, from which both the value (js-yaml's own
// constructor, YAML 1.2 core schema) and a tree of source offsets are built. Returns undefined for
// anything it leaves to the careful path: errors, anchors/aliases, tags, several documents, no content.
import {
  constructFromEvents,
  CORE_SCHEMA,
  EVENT_ALIAS,
  EVENT_DOCUMENT,
  EVENT_MAPPING,
  EVENT_POP,
  EVENT_SCALAR,
  EVENT_SEQUENCE,
  getScalarValue,
  parseEvents,
  SCALAR_STYLE_DOUBLE_QUOTED,
  SCALAR_STYLE_FOLDED_BLOCK,
  SCALAR_STYLE_LITERAL_BLOCK,
  SCALAR_STYLE_SINGLE_QUOTED,
  type Event,
  type ScalarEvent,
} from 'js-yaml';
import type { Path } from './diagnostics.js';
import type { ParsedSource } from './parse.js';
import { lineIndex, offsetInScalar } from './positions.js';

interface PosNode {
  /** Where the node's text starts (a quote or block indicator included). */
  start: number;
  /** Where its key starts, for mapping values. */
  keyStart: number;
  scalar?: ScalarEvent;
  map?: Map<string, PosNode>;
  seq?: PosNode[];
}

export function parseFast(text: string): ParsedSource | undefined {
  let events: Event[];
  let value: unknown;
  try {
    events = parseEvents(text, {});
    let documents = 0;
    for (const e of events) {
      if (e.type === EVENT_DOCUMENT) documents++;
      else if (e.type === EVENT_ALIAS) return undefined;
      else if (e.type !== EVENT_POP && (e.anchorStart >= 0 || e.tagStart >= 0)) return undefined;
    }
    if (documents !== 1) return undefined;
    [value] = constructFromEvents(events, { source: text, schema: CORE_SCHEMA, maxAliases: 0 });
  } catch {
    return undefined;
  }
  if (value === null || value === undefined) return undefined;
  const root = positions(text, events);
  if (!root) return undefined;
  const toPos = lineIndex(text);

  const nodeAt = (path: Path): PosNode | undefined => {
    let n: PosNode | undefined = root;
    for (const seg of path) {
      if (!n) return undefined;
      n = n.map ? n.map.get(String(seg)) : n.seq && typeof seg === 'number' ? n.seq[seg] : undefined;
    }
    return n;
  };

  return {
    text,
    value,
    pos(path, key = false) {
      for (let len = path.length; len >= 0; len--) {
        const n = nodeAt(len === path.length ? path : path.slice(0, len));
        if (n) return toPos(key && len === path.length && n.keyStart >= 0 ? n.keyStart : n.start);
      }
      return { line: 1, column: 1 };
    },
    posInScalar(path, offset) {
      const n = nodeAt(path);
      const s = n?.scalar;
      if (!n || !s) return this.pos(path);
      const v = getScalarValue(text, s);
      return toPos(offsetInScalar(text, v, offset, s.valueStart, s.valueEnd, n.start));
    },
  };
}

/** The offsets tree, built from the same events as the value. */
function positions(text: string, events: Event[]): PosNode | undefined {
  interface Frame {
    node: PosNode;
    /** In a mapping: the key read, waiting for its value. */
    key?: { name: string; start: number } | undefined;
  }
  const stack: Frame[] = [];
  let root: PosNode | undefined;

  const attach = (node: PosNode): void => {
    const top = stack.at(-1);
    if (!top) {
      root = node;
      return;
    }
    // An empty value (`kind:`) has no text of its own: it is where its key (or its parent) is.
    if (node.start < 0) node.start = top.key?.start ?? top.node.start;
    if (top.node.seq) top.node.seq.push(node);
    else if (top.key) {
      node.keyStart = top.key.start;
      top.node.map?.set(top.key.name, node);
      top.key = undefined;
    }
  };

  for (const e of events) {
    switch (e.type) {
      case EVENT_MAPPING:
      case EVENT_SEQUENCE: {
        const top = stack.at(-1);
        if (top?.node.map && !top.key) return undefined; // a mapping as a key: leave it to the careful path
        const node: PosNode =
          e.type === EVENT_MAPPING
            ? { start: e.start, keyStart: -1, map: new Map() }
            : { start: e.start, keyStart: -1, seq: [] };
        attach(node);
        stack.push({ node });
        break;
      }
      case EVENT_SCALAR: {
        const top = stack.at(-1);
        if (top?.node.map && !top.key) {
          top.key = { name: getScalarValue(text, e), start: tokenStart(text, e) };
          break;
        }
        attach({ start: tokenStart(text, e), keyStart: -1, scalar: e });
        break;
      }
      case EVENT_POP:
        stack.pop();
        break;
      default:
        break;
    }
  }
  return root;
}

/** Where a scalar's token starts: its quote, or its block indicator (`|`, `>`). */
function tokenStart(text: string, e: ScalarEvent): number {
  if (e.valueStart < 0) return -1;
  if (e.style === SCALAR_STYLE_SINGLE_QUOTED || e.style === SCALAR_STYLE_DOUBLE_QUOTED)
    return e.valueStart - 1;
  if (e.style === SCALAR_STYLE_LITERAL_BLOCK || e.style === SCALAR_STYLE_FOLDED_BLOCK) {
    return Math.max(text.lastIndexOf('|', e.valueStart - 1), text.lastIndexOf('>', e.valueStart - 1), 0);
  }
  return e.valueStart;
}
