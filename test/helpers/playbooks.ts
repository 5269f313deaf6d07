import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compilePlaybook, formatDiagnostic, type Plan } from '../../src/dsl/index.js';

export function examplePath(name: string): string {
  return fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));
}

/** Compiles a playbook that must be valid; a test fixture with errors fails loudly with the diagnostics. */
export function compileOrThrow(text: string, file = 'test.yaml'): Plan {
  const result = compilePlaybook(text, file);
  if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  return result.plan;
}

export function compileExample(name: string): Plan {
  return compileOrThrow(readFileSync(examplePath(name), 'utf8'), `examples/${name}`);
}

/** The text of a playbook several tests run, from test/fixtures/runnable (`lock-out` → lock-out.yaml). */
export function runnablePlaybook(name: string): string {
  return readFileSync(new URL(`../fixtures/runnable/${name}.yaml`, import.meta.url), 'utf8');
}
