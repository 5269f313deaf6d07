// The HTML report escapes everything that comes from the directory (names, titles, evidence, actors) with
// the one `html` tag the approval pages use: a hostile group or device name is shown as text. Pure: built
// from a Report value, no store, no Temporal.
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/sync/report/model.js';
import { renderHtml } from '../../src/sync/report/html.js';

const EVIL = `"><script>alert(1)</script><img src=x onerror=alert(2)>'&`;

const actor = { email: EVIL, type: 'admin', eventType: EVIL, at: '2025-01-01T00:00:00Z' };
const report: Report = {
  generatedAt: '2025-01-02T00:00:00Z',
  snapshot: {
    id: 'snap-1',
    status: 'complete',
    previousId: 'snap-0',
    counts: { users: 2, systems: 1 },
    scope: {},
    startedAt: '2025-01-01T00:00:00Z',
    finishedAt: '2025-01-01T00:01:00Z',
  },
  findings: {
    total: 1,
    rules: [
      {
        id: 'mfa',
        title: EVIL,
        severity: 'high',
        description: EVIL,
        check: 'user.mfaMissing',
        findings: 1,
        remediation: EVIL,
        items: [
          {
            snapshotId: 'snap-1',
            ruleId: 'mfa',
            subjectType: 'user',
            subjectId: 'u1',
            subjectName: EVIL,
            severity: 'high',
            evidence: { group: EVIL },
            remediation: EVIL,
            actor,
            run: EVIL,
          },
        ],
      },
    ],
  },
  changes: {
    total: 1,
    counts: { 'user.added': 1 },
    items: [
      {
        snapshotId: 'snap-1',
        seq: 1,
        kind: 'user.added',
        subjectType: 'user',
        subjectId: 'u2',
        subjectName: EVIL,
        detail: { name: EVIL },
        actor,
      },
    ],
  },
  truncated: false,
};

/** The little of the DOM these checks use (jsdom ships no types). */
interface Elements {
  length: number;
}
interface Doc {
  querySelectorAll(selector: string): Elements;
  querySelector(selector: string): object | null;
  body: { textContent: string | null };
}

async function parse(text: string): Promise<Doc> {
  const specifier: string = 'jsdom';
  const { JSDOM } = (await import(specifier)) as {
    JSDOM: new (html: string) => { window: { document: Doc } };
  };
  return new JSDOM(text).window.document;
}

describe('the HTML report', async () => {
  const text = renderHtml(report);
  const doc = await parse(text);

  it('lets no value from the directory become markup', () => {
    expect(doc.querySelectorAll('script, img')).toHaveLength(0);
    expect(text).not.toContain('<script>');
    // Shown as text wherever it appears: the chart, the rule, the finding, the change and their actors.
    expect(doc.body.textContent?.split(EVIL).length ?? 0).toBeGreaterThan(8);
  });

  it('keeps its structure: chart, tables, one section per rule with findings, links to them', () => {
    expect(doc.querySelectorAll('svg.chart rect')).toHaveLength(1);
    expect(doc.querySelectorAll('section.rule')).toHaveLength(1);
    expect(doc.querySelector('a[href="#rule-mfa"]')).not.toBeNull();
    expect(doc.querySelector('h3#rule-mfa')).not.toBeNull();
    expect(doc.querySelectorAll('table')).toHaveLength(5);
  });
});
