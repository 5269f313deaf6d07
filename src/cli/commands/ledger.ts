// `idflow ledger status | reseed`: the guardrail ledger that counts mutations against the caps. It cannot be
// reset: a cancel request is ignored, and a ledger that lost its counts (terminated) refuses every capped
// write until an operator re-seeds it here from the audit of the window (src/client/ledger.ts).
import type { Command } from 'commander';
import type { AuditSource } from '../../client/ledger.js';
import { ExitCode, UserError } from '../../common/errors.js';
import { withTemporal } from '../temporalClient.js';

export function registerLedger(program: Command): void {
  const ledger = program
    .command('ledger')
    .description(
      'The guardrail ledger: what the caps have counted, and re-seeding it after it lost its counts.',
    );

  ledger
    .command('status')
    .description(
      'Show the ledger of this task queue: running or stopped, where its counts come from, the counts.',
    )
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExample:\n  idflow ledger status --json\n\nExit codes: 0 the ledger has its counts (or was never needed yet), 3 it lost them and refuses every capped write until re-seeded, 1 Temporal unreachable.',
    )
    .action(async (opts: { json?: boolean }) => {
      const { ledgerReport, renderLedgerReport } = await import('../../client/ledger.js');
      await withTemporal(async ({ client, config }) => {
        const report = await ledgerReport(client, config.taskQueue);
        console.log(opts.json ? JSON.stringify(report, null, 2) : renderLedgerReport(report, Date.now()));
        const refusing =
          report.execution !== 'NOT_FOUND' &&
          (report.execution !== 'RUNNING' || report.status?.seeded === false);
        if (refusing) process.exitCode = ExitCode.runFailed;
      });
    });

  ledger
    .command('reseed')
    .description(
      "Give a ledger that lost its counts (terminated) the window's counts again: the old ledger's last state, raised to what Directory Insights recorded in the last hour.",
    )
    .option(
      '--initiated-by <email>',
      "count only Insights events of this admin (the API key's); default: every admin and API key",
    )
    .option('--without-insights', "the old ledger's state alone (when Directory Insights cannot be read)")
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nReads JUMPCLOUD_API_KEY, JUMPCLOUD_BASE_URL (JUMPCLOUD_INSIGHTS_URL, JUMPCLOUD_ORG_ID) like the worker.\n\nExamples:\n  idflow ledger status\n  idflow ledger reseed --initiated-by automation-admin@example.com\n\nExit codes: 0 re-seeded, 2 nothing to re-seed (the ledger has its counts) or bad configuration, 1 Temporal or Insights unreachable.',
    )
    .action(async (opts: { initiatedBy?: string; withoutInsights?: boolean; json?: boolean }) => {
      const { LedgerSeededError, ledgerReport, reseedLedger, renderLedgerReport } =
        await import('../../client/ledger.js');
      let audit: AuditSource | undefined;
      let close = async (): Promise<void> => {};
      if (!opts.withoutInsights) {
        const { ConfigError, loadWorkerConfig } = await import('../../worker/config.js');
        let config;
        try {
          config = loadWorkerConfig();
        } catch (err) {
          if (err instanceof ConfigError) throw new UserError(`${err.message}\n  (or: --without-insights)`);
          throw err;
        }
        const { createInsightsClient } = await import('../../activities/sync/insights/client.js');
        const insights = createInsightsClient({
          baseUrl: config.sync.insightsUrl,
          apiKey: config.jumpcloud.apiKey,
          ...(config.jumpcloud.orgId ? { orgId: config.jumpcloud.orgId } : {}),
        });
        audit = insights;
        close = () => insights.close();
      }
      try {
        await withTemporal(async ({ client, config }) => {
          try {
            const result = await reseedLedger(client, config.taskQueue, {
              ...(audit ? { audit } : {}),
              ...(opts.initiatedBy ? { initiatedBy: opts.initiatedBy } : {}),
            });
            if (opts.json) {
              console.log(JSON.stringify(result, null, 2));
              return;
            }
            console.log(`re-seeded from:\n  ${result.sources.join('\n  ')}`);
            if (result.problems.length) console.log(`not used:\n  ${result.problems.join('\n  ')}`);
            console.log(renderLedgerReport(await ledgerReport(client, config.taskQueue), Date.now()));
          } catch (err) {
            if (err instanceof LedgerSeededError) throw new UserError(err.message, ExitCode.invalid);
            const { isJumpCloudApiError } = await import('../../activities/jumpcloud/errors.js');
            if (isJumpCloudApiError(err))
              throw new UserError(
                `Directory Insights could not be read: ${err.message}\n  (nothing was re-seeded; --without-insights re-seeds from the old ledger's state alone)`,
                ExitCode.internal,
              );
            throw err;
          }
        });
      } finally {
        await close();
      }
    });
}
