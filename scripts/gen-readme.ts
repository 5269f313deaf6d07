// Rewrites the generated parts of README.md (the action table) from their sources.
import { readFileSync, writeFileSync } from 'node:fs';
import { catalogMarkdownTable } from '../src/catalog/markdown.js';

const path = new URL('../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const next = readme.replace(
  /<!-- actions:start -->[\s\S]*?<!-- actions:end -->/,
  `<!-- actions:start -->\n${catalogMarkdownTable()}\n<!-- actions:end -->`,
);
if (next === readme && !readme.includes('<!-- actions:start -->'))
  throw new Error('README.md has no <!-- actions:start --> marker');
writeFileSync(path, next);
