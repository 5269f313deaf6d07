// The approval pages as HTML text: every interpolated value escaped, in element and attribute positions.
import { describe, expect, it } from 'vitest';
import { renderApprovalForm, renderDecisionRecorded, renderNotice } from '../../src/server/approvalPages.js';
import { escapeHtml, html } from '../../src/common/html.js';
import { PAGE_HEADERS } from '../../src/server/html.js';

const EVIL = `"><script>alert(1)</script><img src=x onerror=alert(2)>'&`;

describe('approval page HTML', () => {
  it('escapes the five characters that matter, in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    const escaped =
      '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&#39;&amp;';
    expect(html`<p title="${EVIL}">${EVIL}</p>`.value).toBe(`<p title="${escaped}">${escaped}</p>`);
    // The formatter re-indents HTML in tagged templates; keep this one as written.
    // prettier-ignore
    expect(html`<ul>${['<a>', html`<li>${'<b>'}</li>`]}</ul>`.value).toBe('<ul>&lt;a&gt;<li>&lt;b&gt;</li></ul>');
  });

  it('no page lets a value from a run, a link or a person become markup', () => {
    const view = {
      title: EVIL,
      playbook: EVIL,
      subject: EVIL,
      requestedBy: EVIL,
      approver: EVIL,
      workflowId: EVIL,
      decideBy: '2026-03-02T10:00:00.000Z',
      linkExpiresAt: '2026-03-02T09:00:00.000Z',
      approvals: 0,
      required: 1,
      decisions: [
        { approver: EVIL, decision: 'approve' as const, comment: EVIL, at: '2026-03-02T08:00:00.000Z' },
      ],
    };
    const pages = [
      renderApprovalForm(view),
      renderDecisionRecorded(
        view,
        { stepId: 's', decision: 'reject', recorded: true, status: 'rejected', approvals: 0, required: 1 },
        EVIL,
      ),
      renderNotice('refused', EVIL, { title: EVIL, workflowId: EVIL }),
    ];
    for (const page of pages) {
      expect(page).not.toContain('<script>alert');
      expect(page).not.toContain('<img');
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page).toMatch(/^<!doctype html>\s*<html lang="en">/);
      expect(page).not.toMatch(/<(link|script|img|iframe)\b/); // no external assets, no scripts at all
    }
  });

  it('sends headers that keep the token private and allow nothing but the page’s own style', () => {
    expect(PAGE_HEADERS).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
    });
    expect(PAGE_HEADERS['content-security-policy']).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+='; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/,
    );
  });
});
