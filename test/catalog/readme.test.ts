import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogMarkdownTable } from '../../src/catalog/markdown.js';

describe('the README', () => {
  it('lists exactly the actions of the catalog (regenerate with `npm run gen:readme`)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = /<!-- actions:start -->\n([\s\S]*?)\n<!-- actions:end -->/.exec(readme)?.[1];
    expect(table).toBe(catalogMarkdownTable());
  });
});
