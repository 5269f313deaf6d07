// `idflow graph` output must be a Mermaid flowchart that Mermaid itself parses (mermaid + jsdom, as the
// browser renderer would), and must show what matters: branches, approvals, compensation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planToMermaid } from '../../src/dsl/graph.js';
import { compileExample } from '../helpers/playbooks.js';

type Mermaid = { parse: (text: string) => Promise<unknown> };
let mermaid: Mermaid;

beforeAll(async () => {
  // Mermaid sanitises labels with DOMPurify, which needs a DOM. (jsdom ships no types; this is all we use.)
  const specifier: string = 'jsdom';
  const { JSDOM } = (await import(specifier)) as {
    JSDOM: new (html: string) => { window: { document: object } };
  };
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  Object.assign(globalThis, { window: dom.window, document: dom.window.document });
  mermaid = (await import('mermaid')).default;
});
// Unit test files share their worker (no isolation): a `window` left behind makes later files' libraries
// believe they run in a browser.
afterAll(() => {
  Reflect.deleteProperty(globalThis, 'window');
  Reflect.deleteProperty(globalThis, 'document');
});

describe('idflow graph', () => {
  it.each(['offboarding', 'onboarding', 'access-request', 'mfa-reset', 'password-reset'])(
    'examples/%s.yaml is a flowchart Mermaid parses',
    async (name) => {
      const text = planToMermaid(compileExample(`${name}.yaml`));
      expect(text.startsWith('flowchart TD\n')).toBe(true);
      await expect(mermaid.parse(text)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
    },
  );

  it('shows parallel branches as subgraphs, decisions, and recovery edges (offboarding)', () => {
    const text = planToMermaid(compileExample('offboarding.yaml'));
    expect(text).toMatch(/subgraph \S+\["groups"\]/);
    expect(text).toMatch(/subgraph \S+\["devices"\]/);
    expect(text).toMatch(/s_exceptions\{\{"approval: /);
    expect(text).toMatch(/c_exceptions -->\|no: skipped\|/);
    expect(text).toMatch(/s_equipment -\.->\|on error\| s_equipmentFallback/);
  });

  it('shows compensation as undo edges and escalation as a second approval (onboarding, access-request)', () => {
    const onboarding = planToMermaid(compileExample('onboarding.yaml'));
    expect(onboarding).toMatch(/s_account -\.->\|compensate\| u_account/);
    expect(onboarding).toMatch(/s_join -\.->\|compensate\| u_join/);
    const access = planToMermaid(compileExample('access-request.yaml'));
    expect(access).toMatch(/s_approval -->\|timeout\| e_approval/);
  });
});
