// The workflow bundle's entry: every workflow type the worker registers.
export { runPlaybook } from './runPlaybook.js';
export { guardrailLedger } from './guardrailLedger.js';
export { directorySync } from './directorySync.js';
