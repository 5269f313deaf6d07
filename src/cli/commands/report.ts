// `idflow report`: the latest sync (or a given snapshot) as JSON, Markdown or an HTML page for auditors —
// inventory counts, findings by rule with evidence, changes since the previous sync.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { buildReport, NoSnapshotError } from '../../sync/report/model.js';
import { UserError } from '../../common/errors.js';
import { openCliStore } from './changes.js';

const FORMATS = ['json', 'md', 'html'] as const;

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('Report on the latest directory sync: counts, findings by rule, changes (json, md or html).')
    .option('--format <format>', 'json, md or html', 'md')
    .option('--snapshot <id>', 'a given snapshot instead of the latest complete one')
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--max-rows <n>', 'at most this many findings per rule and changes (md and html)')
    .option('--store <url>', 'snapshot store (default: IDFLOW_STORE)')
    .addHelpText(
      'after',
      '\nExample:\n  idflow report --format html --out report.html\n\nExit codes: 0 written, 2 bad arguments or no complete sync yet, 1 the store cannot be read.',
    )
    .action(
      async (opts: { format: string; snapshot?: string; out?: string; maxRows?: string; store?: string }) => {
        if (!(FORMATS as readonly string[]).includes(opts.format))
          throw new UserError(`--format: one of ${FORMATS.join(', ')}, got "${opts.format}"`);
        const maxRows = opts.maxRows === undefined ? undefined : Number(opts.maxRows);
        if (maxRows !== undefined && (!Number.isInteger(maxRows) || maxRows < 1))
          throw new UserError(`--max-rows: a whole number ≥ 1, got "${opts.maxRows}"`);
        const db = await openCliStore(opts.store);
        let text: string;
        try {
          const report = await buildReport(db, {
            ...(opts.snapshot ? { snapshotId: opts.snapshot } : {}),
            ...(maxRows !== undefined && opts.format !== 'json' ? { maxRows } : {}),
          });
          if (opts.format === 'json') text = `${JSON.stringify(report, null, 2)}\n`;
          else if (opts.format === 'md')
            text = (await import('../../sync/report/markdown.js')).renderMarkdown(report);
          else text = (await import('../../sync/report/html.js')).renderHtml(report);
        } catch (err) {
          if (err instanceof NoSnapshotError) throw new UserError(err.message);
          throw err;
        } finally {
          await db.close();
        }
        if (opts.out) {
          await writeFile(opts.out, text);
          console.error(`wrote ${opts.out}`);
        } else process.stdout.write(text);
      },
    );
}
