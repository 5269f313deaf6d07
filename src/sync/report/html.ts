// The report as one self-contained HTML page an auditor can open or print: a summary, a bar chart of
// findings per rule (inline SVG, no script), and tables of findings with evidence and of changes. Every
// value from the directory (names, titles, evidence) goes through common/html.ts's `html` tag.
import { html, SafeHtml } from '../../common/html.js';
import { describeChange, describeEvidence, type Report } from './model.js';

const SEVERITY_COLOURS: Record<string, string> = {
  critical: '#9b1c1c',
  high: '#c2410c',
  medium: '#b45309',
  low: '#2563eb',
};

// A constant of ours, kept out of the page template so the formatter leaves it as written.
const STYLE = new SafeHtml(`<style>
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
</style>`);

function chart(report: Report): SafeHtml {
  const rules = report.findings.rules;
  if (rules.length === 0) return html``;
  const max = Math.max(1, ...rules.map((r) => r.findings));
  const row = 26;
  const label = 330;
  const width = 760;
  const bars = rules.map((r, i) => {
    const w = Math.round(((width - label - 60) * r.findings) / max);
    const y = i * row;
    const colour = SEVERITY_COLOURS[r.severity] ?? '#555';
    // prettier-ignore
    return html`<text x="${label - 8}" y="${y + 17}" text-anchor="end">${r.title}</text><rect x="${label}" y="${y + 5}" width="${Math.max(w, r.findings > 0 ? 2 : 0)}" height="16" fill="${colour}"><title>${`${r.title}: ${r.findings}`}</title></rect><text x="${label + w + 6}" y="${y + 17}">${r.findings}</text>`;
  });
  // prettier-ignore
  return html`<svg class="chart" role="img" aria-label="Findings per rule" viewBox="0 0 ${width} ${rules.length * row + 6}" width="${width}">${bars}</svg>`;
}

/** Cells are markup: the callers build them with `html` (a plain string is escaped like any value). */
function table(head: string[], rows: (SafeHtml | string)[][]): SafeHtml {
  // prettier-ignore
  return html`<table><thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody></table>`;
}

function actor(a: { email: string; eventType: string; at: string } | null | undefined): SafeHtml | string {
  return a ? html`${a.email}<br /><small>${a.eventType} · ${a.at}</small>` : '—';
}

export function renderHtml(report: Report): string {
  const s = report.snapshot;
  const findingSections = report.findings.rules
    .filter((r) => r.items.length > 0)
    .map(
      (r) =>
        html`<section class="rule">
          <h3 id="rule-${r.id}">
            ${r.title} <span class="sev sev-${r.severity}">${r.severity}</span>
            <span class="count">${r.findings}</span>
          </h3>
          ${r.description ? html`<p>${r.description}</p>` : ''}
          <p><strong>Remediation:</strong> ${r.remediation}</p>
          ${table(
            ['Subject', 'Evidence', 'Last changed by', 'Run started'],
            r.items.map((f) => [
              html`${f.subjectName}<br /><small>${f.subjectType} ${f.subjectId}</small>`,
              describeEvidence(f.evidence),
              actor(f.actor),
              f.run ? html`<code>${f.run}</code>` : '—',
            ]),
          )}
        </section>`,
    );
  const changes =
    report.changes.total === 0
      ? html`<p>None.</p>`
      : html`${table(
          ['Kind', 'Count'],
          Object.entries(report.changes.counts).map(([k, v]) => [k, String(v)]),
        )}${table(
          ['Kind', 'Subject', 'Detail', 'By'],
          report.changes.items.map((c) => [c.kind, c.subjectName, describeChange(c), actor(c.actor)]),
        )}`;
  return `${
    html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>Directory compliance report — ${s.id}</title>
          ${STYLE}
        </head>
        <body>
          <h1>Directory compliance report</h1>
          <p class="meta">
            Snapshot <code>${s.id}</code> · read ${s.startedAt}${s.finishedAt ? ` – ${s.finishedAt}` : ''} ·
            ${s.status} ·
            ${
              s.previousId
                ? html`compared with <code>${s.previousId}</code>`
                : 'first snapshot (no changes to compare)'
            }
          </p>
          <div class="summary">
            <div class="card"><b>${report.findings.total}</b>findings</div>
            <div class="card">
              <b
                >${report.findings.rules.filter((r) => r.findings > 0).length} /
                ${report.findings.rules.length}</b
              >rules with findings
            </div>
            <div class="card"><b>${report.changes.total}</b>changes since the last sync</div>
            <div class="card"><b>${s.counts['users'] ?? 0}</b>users</div>
            <div class="card"><b>${s.counts['systems'] ?? 0}</b>devices</div>
          </div>
          <h2>Findings by rule</h2>
          ${chart(report)}
          ${table(
            ['Rule', 'Severity', 'Findings'],
            report.findings.rules.map((r) => [
              html`<a href="#rule-${r.id}">${r.title}</a><br /><small>${r.id} · ${r.check}</small>`,
              html`<span class="sev sev-${r.severity}">${r.severity}</span>`,
              String(r.findings),
            ]),
          )}
          <h2>Inventory</h2>
          ${table(
            ['What', 'Count'],
            Object.entries(s.counts).map(([k, v]) => [k, String(v)]),
          )}
          <h2>Findings</h2>
          ${findingSections.length > 0 ? findingSections : html`<p>No findings.</p>`}
          <h2>Changes since the previous sync</h2>
          ${changes}
          ${
            report.truncated
              ? html`<p class="meta">
                  Some rows were left out (--max-rows); the JSON format lists every one.
                </p>`
              : ''
          }
          <p class="meta">Generated ${report.generatedAt} by idflow.</p>
        </body>
      </html>`.value
  }\n`;
}
