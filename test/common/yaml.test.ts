// The one YAML reader: values, positions (of values, keys, empty values, characters inside strings), and
// each problem by code and line:column (never by message text). Pure: no Temporal, no files.
import { describe, expect, it } from 'vitest';
import { readYaml, type YamlDocument, type YamlResult } from '../../src/common/yaml.js';

function doc(text: string): YamlDocument {
  const r = readYaml(text);
  if (!r.ok) throw new Error(`unexpected problems: ${JSON.stringify(r.problems)}`);
  return r.document;
}

const problems = (r: YamlResult): [string, number, number][] =>
  r.ok ? [] : r.problems.map((p) => [p.code, p.at.line, p.at.column]);

describe('readYaml', () => {
  const text = [
    'name: t', // 1
    'empty:', // 2
    'list:', // 3
    '  - a', // 4
    '  -', // 5
    "  - 'quoted ${{ x }}'", // 6
    'block: |', // 7
    '  first ${{ y }}', // 8
    '  second ${{ z }}', // 9
    'flow: { k: "v\\tw ${{ q }}" }', // 10
    'num: 0x1F', // 11
  ].join('\n');

  it('reads YAML 1.2 core values', () => {
    expect(doc(text).value).toEqual({
      name: 't',
      empty: null,
      list: ['a', null, 'quoted ${{ x }}'],
      block: 'first ${{ y }}\nsecond ${{ z }}\n',
      flow: { k: 'v\tw ${{ q }}' },
      num: 31,
    });
  });

  it('points at values and keys; an empty value at its key, a missing one at its nearest ancestor', () => {
    const d = doc(text);
    expect(d.pos(['name'])).toEqual({ line: 1, column: 7 });
    expect(d.pos(['name'], true)).toEqual({ line: 1, column: 1 });
    expect(d.pos(['empty'])).toEqual({ line: 2, column: 1 });
    expect(d.pos(['list', 1])).toEqual({ line: 4, column: 3 });
    expect(d.pos(['list', 2])).toEqual({ line: 6, column: 5 });
    expect(d.pos(['block'])).toEqual({ line: 7, column: 8 });
    expect(d.pos(['flow', 'k'], true)).toEqual({ line: 10, column: 9 });
    expect(d.pos(['flow', 'nope', 3])).toEqual({ line: 10, column: 7 });
    expect(d.pos(['nope'])).toEqual({ line: 1, column: 1 });
  });

  it('points at characters inside strings: quoted, block and escaped', () => {
    const d = doc(text);
    expect(d.posInString(['list', 2], 'quoted '.length)).toEqual({ line: 6, column: 13 });
    expect(d.posInString(['block'], 'first '.length)).toEqual({ line: 8, column: 9 });
    expect(d.posInString(['block'], 'first ${{ y }}\nsecond '.length)).toEqual({ line: 9, column: 10 });
    // After an escape the value no longer spells the source: the word is found instead.
    expect(d.posInString(['flow', 'k'], 'v\tw '.length)).toEqual({ line: 10, column: 18 });
  });

  it('follows aliases to the anchored value', () => {
    const d = doc('a: &x { b: 1 }\nc: *x\n');
    expect(d.value).toEqual({ a: { b: 1 }, c: { b: 1 } });
    expect(d.pos(['c', 'b'])).toEqual({ line: 1, column: 12 });
  });

  it('reports every YAML problem with its code and position', () => {
    expect(problems(readYaml('a: 1\na: 2\n'))).toEqual([['yaml.duplicateKey', 2, 1]]);
    expect(problems(readYaml('a: 1\n---\nb: 2\n'))).toEqual([['yaml.multipleDocuments', 2, 1]]);
    expect(problems(readYaml('a: !secret x\n'))).toEqual([['yaml.tag', 1, 4]]);
    expect(problems(readYaml('a: [1, 2\nb: 3\n'))[0]?.[0]).toBe('yaml.syntax');
    expect(problems(readYaml('# only a comment\n'))).toEqual([['yaml.empty', 1, 1]]);
    expect(problems(readYaml('x'.repeat(100), { maxBytes: 10 }))).toEqual([['yaml.tooLarge', 1, 1]]);
  });

  it('bounds alias expansion (a "billion laughs")', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f'].entries()) {
      const prev = i === 0 ? 'a' : (['b', 'c', 'd', 'e'][i - 1] ?? 'a');
      bomb.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    expect(problems(readYaml(bomb.join('\n')))).toEqual([['yaml.aliases', 2, 8]]);
  });

  it('gives an empty file the value the caller chose, and words messages for the kind of document', () => {
    const empty = readYaml('~\n', { emptyAs: {} });
    expect(empty.ok && empty.document.value).toEqual({});
    const r = readYaml('a: 1\n---\n', {
      expected: 'a playbook',
      hints: { 'yaml.multipleDocuments': 'split' },
    });
    expect(r.ok ? undefined : r.problems[0]?.hint).toBe('split');
  });
});
