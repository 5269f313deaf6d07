// The layer table (layers.json) against the tree and the README: every folder under src/ has a row and every
// row a folder, and README's "What is here" table is the one `npm run gen:readme` writes from it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LAYERS, layersMarkdownTable, srcFolders } from '../../scripts/layers.js';

describe('the layer table', () => {
  it('names every folder under src/ once, and nothing else', () => {
    const rows = LAYERS.map((l) => l.folder);
    expect(new Set(rows).size).toBe(rows.length);
    expect([...rows].sort()).toEqual(srcFolders());
  });

  it('gives every folder a whole, positive rank and a job', () => {
    for (const l of LAYERS) {
      expect(Number.isInteger(l.rank) && l.rank > 0, l.folder).toBe(true);
      expect(l.job.length, l.folder).toBeGreaterThan(10);
    }
  });

  it("is README's layout table (regenerate with `npm run gen:readme`)", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = /<!-- layers:start -->\n([\s\S]*?)\n<!-- layers:end -->/.exec(readme)?.[1];
    expect(table).toBe(layersMarkdownTable());
  });
});
