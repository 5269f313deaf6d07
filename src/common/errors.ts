/** What `idflow` exit codes mean; scripts and CI can rely on these. */
export const ExitCode = {
  /** Everything asked for was done. */
  ok: 0,
  /** Something went wrong inside idflow or its infrastructure (Temporal, JumpCloud unreachable). */
  internal: 1,
  /** The input was wrong: playbook errors, bad arguments or inputs. Nothing was started. */
  invalid: 2,
  /** The run ran and did not succeed (failed, rejected, or an approval was refused). */
  runFailed: 3,
} as const;

/** An error the user can fix; printed without a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.invalid,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
