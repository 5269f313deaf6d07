// The source line a diagnostic points at, with a caret under the column, as compilers print it.
import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../dsl/diagnostics.js';

const texts = new Map<string, Promise<string | undefined>>();

export async function excerpt(d: Pick<Diagnostic, 'file' | 'line' | 'column'>): Promise<string | undefined> {
  let text = texts.get(d.file);
  if (!text) {
    text = readFile(d.file, 'utf8').catch(() => undefined);
    texts.set(d.file, text);
  }
  const line = (await text)?.split('\n')[d.line - 1];
  if (line === undefined || line.length > 400) return undefined;
  const gutter = String(d.line).padStart(4);
  return `${gutter} | ${line}\n${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, d.column - 1))}^`;
}
