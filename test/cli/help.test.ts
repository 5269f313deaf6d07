// Every command's --help is a usable page: an example to copy and what its exit codes mean (scripts and CI
// rely on them). Built in-process from the same registrations the CLI loads.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerApprovals } from '../../src/cli/commands/approvals.js';
import { registerChanges } from '../../src/cli/commands/changes.js';
import { registerCompile } from '../../src/cli/commands/compile.js';
import { registerDemo } from '../../src/cli/commands/demo.js';
import { registerDev } from '../../src/cli/commands/dev.js';
import { registerGraph } from '../../src/cli/commands/graph.js';
import { registerLedger } from '../../src/cli/commands/ledger.js';
import { registerReport } from '../../src/cli/commands/report.js';
import { registerRuns } from '../../src/cli/commands/runs.js';
import { registerSchedule } from '../../src/cli/commands/schedule.js';
import { registerServer } from '../../src/cli/commands/server.js';
import { registerSimulator } from '../../src/cli/commands/simulator.js';
import { registerSync } from '../../src/cli/commands/sync.js';
import { registerValidate } from '../../src/cli/commands/validate.js';
import { registerWorker } from '../../src/cli/commands/worker.js';

function leaves(cmd: Command, prefix = ''): [string, Command][] {
  const name = prefix ? `${prefix} ${cmd.name()}` : cmd.name();
  return cmd.commands.length === 0 ? [[name, cmd]] : cmd.commands.flatMap((c) => leaves(c, name));
}

function helpOf(cmd: Command): string {
  let text = '';
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  cmd.outputHelp();
  return text;
}

describe('idflow --help', () => {
  const program = new Command('idflow');
  for (const register of [
    registerValidate,
    registerCompile,
    registerGraph,
    registerSimulator,
    registerDemo,
    registerDev,
    registerWorker,
    registerRuns,
    registerApprovals,
    registerServer,
    registerSync,
    registerSchedule,
    registerChanges,
    registerReport,
    registerLedger,
  ])
    register(program);
  const commands = program.commands
    .flatMap((c) => leaves(c))
    .map(([name, cmd]) => [name.replace(/^idflow /, ''), cmd] as const);

  it('knows every command', () => {
    expect(commands.map(([name]) => name).sort()).toEqual(
      [
        'approvals',
        'approve',
        'cancel',
        'changes',
        'compile',
        'demo',
        'dev',
        'graph',
        'ledger reseed',
        'ledger status',
        'reject',
        'report',
        'run',
        'runs',
        'schedule apply',
        'server',
        'simulator',
        'status',
        'sync',
        'validate',
        'worker',
      ].sort(),
    );
  });

  it.each(commands)('%s: an example and its exit codes', (_name, cmd) => {
    const help = helpOf(cmd);
    expect(help).toMatch(/\nExamples?:\n {2}[^\n]*idflow /);
    expect(help).toMatch(/\nExit codes: 0 /);
  });
});
