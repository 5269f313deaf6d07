export { compilePlaybook, MAX_PLAYBOOK_BYTES, type CompileResult } from './compile.js';
export { formatDiagnostic, type Diagnostic, type DiagnosticCode } from './diagnostics.js';
export { formatDuration, parseDuration } from './duration.js';
export * from './plan.js';
