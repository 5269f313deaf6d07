// Where something is in a source document: the compiler's diagnostics, and the Plan's steps and
// expressions (so a run-time expression error can name its line).
/** 1-based line and column in the playbook source. */
export interface SourcePos {
  line: number;
  column: number;
}
