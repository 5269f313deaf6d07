// Problems in a rules or schedules file, each pointing at file:line:column with a stable code (tests and
// tools match codes, never message text), printed like the playbook compiler's.
import { YAML_PROBLEM_CODES } from '../../common/yaml.js';

export const CONFIG_CODES = {
  'file.read': 'the file cannot be read',
  ...YAML_PROBLEM_CODES,
  schema: 'a value does not match the file’s schema',
  'rules.duplicateId': 'two rules share an id',
  'rules.expression': 'a `${{ }}` expression in a playbook mapping is invalid',
  'rules.playbook': 'the playbook a rule starts is missing, invalid, or does not accept the inputs given',
  'schedules.duplicateId': 'two schedules share an id',
  'schedules.rules': 'a rules file of the schedule has problems',
} as const;

export type ConfigCode = keyof typeof CONFIG_CODES;

export interface ConfigDiagnostic {
  code: ConfigCode;
  file: string;
  line: number;
  column: number;
  message: string;
  /** JSON pointer into the document. */
  path: string;
  hint?: string;
}

export function formatConfigDiagnostic(d: ConfigDiagnostic): string {
  const head = `${d.file}:${d.line}:${d.column}: error[${d.code}]: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** Thrown by the loaders when a file has problems: every one of them, not just the first. */
export class ConfigFileError extends Error {
  constructor(readonly diagnostics: ConfigDiagnostic[]) {
    super(diagnostics.map(formatConfigDiagnostic).join('\n'));
    this.name = 'ConfigFileError';
  }
}
