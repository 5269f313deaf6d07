export { compilePlaybook, type CompileOptions, type CompileResult, type PlaybookSource } from './compile.js';
export { DIAGNOSTIC_CODES, formatDiagnostic, type Diagnostic, type DiagnosticCode } from './diagnostics.js';
export { formatDuration, parseDuration } from './duration.js';
export { MAX_PLAYBOOK_BYTES } from './parse.js';
export * from './plan.js';
