// Rewrites the generated parts of README.md (the layer table, the action table) from their sources.
import { readFileSync, writeFileSync } from 'node:fs';
import { catalogMarkdownTable } from '../src/catalog/markdown.js';
import { layersMarkdownTable } from './layers.js';

const path = new URL('../README.md', import.meta.url);
let readme = readFileSync(path, 'utf8');
for (const [name, table] of [
  ['layers', layersMarkdownTable()],
  ['actions', catalogMarkdownTable()],
] as const) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  if (!readme.includes(start) || !readme.includes(end))
    throw new Error(`README.md has no ${start} … ${end} markers`);
  readme = readme.replace(new RegExp(`${start}[\\s\\S]*?${end}`), `${start}\n${table}\n${end}`);
}
writeFileSync(path, readme);
