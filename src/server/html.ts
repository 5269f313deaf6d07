// The approval pages' frame: one inline stylesheet, allowed by its hash in the Content-Security-Policy; no
// scripts, no external assets. Values are escaped by common/html.ts's `html` tag, as in every page.
import { createHash } from 'node:crypto';
import { html, SafeHtml } from '../common/html.js';

const STYLE = `
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--card:#f6f8fa;--line:#d1d9e0;--ok:#1a7f37;--no:#b42318;--focus:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--card:#151b23;--line:#3d444d;--ok:#2ea043;--no:#e5534b;--focus:#4493f8}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:38rem;margin:0 auto;padding:2rem 1.25rem}
h1{font-size:1.5rem;margin:0 0 .75rem}
.ask{font-size:1.15rem;font-weight:600;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.9rem 1rem;margin:0 0 1.25rem;overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:0 0 1.5rem}
dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
label{display:block;font-weight:600;margin-bottom:.35rem}
textarea{width:100%;font:inherit;padding:.5rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
.actions{display:flex;gap:.75rem;margin-top:1rem}
button{font:inherit;font-weight:600;border:0;border-radius:6px;padding:.6rem 1.4rem;color:#fff;cursor:pointer}
button.approve{background:var(--ok)}button.reject{background:var(--no)}
button:focus-visible,textarea:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.notice{border-left:4px solid var(--line);padding:.25rem 0 .25rem 1rem;margin:0 0 1rem}
.notice.ok{border-color:var(--ok)}.notice.no{border-color:var(--no)}
ul.decisions{padding-left:1.2rem;margin:.25rem 0 0}
small{color:var(--muted)}
code{font-size:.9em}
`.trim();

const STYLE_HASH = createHash('sha256').update(STYLE, 'utf8').digest('base64');
// Built as a string, not inside the page template: the browser hashes the element's exact text, and the
// formatter re-indents HTML in tagged templates.
const STYLE_ELEMENT = new SafeHtml(`<style>${STYLE}</style>`);

/** Response headers of every approval page: nothing loads but the inline style, nothing frames it. */
export const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  // The token is in the URL: it must not leak to another site through Referer, or stay in a cache.
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title} · idflow</title>
        ${STYLE_ELEMENT}
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html> `.value;
}
