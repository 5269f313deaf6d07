// The report as one self-contained HTML page an auditor can open or print: a summary, a bar chart of
// findings per rule (inline SVG, no script), and tables of findings with evidence and of changes.
import { describeChange, describeEvidence, type Report } from './model.js';

const esc = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const SEVERITY_COLOURS: Record<string, string> = {
  critical: '#9b1c1c',
  high: '#c2410c',
  medium: '#b45309',
  low: '#2563eb',
};

function chart(report: Report): string {
  const rules = report.findings.rules;
  if (rules.length === 0) return '';
  const max = Math.max(1, ...rules.map((r) => r.findings));
  const row = 26;
  const label = 330;
  const width = 760;
  const bars = rules
    .map((r, i) => {
      const w = Math.round(((width - label - 60) * r.findings) / max);
      const y = i * row;
      const colour = SEVERITY_COLOURS[r.severity] ?? '#555';
      return (
        `<text x="${label - 8}" y="${y + 17}" text-anchor="end">${esc(r.title)}</text>` +
        `<rect x="${label}" y="${y + 5}" width="${Math.max(w, r.findings > 0 ? 2 : 0)}" height="16" fill="${colour}"><title>${esc(`${r.title}: ${r.findings}`)}</title></rect>` +
        `<text x="${label + w + 6}" y="${y + 17}">${r.findings}</text>`
      );
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="Findings per rule" viewBox="0 0 ${width} ${rules.length * row + 6}" width="${width}">${bars}</svg>`;
}

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

export function renderHtml(report: Report): string {
  const s = report.snapshot;
  const findingSections = report.findings.rules
    .filter((r) => r.items.length > 0)
    .map(
      (r) => `<section class="rule">
<h3 id="rule-${esc(r.id)}">${esc(r.title)} <span class="sev sev-${esc(r.severity)}">${esc(r.severity)}</span> <span class="count">${r.findings}</span></h3>
${r.description ? `<p>${esc(r.description)}</p>` : ''}<p><strong>Remediation:</strong> ${esc(r.remediation)}</p>
${table(
  ['Subject', 'Evidence', 'Last changed by', 'Run started'],
  r.items.map((f) => [
    `${esc(f.subjectName)}<br><small>${esc(f.subjectType)} ${esc(f.subjectId)}</small>`,
    esc(describeEvidence(f.evidence)),
    f.actor ? `${esc(f.actor.email)}<br><small>${esc(f.actor.eventType)} · ${esc(f.actor.at)}</small>` : '—',
    f.run ? `<code>${esc(f.run)}</code>` : '—',
  ]),
)}
</section>`,
    )
    .join('\n');
  const changes =
    report.changes.total === 0
      ? '<p>None.</p>'
      : table(
          ['Kind', 'Count'],
          Object.entries(report.changes.counts).map(([k, v]) => [esc(k), String(v)]),
        ) +
        table(
          ['Kind', 'Subject', 'Detail', 'By'],
          report.changes.items.map((c) => [
            esc(c.kind),
            esc(c.subjectName),
            esc(describeChange(c)),
            c.actor
              ? `${esc(c.actor.email)}<br><small>${esc(c.actor.eventType)} · ${esc(c.actor.at)}</small>`
              : '—',
          ]),
        );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Directory compliance report — ${esc(s.id)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0 1.2rem}th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td small{color:#57606a}.meta{color:#57606a}.count{color:#57606a;font-weight:normal}
.sev{font-size:.75rem;color:#fff;border-radius:3px;padding:.05rem .35rem;vertical-align:middle}
${Object.entries(SEVERITY_COLOURS)
  .map(([k, v]) => `.sev-${k}{background:${v}}`)
  .join('')}
.summary{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #d0d7de;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.5rem}.chart text{font-size:12px;fill:#1f2328}
@media print{.rule{break-inside:avoid}}
</style></head><body>
<h1>Directory compliance report</h1>
<p class="meta">Snapshot <code>${esc(s.id)}</code> · read ${esc(s.startedAt)}${s.finishedAt ? ` – ${esc(s.finishedAt)}` : ''} · ${esc(s.status)} · ${
    s.previousId
      ? `compared with <code>${esc(s.previousId)}</code>`
      : 'first snapshot (no changes to compare)'
  }</p>
<div class="summary">
<div class="card"><b>${report.findings.total}</b>findings</div>
<div class="card"><b>${report.findings.rules.filter((r) => r.findings > 0).length} / ${report.findings.rules.length}</b>rules with findings</div>
<div class="card"><b>${report.changes.total}</b>changes since the last sync</div>
<div class="card"><b>${s.counts['users'] ?? 0}</b>users</div>
<div class="card"><b>${s.counts['systems'] ?? 0}</b>devices</div>
</div>
<h2>Findings by rule</h2>
${chart(report)}
${table(
  ['Rule', 'Severity', 'Findings'],
  report.findings.rules.map((r) => [
    `<a href="#rule-${esc(r.id)}">${esc(r.title)}</a><br><small>${esc(r.id)} · ${esc(r.check)}</small>`,
    `<span class="sev sev-${esc(r.severity)}">${esc(r.severity)}</span>`,
    String(r.findings),
  ]),
)}
<h2>Inventory</h2>
${table(
  ['What', 'Count'],
  Object.entries(s.counts).map(([k, v]) => [esc(k), String(v)]),
)}
<h2>Findings</h2>
${findingSections || '<p>No findings.</p>'}
<h2>Changes since the previous sync</h2>
${changes}
${report.truncated ? '<p class="meta">Some rows were left out (--max-rows); the JSON format lists every one.</p>' : ''}
<p class="meta">Generated ${esc(report.generatedAt)} by idflow.</p>
</body></html>
`;
}
