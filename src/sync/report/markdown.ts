// The report as Markdown: for pull requests, tickets and chat.
import { describeChange, describeEvidence, type Report } from './model.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(report: Report): string {
  const s = report.snapshot;
  const lines: string[] = [
    `# Directory compliance report`,
    '',
    `Snapshot \`${s.id}\` read ${s.startedAt}${s.finishedAt ? ` – ${s.finishedAt}` : ''} (${s.status}); ` +
      (s.previousId ? `compared with \`${s.previousId}\`.` : 'the first snapshot: no changes to compare.'),
    '',
    '## Inventory',
    '',
    '| what | count |',
    '| --- | ---: |',
    ...Object.entries(s.counts).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    `## Findings (${report.findings.total})`,
    '',
    '| rule | severity | findings |',
    '| --- | --- | ---: |',
    ...report.findings.rules.map((r) => `| ${cell(r.title)} (\`${r.id}\`) | ${r.severity} | ${r.findings} |`),
  ];
  for (const rule of report.findings.rules) {
    if (rule.items.length === 0) continue;
    lines.push(
      '',
      `### ${rule.title}`,
      '',
      rule.description ? `${rule.description}\n` : '',
      `Remediation: ${rule.remediation}`,
      '',
    );
    lines.push('| subject | evidence | last changed by | run |', '| --- | --- | --- | --- |');
    for (const f of rule.items) {
      const who = f.actor ? `${f.actor.email} (${f.actor.eventType}, ${f.actor.at})` : '—';
      lines.push(
        `| ${cell(f.subjectName)} | ${cell(describeEvidence(f.evidence))} | ${cell(who)} | ${f.run ? `\`${f.run}\`` : '—'} |`,
      );
    }
  }
  lines.push('', `## Changes since the previous sync (${report.changes.total})`, '');
  if (report.changes.total > 0) {
    lines.push(
      '| kind | count |',
      '| --- | ---: |',
      ...Object.entries(report.changes.counts).map(([k, v]) => `| ${k} | ${v} |`),
      '',
    );
    lines.push('| kind | subject | detail | by |', '| --- | --- | --- | --- |');
    for (const c of report.changes.items) {
      const who = c.actor ? `${c.actor.email} (${c.actor.eventType})` : '—';
      lines.push(`| ${c.kind} | ${cell(c.subjectName)} | ${cell(describeChange(c))} | ${cell(who)} |`);
    }
  } else lines.push('None.');
  if (report.truncated)
    lines.push('', '_Some rows were left out (--max-rows); the JSON format lists every one._');
  lines.push('', `_Generated ${report.generatedAt} by idflow._`, '');
  return lines.join('\n');
}
