import type { Command } from 'commander';
import { loadPlan } from '../playbookFiles.js';
import { useGuardrailsFile } from '../../guardrails/configEnv.js';

export function registerCompile(program: Command): void {
  program
    .command('compile')
    .description('Compile a playbook and print its Plan (the JSON a run is pinned to).')
    .argument('<file>', 'playbook file')
    .option('--guardrails <file>', "the operator's guardrails file (default: IDFLOW_GUARDRAILS_FILE)")
    .addHelpText(
      'after',
      '\nExample:\n  idflow compile examples/offboarding.yaml > offboarding.plan.json\n\nExit codes: 0 printed, 2 the playbook has errors (listed on stderr), 1 internal error.',
    )
    .action(async (file: string, opts: { guardrails?: string }) => {
      useGuardrailsFile(opts.guardrails);
      console.log(JSON.stringify(await loadPlan(file), null, 2));
    });
}
