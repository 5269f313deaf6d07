// Approver commands: see what waits for you, approve or reject. The answer comes from the run itself
// (the Workflow Update's validator), so a refusal says exactly why.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Command } from 'commander';
import { listPendingApprovals } from '../../client/approvals.js';
import { decide } from '../../client/runs.js';
import { ExitCode, UserError } from '../../common/errors.js';
import { withTemporal } from '../temporalClient.js';

function registerDecision(program: Command, decision: 'approve' | 'reject'): void {
  program
    .command(decision)
    .description(`${decision === 'approve' ? 'Approve' : 'Reject'} a run's open approval.`)
    .argument('<run>', 'the run (workflow id)')
    .requiredOption('--as <email>', 'your email (must be one of the approvers)')
    .option('--step <id>', 'the approval step, when several are open')
    .option('--comment <text>', 'a comment kept with the decision')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      `\nExit codes: 0 recorded, 3 refused (the reason is printed), 2 no such run, 1 internal error.\n\nExample:\n  idflow ${decision} 'access-request:jordan.lee@example.com:1a2b' --as morgan.chen@example.com --comment "ok for Q3"`,
    )
    .action(
      async (workflowId: string, opts: { as: string; step?: string; comment?: string; json?: boolean }) => {
        await withTemporal(async ({ client }) => {
          try {
            const result = await decide(client, workflowId, decision, {
              approver: opts.as,
              ...(opts.step ? { stepId: opts.step } : {}),
              ...(opts.comment ? { comment: opts.comment } : {}),
            });
            if (opts.json) console.log(JSON.stringify({ accepted: true, ...result }));
            else
              console.log(
                `${result.recorded ? 'recorded' : 'already recorded'}: ${decision} on ${result.stepId} — approval ${result.status} (${result.approvals}/${result.required} approvals)`,
              );
          } catch (err) {
            if (err instanceof WorkflowUpdateFailedError) {
              const reason = err.cause?.message ?? err.message;
              if (opts.json) console.log(JSON.stringify({ accepted: false, reason }));
              else console.error(`refused: ${reason}`);
              process.exitCode = ExitCode.runFailed;
              return;
            }
            if (err instanceof WorkflowNotFoundError) throw new UserError(`no run with id ${workflowId}`);
            throw err;
          }
        });
      },
    );
}

export function registerApprovals(program: Command): void {
  program
    .command('approvals')
    .description('List approvals waiting for a decision (soonest to expire first).')
    .option('--for <email>', 'only those this person may decide')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExample:\n  idflow approvals --for morgan.chen@example.com\n\nExit codes: 0 listed (none is not an error), 1 Temporal unreachable.',
    )
    .action(async (opts: { for?: string; json?: boolean }) => {
      await withTemporal(async ({ client }) => {
        const pending = await listPendingApprovals(client, opts.for ? { for: opts.for } : {});
        if (opts.json) {
          console.log(JSON.stringify(pending, null, 2));
          return;
        }
        if (pending.length === 0) console.error('nothing waiting');
        for (const a of pending) {
          console.log(
            `${a.workflowId}  step ${a.stepId}\n  "${a.title}" — ${a.stage}, expires ${a.expiresAt}\n  approvers: ${a.approvers.join(', ')}`,
          );
        }
      });
    });
  registerDecision(program, 'approve');
  registerDecision(program, 'reject');
}
