#!/usr/bin/env node
// The `idflow` command line. Errors a user can fix print as one clear message with a meaningful exit code;
// only internal failures print a stack trace.
import { Command, CommanderError } from 'commander';
import { ExitCode, UserError } from '../common/errors.js';

type Register = (program: Command) => void;

// Each command module is imported only when its command runs: `idflow validate` must not pay for loading
// the Temporal SDK, fastify or undici (cold `validate examples/` stays well under half a second).
const MODULES = {
  validate: async () => (await import('./commands/validate.js')).registerValidate,
  compile: async () => (await import('./commands/compile.js')).registerCompile,
  graph: async () => (await import('./commands/graph.js')).registerGraph,
  simulator: async () => (await import('./commands/simulator.js')).registerSimulator,
  demo: async () => (await import('./commands/demo.js')).registerDemo,
  dev: async () => (await import('./commands/dev.js')).registerDev,
  worker: async () => (await import('./commands/worker.js')).registerWorker,
  runs: async () => (await import('./commands/runs.js')).registerRuns,
  approvals: async () => (await import('./commands/approvals.js')).registerApprovals,
  server: async () => (await import('./commands/server.js')).registerServer,
  sync: async () => (await import('./commands/sync.js')).registerSync,
  schedule: async () => (await import('./commands/schedule.js')).registerSchedule,
  changes: async () => (await import('./commands/changes.js')).registerChanges,
  report: async () => (await import('./commands/report.js')).registerReport,
  ledger: async () => (await import('./commands/ledger.js')).registerLedger,
} satisfies Record<string, () => Promise<Register>>;

/** Subcommand → the module that registers it (modules registering several commands appear once each). */
const COMMAND_MODULE: Record<string, keyof typeof MODULES> = {
  validate: 'validate',
  compile: 'compile',
  graph: 'graph',
  simulator: 'simulator',
  demo: 'demo',
  dev: 'dev',
  worker: 'worker',
  run: 'runs',
  status: 'runs',
  runs: 'runs',
  cancel: 'runs',
  approvals: 'approvals',
  approve: 'approvals',
  reject: 'approvals',
  server: 'server',
  sync: 'sync',
  schedule: 'schedule',
  changes: 'changes',
  report: 'report',
  ledger: 'ledger',
};

function portInUse(err: unknown): err is { address: string; port: number } {
  const e = err as { code?: unknown; syscall?: unknown } | null;
  return e?.code === 'EADDRINUSE' && e.syscall === 'listen';
}

const program = new Command('idflow')
  .description('Identity automation as YAML playbooks, run durably on Temporal against JumpCloud.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

try {
  const wanted = COMMAND_MODULE[process.argv[2] ?? ''];
  // Help, no command or an unknown one: load every module so commander can list them all.
  for (const load of wanted ? [MODULES[wanted]] : Object.values(MODULES)) (await load())(program);
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? ExitCode.ok : ExitCode.invalid;
  } else if (err instanceof UserError) {
    console.error(err.message);
    process.exitCode = err.exitCode;
  } else if (portInUse(err)) {
    // A port another process holds is the user's to fix (an option picks another), not a crash.
    console.error(
      `idflow: ${err.address}:${err.port} is already in use: stop what holds it, or pick another port`,
    );
    process.exitCode = ExitCode.invalid;
  } else {
    console.error('idflow: internal error:', err);
    process.exitCode = ExitCode.internal;
  }
}
