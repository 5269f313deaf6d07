// The README's action table, written from the catalog itself so the documentation cannot drift from what
// the compiler accepts (test/catalog/readme.test.ts compares them).
import { actionCatalog, actionNames } from './index.js';

function argumentsOf(schema: unknown): string {
  const s = schema as {
    properties?: Record<string, unknown>;
    required?: string[];
    minProperties?: number;
    maxProperties?: number;
  };
  const names = Object.keys(s.properties ?? {});
  if (s.maxProperties === 1 && s.minProperties === 1)
    return `one of ${names.map((n) => `\`${n}\``).join(', ')}`;
  const required = new Set(s.required ?? []);
  return names.map((n) => (required.has(n) ? `\`${n}\`` : `\`${n}?\``)).join(', ');
}

function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return (end >= 0 ? text.slice(0, end + 1) : text).replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

export function catalogMarkdownTable(): string {
  const rows = actionNames.map((name) => {
    const def = actionCatalog[name];
    return `| \`${name}\` | ${def.writes.length > 0 ? 'yes' : 'no'} | ${argumentsOf(def.with)} | ${firstSentence(def.description)} |`;
  });
  return ['| action | changes things | with | does |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
