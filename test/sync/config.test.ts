// Rules and schedules files: every problem at file:line:column with a stable code (matched on code and
// line, never on message text), defaults filled in, built-in rules valid, and the example schedule loads.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigFileError } from '../../src/sync/config/diagnostics.js';
import { BUILTIN_RULES_DIR, loadRules } from '../../src/sync/config/load.js';
import { compileRulesText, paramsOf } from '../../src/sync/config/rules.js';
import { CHECK_KINDS, CHECK_WITH, complianceRulesSchema } from '../../src/sync/config/rulesSchema.js';
import { schedulesSchema } from '../../src/sync/config/schedulesSchema.js';
import { loadSchedules } from '../../src/sync/config/schedules.js';
import { renderTemplate, findingScope } from '../../src/sync/templates.js';
import { compareVersions, versionNumbers } from '../../src/sync/compliance/version.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'idflow-rules-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const codes = (text: string): [string, number, number][] =>
  compileRulesText(text, 'r.yaml').diagnostics.map((d) => [d.code, d.line, d.column]);

const HEAD = 'apiVersion: idflow/v1\nkind: ComplianceRules\nrules:\n';

describe('rules files', () => {
  it('fills defaults for each check', () => {
    const { rules, diagnostics } = compileRulesText(
      `${HEAD}  - id: a\n    title: A\n    severity: low\n    check: user.mfaMissing\n    remediation: r\n`,
      'r.yaml',
    );
    expect(diagnostics).toEqual([]);
    expect(rules[0]).toMatchObject({
      id: 'a',
      params: { states: ['ACTIVATED'], excludeGroups: [], excludeUsers: [], honourExclusions: true },
      source: { file: 'r.yaml', line: 4, column: 5 },
    });
  });

  it('declare each check once: its schema lists every parameter the parser fills a default for', () => {
    for (const check of CHECK_KINDS) {
      const declared = Object.keys(CHECK_WITH[check].properties).sort();
      expect(Object.keys(paramsOf(check, {})).sort(), check).toEqual(declared);
    }
  });

  it.each([
    ['compliance-rules.schema.json', complianceRulesSchema],
    ['schedules.schema.json', schedulesSchema],
  ])('are published: schemas/%s is the schema the loader checks with', (file, schema) => {
    const published = JSON.parse(
      readFileSync(new URL(`../../schemas/${file}`, import.meta.url), 'utf8'),
    ) as unknown;
    expect(published, 'run npm run gen:schemas').toEqual(JSON.parse(JSON.stringify(schema)));
  });

  it('points at unknown keys, wrong values, missing parameters and duplicate ids', () => {
    const text =
      HEAD +
      '  - id: a\n    title: A\n    severity: urgent\n    check: device.stale\n    remediation: r\n' + // line 4: severity on 6, days missing
      '  - id: a\n    title: B\n    severity: low\n    check: device.ungrouped\n    remediation: r\n    with: { color: red }\n'; // line 9
    expect(codes(text)).toEqual([
      ['schema', 4, 5],
      ['schema', 6, 15],
      ['schema', 14, 13],
    ]);
    const dup =
      HEAD +
      '  - id: a\n    title: A\n    severity: low\n    check: device.ungrouped\n    remediation: r\n'.repeat(
        1,
      ) +
      '  - id: a\n    title: B\n    severity: low\n    check: device.ungrouped\n    remediation: r\n';
    expect(codes(dup)).toEqual([['rules.duplicateId', 9, 9]]);
    expect(codes('rules: [\n')[0]?.[0]).toBe('yaml.syntax');
  });

  it('checks the expressions of playbook mappings', () => {
    const text = `${HEAD}  - id: a\n    title: A\n    severity: low\n    check: user.mfaMissing\n    remediation: r\n    playbook:\n      uses: x.yaml\n      inputs:\n        email: \${{ subject.email + }}\n`;
    expect(codes(text)).toEqual([['rules.expression', 12, 16]]);
  });

  it('resolves playbooks and refuses mappings that do not fit their inputs', async () => {
    const playbook = join(dir, 'p.yaml');
    await writeFile(
      playbook,
      'apiVersion: idflow/v1\nkind: Playbook\nname: p\ninputs:\n  email: { type: string, format: email }\nsteps:\n  - id: s\n    set: { x: 1 }\n',
    );
    const rule = (inputs: string): string =>
      `${HEAD}  - id: a\n    title: A\n    severity: low\n    check: user.mfaMissing\n    remediation: r\n    playbook:\n      uses: p.yaml\n      inputs:\n${inputs}`;
    await writeFile(join(dir, 'ok.yaml'), rule('        email: ${{ subject.email }}\n'));
    expect(loadRules([join(dir, 'ok.yaml')]).rules[0]?.playbook).toEqual({
      name: 'p',
      inputs: { email: '${{ subject.email }}' },
      key: '${{ rule.id }}:${{ subject.id }}',
    });
    await writeFile(join(dir, 'bad.yaml'), rule('        mail: ${{ subject.email }}\n'));
    try {
      loadRules([join(dir, 'bad.yaml')]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigFileError);
      expect((err as ConfigFileError).diagnostics.map((d) => [d.code, d.line])).toEqual([
        ['rules.playbook', 10],
      ]);
    }
  });

  it('ships built-in rules that load, and an example schedule that uses them', () => {
    const { rules, playbooks } = loadRules([BUILTIN_RULES_DIR]);
    expect(rules.map((r) => r.check).sort()).toEqual([
      'access.criticalUnauthorised',
      'device.missingSoftware',
      'device.osBelowFloor',
      'device.policyFailing',
      'device.stale',
      'device.unencrypted',
      'device.ungrouped',
      'user.inactiveWithAccess',
      'user.mfaMissing',
    ]);
    expect(playbooks).toEqual({});
    const [schedule] = loadSchedules(join(BUILTIN_RULES_DIR, '..', 'examples', 'schedules.yaml'));
    expect(schedule).toMatchObject({
      id: 'directory-sync',
      spec: { everyMs: 4 * 3_600_000, offsetMs: 0 },
      paused: false,
    });
    expect(Object.keys(schedule!.input.playbooks)).toEqual(['offboarding']);
  });
});

describe('schedules files', () => {
  it('report schema problems and the problems of their rules files with positions', async () => {
    const file = join(dir, 'schedules.yaml');
    await writeFile(
      file,
      'apiVersion: idflow/v1\nkind: Schedules\nschedules:\n  - id: s\n    every: often\n    rules: [missing-dir]\n',
    );
    expect(() => loadSchedules(file)).toThrow(ConfigFileError);
    await expect(Promise.resolve().then(() => loadSchedules(file))).rejects.toSatisfy(
      (err: unknown) =>
        err instanceof ConfigFileError && err.diagnostics.some((d) => d.code === 'schema' && d.line === 5),
    );
  });
});

describe('templates and versions', () => {
  it('render typed values and text', () => {
    const scope = findingScope(
      { id: 'r', title: 'R', severity: 'low' },
      { subjectType: 'user', subjectId: 'u1', subjectName: 'a@example.com', evidence: { groups: ['x'] } },
      { id: 's', startedAt: Date.UTC(2025, 4, 6, 7) },
    );
    expect(renderTemplate('${{ finding.evidence.groups }}', scope)).toEqual(['x']);
    expect(renderTemplate('${{ rule.id }}:${{ subject.id }} on ${{ snapshot.date }}', scope)).toBe(
      'r:u1 on 2025-05-06',
    );
  });

  it('compare OS versions as JumpCloud reports them', () => {
    expect(versionNumbers('11 Pro 23H2')).toEqual([11]);
    expect(versionNumbers('22.04')).toEqual([22, 4]);
    expect(compareVersions([13, 6], [14])).toBeLessThan(0);
    expect(compareVersions([14, 0], [14])).toBe(0);
  });
});
