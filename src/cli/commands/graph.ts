import type { Command } from 'commander';
import { planToMermaid } from '../../dsl/graph.js';
import { loadPlan } from '../playbookFiles.js';

export function registerGraph(program: Command): void {
  program
    .command('graph')
    .description('Print a playbook as a Mermaid flowchart: steps, branches, approvals, compensation.')
    .argument('<file>', 'playbook file')
    .addHelpText(
      'after',
      '\nPaste the output into any Mermaid renderer (GitHub renders ```mermaid blocks).\n\nExample:\n  idflow graph examples/offboarding.yaml\n\nExit codes: 0 printed, 2 the playbook has errors (listed on stderr), 1 internal error.',
    )
    .action(async (file: string) => {
      process.stdout.write(planToMermaid(await loadPlan(file)));
    });
}
