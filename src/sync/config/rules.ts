// A rules file → compiled rules: schema check (with positions), defaults filled in, ids unique, and the
// `${{ }}` expressions of playbook mappings parsed. Pure: the loader (load.ts) reads files and resolves the
// playbooks rules start.
import { celEnvironment } from '../../expr/cel.js';
import { splitTemplate, TemplateSyntaxError } from '../../expr/template.js';
import type { CheckKind, CheckParams, CompiledRule, RulePlaybook } from '../compliance/types.js';
import type { ConfigDiagnostic } from './diagnostics.js';
import { parseConfigDocument } from './document.js';
import { complianceRulesSchema } from './rulesSchema.js';

export const DEFAULT_KEY = '${{ rule.id }}:${{ subject.id }}';

/** A compiled rule whose playbook is still a path (relative to its file) until the loader resolves it. */
export type RuleDraft = Omit<CompiledRule, 'playbook'> & {
  playbookRef?: {
    uses: string;
    inputs: Record<string, string>;
    key: string;
    at: { line: number; column: number };
  };
};

interface RawRule {
  id: string;
  title: string;
  description?: string;
  severity: CompiledRule['severity'];
  check: CheckKind;
  with?: Record<string, unknown>;
  remediation: string;
  playbook?: { uses: string; inputs: Record<string, string>; key?: string };
}

const list = <T>(value: unknown, fallback: T[]): T[] => (Array.isArray(value) ? (value as T[]) : fallback);

/** `with` as the schema allows it → the check's parameters with every default filled in. */
export function paramsOf(check: CheckKind, w: Record<string, unknown>): CheckParams[CheckKind] {
  switch (check) {
    case 'user.mfaMissing':
      return {
        states: list(w['states'], ['ACTIVATED']),
        excludeGroups: list(w['excludeGroups'], []),
        excludeUsers: list(w['excludeUsers'], []),
        honourExclusions: w['honourExclusions'] !== false,
      } satisfies CheckParams['user.mfaMissing'];
    case 'user.inactiveWithAccess':
      return {
        states: list(w['states'], ['SUSPENDED']),
        access: list(w['access'], ['groups', 'devices', 'apps']),
        ignoreGroups: list(w['ignoreGroups'], []),
      } satisfies CheckParams['user.inactiveWithAccess'];
    case 'access.criticalUnauthorised':
      return {
        systemGroups: list(w['systemGroups'], []),
        hostnames: list(w['hostnames'], []),
        apps: list(w['apps'], []),
        authorisedGroups: list(w['authorisedGroups'], []),
        states: list(w['states'], ['ACTIVATED']),
      } satisfies CheckParams['access.criticalUnauthorised'];
    case 'device.unencrypted':
      return {
        osFamilies: list(w['osFamilies'], ['darwin', 'windows', 'linux']),
        excludeGroups: list(w['excludeGroups'], []),
      } satisfies CheckParams['device.unencrypted'];
    case 'device.osBelowFloor':
      return { floors: w['floors'] ?? {} };
    case 'device.ungrouped':
      return { osFamilies: list(w['osFamilies'], ['darwin', 'windows', 'linux', 'ios', 'android']) };
    case 'device.stale':
      return {
        days: Number(w['days']),
        includeNeverSeen: w['includeNeverSeen'] !== false,
        osFamilies: list(w['osFamilies'], ['darwin', 'windows', 'linux', 'ios', 'android']),
      } satisfies CheckParams['device.stale'];
    case 'device.missingSoftware':
      return {
        software: list(w['software'], []),
        osFamilies: list(w['osFamilies'], ['darwin', 'windows']),
      } satisfies CheckParams['device.missingSoftware'];
    case 'device.policyFailing':
      return {
        policies: list(w['policies'], []),
        osFamilies: list(w['osFamilies'], ['darwin', 'windows', 'linux', 'ios', 'android']),
      } satisfies CheckParams['device.policyFailing'];
  }
}

/** Problems in the expressions of one template (syntax only; names are checked by the loader's dry run). */
export function templateProblems(text: string): string[] {
  try {
    return splitTemplate(text).flatMap((part) => {
      if (!('source' in part)) return [];
      if (part.source === '') return ['empty `${{ }}`'];
      try {
        celEnvironment.parse(part.source);
        return [];
      } catch (err) {
        return [
          `\`${part.source}\`: ${err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err)}`,
        ];
      }
    });
  } catch (err) {
    return [err instanceof TemplateSyntaxError ? err.message : String(err)];
  }
}

export function compileRulesText(
  text: string,
  file: string,
): { rules: RuleDraft[]; diagnostics: ConfigDiagnostic[] } {
  const { document, diagnostics } = parseConfigDocument(
    text,
    file,
    complianceRulesSchema,
    'compliance rules',
  );
  if (!document) return { rules: [], diagnostics };
  const raw = (document.value as { rules: RawRule[] }).rules;
  const at = (path: (string | number)[], key = false): { line: number; column: number } =>
    document.source.pos(path, key);
  const problem = (
    code: ConfigDiagnostic['code'],
    path: (string | number)[],
    message: string,
    hint?: string,
  ): void => {
    const pos = at(path);
    diagnostics.push({
      code,
      file,
      line: pos.line,
      column: pos.column,
      message,
      path: `/${path.join('/')}`,
      ...(hint ? { hint } : {}),
    });
  };
  const seen = new Map<string, number>();
  const rules: RuleDraft[] = raw.map((r, index) => {
    const before = seen.get(r.id);
    if (before !== undefined)
      problem(
        'rules.duplicateId',
        ['rules', index, 'id'],
        `rule id \`${r.id}\` is used twice`,
        `the first is rule ${before + 1}`,
      );
    seen.set(r.id, index);
    const pos = at(['rules', index]);
    const draft: RuleDraft = {
      id: r.id,
      title: r.title,
      description: r.description ?? '',
      severity: r.severity,
      check: r.check,
      params: paramsOf(r.check, r.with ?? {}),
      remediation: r.remediation,
      source: { file, line: pos.line, column: pos.column },
    };
    if (r.playbook) {
      const templates: [string[], string][] = [
        ...Object.entries(r.playbook.inputs).map(([name, value]): [string[], string] => [
          ['inputs', name],
          value,
        ]),
        [['key'], r.playbook.key ?? DEFAULT_KEY],
      ];
      for (const [path, value] of templates) {
        for (const p of templateProblems(value))
          problem('rules.expression', ['rules', index, 'playbook', ...path], p);
      }
      draft.playbookRef = {
        uses: r.playbook.uses,
        inputs: r.playbook.inputs,
        key: r.playbook.key ?? DEFAULT_KEY,
        at: at(['rules', index, 'playbook', 'uses']),
      };
    }
    return draft;
  });
  return { rules, diagnostics };
}

export type { RulePlaybook };
