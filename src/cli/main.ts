#!/usr/bin/env node
// The `idflow` command line. Errors a user can fix print as one clear message with a meaningful exit code;
// only internal failures print a stack trace.
import { Command, CommanderError } from 'commander';
import { registerCompile } from './commands/compile.js';
import { registerDemo } from './commands/demo.js';
import { registerDev } from './commands/dev.js';
import { registerSimulator } from './commands/simulator.js';
import { registerValidate } from './commands/validate.js';
import { registerWorker } from './commands/worker.js';
import { registerRuns } from './commands/runs.js';
import { registerApprovals } from './commands/approvals.js';
import { ExitCode, UserError } from './exitCodes.js';

const program = new Command('idflow')
  .description('Identity automation as YAML playbooks, run durably on Temporal against JumpCloud.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

registerValidate(program);
registerCompile(program);
registerSimulator(program);
registerDemo(program);
registerDev(program);
registerWorker(program);
registerRuns(program);
registerApprovals(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? ExitCode.ok : ExitCode.invalid;
  } else if (err instanceof UserError) {
    console.error(err.message);
    process.exitCode = err.exitCode;
  } else {
    console.error('idflow: internal error:', err);
    process.exitCode = ExitCode.internal;
  }
}
