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
