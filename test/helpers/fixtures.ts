// The broken-playbook corpus: each file under test/fixtures/playbooks says what the compiler must report,
// in its first lines: `# expect: <code> <line>:<column>` (one line per diagnostic, errors and warnings), and
// `# expect: ok` when it must compile (with no diagnostics, or warnings only).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/playbooks', import.meta.url));

export interface Expected {
  code: string;
  line: number;
  column: number;
}

export interface Fixture {
  /** Path relative to the fixtures directory, e.g. `children/cycle-a.yaml`. */
  name: string;
  path: string;
  text: string;
  /** The diagnostics it must produce, in order (warnings only, or none, when `valid`). */
  expected: Expected[];
  valid: boolean;
}

export function loadFixtures(): Fixture[] {
  const entries = readdirSync(FIXTURES_DIR, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return entries.map((path) => {
    const text = readFileSync(path, 'utf8');
    const expected: Expected[] = [];
    let valid = false;
    for (const m of text.matchAll(/^# expect: (\S+)(?: (\d+):(\d+))?$/gm)) {
      if (m[1] === 'ok') valid = true;
      else expected.push({ code: m[1] ?? '', line: Number(m[2]), column: Number(m[3]) });
    }
    return { name: relative(FIXTURES_DIR, path), path, text, expected, valid };
  });
}
