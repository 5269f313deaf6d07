// Operator commands: start a playbook run, look at runs, cancel one.
import { readFile } from 'node:fs/promises';
import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import type { Command } from 'commander';
import { describeRun, renderRunDescription } from '../../client/describe.js';
import { InvalidInputsError, startRun } from '../../client/runs.js';
import { ExitCode, UserError } from '../../common/errors.js';
import { loadPlan } from '../playbookFiles.js';
import { withTemporal } from '../temporalClient.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `k=v` pairs: values that parse as JSON (numbers, booleans, arrays) keep their type; anything else is text. */
export function parseInputPairs(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UserError(`--input expects key=value, got "${pair}"`);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = /^(true|false|null|-?\d+(\.\d+)?|\[.*\]|\{.*\})$/s.test(raw) ? JSON.parse(raw) : raw;
    } catch {
      value = raw;
    }
    out[pair.slice(0, eq)] = value;
  }
  return out;
}

function notFound(workflowId: string): UserError {
  return new UserError(`no run with id ${workflowId}`, ExitCode.invalid);
}

export function registerRuns(program: Command): void {
  program
    .command('run')
    .description('Start a playbook run.')
    .argument('<playbook>', 'playbook file')
    .option('-i, --input <key=value>', 'an input (repeatable); JSON values keep their type', collect, [])
    .option('--inputs <file>', 'a JSON file with the inputs')
    .option(
      '--key <key>',
      'idempotency key: the same key attaches to the same run (default: a hash of the inputs)',
    )
    .option('--requested-by <email>', 'who asks (they may not approve their own request)')
    .option(
      '--dry-run',
      'reads are real; changes are checked against the guardrails and reported, not made (approvals count as granted, waits end at once)',
    )
    .option('--wait', 'wait for the run to end and print its outputs')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExamples:\n  idflow run examples/access-request.yaml -i email=jordan.lee@example.com -i group=Support --requested-by sam.okafor@example.com\n  idflow run examples/offboarding.yaml --inputs leaver.json --key hr-event-4711 --wait\n  idflow run examples/offboarding.yaml --inputs leaver.json --dry-run --wait   # what it would change\n\nExit codes: 0 started (or, with --wait, completed), 2 invalid playbook or inputs, 3 the run failed, 1 internal error.',
    )
    .action(
      async (
        file: string,
        opts: {
          input: string[];
          inputs?: string;
          key?: string;
          requestedBy?: string;
          dryRun?: boolean;
          wait?: boolean;
          json?: boolean;
        },
      ) => {
        const plan = await loadPlan(file);
        let inputs: Record<string, unknown> = {};
        if (opts.inputs) {
          try {
            inputs = JSON.parse(await readFile(opts.inputs, 'utf8')) as Record<string, unknown>;
          } catch (err) {
            throw new UserError(
              `--inputs ${opts.inputs}: ${err instanceof Error ? err.message : String(err)}`,
            );
          }
        }
        Object.assign(inputs, parseInputPairs(opts.input));
        await withTemporal(async ({ client, config, encryption }) => {
          let started;
          try {
            started = await startRun(client, {
              plan,
              inputs,
              trigger: { kind: 'cli', ...(opts.requestedBy ? { requestedBy: opts.requestedBy } : {}) },
              ...(opts.key ? { key: opts.key } : {}),
              taskQueue: config.taskQueue,
              ...(opts.dryRun ? { dryRun: true } : {}),
              ...(encryption ? { subjects: encryption } : {}),
            });
          } catch (err) {
            if (err instanceof InvalidInputsError) throw new UserError(err.message);
            throw err;
          }
          if (!opts.wait) {
            console.log(
              opts.json
                ? JSON.stringify({ workflowId: started.workflowId, subject: started.subject })
                : `started ${opts.dryRun ? 'a dry run, ' : ''}${started.workflowId}`,
            );
            return;
          }
          try {
            const result = await started.handle.result();
            const wouldDo = result.dryRun
              ? `\n${opts.dryRun ? 'a real run would' : 'would'}:\n${result.dryRun.mutations.map((m) => `  ${m.step}: ${m.text}`).join('\n') || '  change nothing'}`
              : '';
            console.log(
              opts.json
                ? JSON.stringify({ workflowId: started.workflowId, status: 'COMPLETED', ...result }, null, 2)
                : `${started.workflowId} COMPLETED${result.dryRun ? ' (dry run: nothing was changed)' : ''}\noutputs: ${JSON.stringify(result.outputs, null, 2)}${wouldDo}`,
            );
          } catch (err) {
            if (!(err instanceof WorkflowFailedError)) throw err;
            // With encryption on, the reason travels in the (encrypted) details.
            const details = (err.cause as { details?: unknown[] } | undefined)?.details?.[0] as
              { message?: unknown } | undefined;
            const message =
              typeof details?.message === 'string' ? details.message : (err.cause?.message ?? err.message);
            console.log(
              opts.json
                ? JSON.stringify({ workflowId: started.workflowId, status: 'FAILED', error: message })
                : `${started.workflowId} FAILED: ${message}`,
            );
            process.exitCode = ExitCode.runFailed;
          }
        });
      },
    );

  program
    .command('status')
    .description("Show a run: each step's status, attempts and errors, and who it is waiting on.")
    .argument('<run>', 'the run (workflow id)')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      "\nExample:\n  idflow status 'access-request:jordan.lee@example.com:1a2b'\n\nExit codes: 0 shown (whatever the run's state), 2 no such run, 1 Temporal unreachable.",
    )
    .action(async (workflowId: string, opts: { json?: boolean }) => {
      await withTemporal(async ({ client }) => {
        try {
          const d = await describeRun(client, workflowId);
          console.log(opts.json ? JSON.stringify(d, null, 2) : renderRunDescription(d));
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) throw notFound(workflowId);
          throw err;
        }
      });
    });

  program
    .command('runs')
    .description('List runs, newest first (through the IdflowPlaybook / IdflowSubject search attributes).')
    .option('--playbook <name>', 'only this playbook')
    .option('--subject <subject>', 'only runs about this subject')
    .option('--status <status>', 'Running, Completed, Failed, Canceled, Terminated, TimedOut')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExamples:\n  idflow runs --playbook offboarding --status Running\n  idflow runs --subject jordan.lee@example.com --json\n\nExit codes: 0 listed (none is not an error), 1 Temporal unreachable.',
    )
    .action(
      async (opts: {
        playbook?: string;
        subject?: string;
        status?: string;
        limit: string;
        json?: boolean;
      }) => {
        const { listRuns } = await import('../../client/list.js');
        await withTemporal(async ({ client, encryption }) => {
          // With encryption on, runs are listed under their subject's pseudonyms (one per key).
          const subjects = opts.subject
            ? (encryption?.pseudonyms(opts.subject) ?? [opts.subject])
            : [undefined];
          const runs = [];
          for (const subject of subjects)
            runs.push(
              ...(await listRuns(client, {
                ...(opts.playbook ? { playbook: opts.playbook } : {}),
                ...(subject !== undefined ? { subject } : {}),
                ...(opts.status ? { status: opts.status } : {}),
                limit: Number(opts.limit),
              })),
            );
          if (opts.json) console.log(JSON.stringify(runs, null, 2));
          else for (const r of runs) console.log(`${r.status.padEnd(10)} ${r.startTime}  ${r.workflowId}`);
          if (!opts.json && runs.length === 0) console.error('no runs');
        });
      },
    );

  program
    .command('cancel')
    .description(
      'Cancel a run; completed steps with `compensate` are undone when the playbook says onFailure: compensate.',
    )
    .argument('<run>', 'the run (workflow id)')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      "\nExample:\n  idflow cancel 'onboarding:casey.nguyen@example.com:bamboohr-42'\n\nExit codes: 0 cancellation requested, 2 no such run, 1 Temporal unreachable.",
    )
    .action(async (workflowId: string, opts: { json?: boolean }) => {
      await withTemporal(async ({ client }) => {
        try {
          await client.workflow.getHandle(workflowId).cancel();
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) throw notFound(workflowId);
          throw err;
        }
        console.log(
          opts.json
            ? JSON.stringify({ workflowId, cancelRequested: true })
            : `cancellation requested for ${workflowId}`,
        );
      });
    });
}
