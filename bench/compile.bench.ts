// The compiler at scale: generated playbooks of 100 to 1000 steps (cold expression cache included), the
// examples, refusing a 5 MB file (target: well under 100 ms), and a cold `idflow validate examples/` as a
// user runs it (target: under 0.5 s wall, process start included). About two thirds of a large compile is
// `yaml` turning text into nodes; a second, faster YAML parser for that case was removed (one reader): real
// playbooks are a few KB and compile in a few ms.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compilePlaybook } from '../src/dsl/index.js';
import { clearExpressionCache } from '../src/dsl/semantics/expressions.js';
import { generatePlaybook } from './generate.js';
import { measure } from './measure.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLES = ['access-request', 'password-reset', 'mfa-reset', 'onboarding', 'offboarding'];

function compileOk(text: string, file: string): void {
  const r = compilePlaybook(text, file);
  if (!r.ok) throw new Error(`${file} does not compile: ${r.diagnostics[0]?.message ?? ''}`);
}

export function runCompileBench(): void {
  console.log('\n## compiler');
  for (const steps of [100, 500, 1000]) {
    const text = generatePlaybook(steps);
    const kb = (text.length / 1024).toFixed(0);
    measure(`compile generated ${steps}-step playbook (${kb} KB), cold cache`, steps >= 1000 ? 5 : 10, () => {
      clearExpressionCache();
      compileOk(text, 'generated.yaml');
    });
  }
  for (const name of EXAMPLES) {
    const text = readFileSync(`${ROOT}/examples/${name}.yaml`, 'utf8');
    measure(`compile examples/${name}.yaml`, 100, () => compileOk(text, `${name}.yaml`));
  }
  // A file over the size limit is refused before the parser sees it (test/dsl/corpus.test.ts checks that it
  // is; this is how fast: target well under 100 ms for 5 MB).
  const big = `apiVersion: idflow/v1\nkind: Playbook\nname: big\nsteps:\n${'  - id: x\n    set: { a: 1 }\n'.repeat(200_000)}`;
  measure(`refuse a ${(big.length / 2 ** 20).toFixed(1)} MB playbook (yaml.tooLarge)`, 20, () => {
    const r = compilePlaybook(big, 'big.yaml');
    if (r.diagnostics[0]?.code !== 'yaml.tooLarge') throw new Error('a 5 MB playbook was not refused');
  });

  // Cold start as a user sees it: a new process each time, running the built CLI. Build first (tsc emits
  // even when some other module has a type error; that is the typecheck's business, not this figure's).
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
  } catch {
    // emitted anyway
  }
  const built = existsSync(`${ROOT}/dist/cli/main.js`);
  const args = built ? ['dist/cli/main.js'] : ['--import', 'tsx', 'src/cli/main.ts'];
  const walls: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, [...args, 'validate', 'examples/'], { cwd: ROOT, stdio: 'ignore' });
    walls.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  walls.sort((a, b) => a - b);
  console.log(
    `${`cold \`idflow validate examples/\` (${built ? 'dist' : 'tsx, no build'})`.padEnd(58)} ${(walls[3] ?? NaN).toFixed(0).padStart(9)} ms wall (median of 7 processes)`,
  );
}
