// Reads rules and schedules files from disk: expands folders, compiles each rules file, resolves the
// playbooks rules start (compiled like `idflow compile`, relative to the rules file), and dry-runs every
// mapping against a sample finding so a typo fails here, not at the first finding. Throws ConfigFileError
// with every problem found.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayPath, siblingResolver } from '../../common/files.js';
import { compilePlaybook } from '../../dsl/compile.js';
import { formatDiagnostic } from '../../dsl/diagnostics.js';
import type { Plan } from '../../dsl/plan.js';
import { InvalidInputsError, prepareInputs } from '../../dsl/inputs.js';
import type { CompiledRule } from '../compliance/types.js';
import { findingScope, renderTemplate } from '../templates.js';
import { ConfigFileError, type ConfigDiagnostic } from './diagnostics.js';
import { compileRulesText, type RuleDraft } from './rules.js';

/** idflow's built-in rules (the YAML files directly in rules/ of the package). */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../../rules/', import.meta.url));

const YAML = ['.yaml', '.yml'];

/** Files named directly, and the YAML files directly inside folders (not their subfolders), sorted. */
export function expandRuleFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      out.push(
        ...readdirSync(p, { withFileTypes: true })
          .filter((e) => e.isFile() && YAML.includes(extname(e.name)))
          .map((e) => join(p, e.name))
          .sort(),
      );
    } else out.push(p);
  }
  return out;
}

export interface LoadedRules {
  rules: CompiledRule[];
  /** The Plans the rules start, by playbook name. */
  playbooks: Record<string, Plan>;
}

function samplesFor(rule: RuleDraft): ReturnType<typeof findingScope> {
  const user = rule.check.startsWith('user.') || rule.check.startsWith('access.');
  return findingScope(
    rule,
    {
      subjectType: user ? 'user' : 'system',
      subjectId: '0123456789abcdef01234567',
      subjectName: user ? 'someone@example.com' : 'some-host',
      evidence: {},
    },
    { id: 'sample', startedAt: Date.UTC(2025, 0, 1) },
  );
}

/** `dryRun`: false when the rule's templates do not parse (already reported: a dry run would say it again). */
function loadPlaybook(
  draft: RuleDraft,
  rulesFile: string,
  problems: ConfigDiagnostic[],
  dryRun: boolean,
): Plan | undefined {
  const ref = draft.playbookRef;
  if (!ref) return undefined;
  const file = resolve(dirname(rulesFile), ref.uses);
  const where = {
    file: displayPath(rulesFile),
    line: ref.at.line,
    column: ref.at.column,
    path: `/rules/${draft.id}/playbook`,
  };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    problems.push({ code: 'rules.playbook', ...where, message: `cannot read playbook ${displayPath(file)}` });
    return undefined;
  }
  const compiled = compilePlaybook(text, displayPath(file), siblingResolver);
  if (!compiled.ok) {
    problems.push({
      code: 'rules.playbook',
      ...where,
      message: `playbook ${displayPath(file)} has errors`,
      hint: compiled.diagnostics.map(formatDiagnostic).join('\n  '),
    });
    return undefined;
  }
  if (!dryRun) return compiled.plan;
  // Dry run: the mapping must evaluate for a finding of this rule and satisfy the playbook's inputs.
  const scope = samplesFor(draft);
  try {
    const inputs = Object.fromEntries(
      Object.entries(ref.inputs).map(([k, v]) => [k, renderTemplate(v, scope)]),
    );
    renderTemplate(ref.key, scope);
    prepareInputs(compiled.plan.name, compiled.plan.inputs, inputs);
  } catch (err) {
    problems.push({
      code: err instanceof InvalidInputsError ? 'rules.playbook' : 'rules.expression',
      ...where,
      message: err instanceof Error ? err.message : String(err),
      hint: 'templates can read finding, subject (id, name, email or hostname), rule and snapshot (id, date, startedAt)',
    });
  }
  return compiled.plan;
}

/** Loads rules files (and folders); throws ConfigFileError listing every problem. */
export function loadRules(paths: readonly string[]): LoadedRules {
  const problems: ConfigDiagnostic[] = [];
  const rules: CompiledRule[] = [];
  const playbooks: Record<string, Plan> = {};
  const ids = new Map<string, string>();
  for (const file of expandRuleFiles(paths)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      problems.push({
        code: 'file.read',
        file: displayPath(file),
        line: 1,
        column: 1,
        message: 'cannot read the file',
        path: '',
      });
      continue;
    }
    const compiled = compileRulesText(text, displayPath(file));
    problems.push(...compiled.diagnostics);
    for (const [index, draft] of compiled.rules.entries()) {
      const other = ids.get(draft.id);
      if (other !== undefined && other !== displayPath(file)) {
        problems.push({
          code: 'rules.duplicateId',
          file: draft.source.file,
          line: draft.source.line,
          column: draft.source.column,
          message: `rule id \`${draft.id}\` is also defined in ${other}`,
          path: '/rules',
        });
      }
      ids.set(draft.id, displayPath(file));
      const broken = compiled.diagnostics.some(
        (d) => d.code === 'rules.expression' && d.path.startsWith(`/rules/${index}/`),
      );
      const plan = loadPlaybook(draft, file, problems, !broken);
      const { playbookRef, ...rule } = draft;
      if (plan && playbookRef) {
        playbooks[plan.name] = plan;
        rules.push({
          ...rule,
          playbook: { name: plan.name, inputs: playbookRef.inputs, key: playbookRef.key },
        } as CompiledRule);
      } else rules.push(rule as CompiledRule);
    }
  }
  if (problems.length > 0) throw new ConfigFileError(problems);
  return { rules, playbooks };
}
