// Phase 1, parse: YAML text → a plain value plus a way back from any path in it to a line and column.
// Anything the YAML itself gets wrong (syntax, duplicate keys, several documents, alias bombs, unknown
// tags, size) stops here with positions; nothing later sees a half-parsed document. The reading is
// common/yaml.ts's, the one reader of every idflow document; this phase only words it for playbooks.
import { MAX_YAML_BYTES, readYaml, type YamlDocument } from '../common/yaml.js';
import type { DiagnosticSink } from './diagnostics.js';

/** Large enough for any real playbook (the 500-step benchmark is ~130 KB); bounds time and memory. */
export const MAX_PLAYBOOK_BYTES = MAX_YAML_BYTES;

/** A playbook's text, its value, and the positions of both. */
export type ParsedSource = YamlDocument;

export function parse(text: string, sink: DiagnosticSink): ParsedSource | undefined {
  const read = readYaml(text, {
    expected: 'a playbook',
    maxBytes: MAX_PLAYBOOK_BYTES,
    hints: {
      'yaml.tooLarge': 'split it into child playbooks (`playbook:` steps)',
      'yaml.multipleDocuments': 'remove the `---` separator, or put each playbook in its own file',
      'yaml.tag': 'playbooks use plain YAML values; remove the `!tag`',
    },
  });
  if (read.ok) return read.document;
  for (const p of read.problems) sink.error(p.code, p.message, [], { at: p.at, hint: p.hint });
  return undefined;
}
