// A schedules file → the Temporal Schedules `idflow schedule apply` creates or updates, each with the
// directory sync's input (scope, compiled rules, the Plans they start).
import { existsSync, readFileSync } from 'node:fs';
import type { FromSchema } from 'json-schema-to-ts';
import { dirname, resolve } from 'node:path';
import { parseDuration } from '../../dsl/duration.js';
import type { DirectorySyncInput } from '../types.js';
import { ConfigFileError, type ConfigDiagnostic } from './diagnostics.js';
import { parseConfigDocument } from './document.js';
import { displayPath } from '../../common/files.js';
import { BUILTIN_RULES_DIR, loadRules } from './load.js';
import { schedulesSchema } from './schedulesSchema.js';

export interface ScheduleDefinition {
  id: string;
  description: string;
  /** Interval (ms) and offset, or a cron expression with its time zone. */
  spec: { everyMs: number; offsetMs: number } | { cron: string; timezone: string };
  paused: boolean;
  input: DirectorySyncInput;
}

/** One schedule as the file has it, once the schema has checked it. */
type RawSchedule = FromSchema<typeof schedulesSchema>['schedules'][number];

export function loadSchedules(file: string): ScheduleDefinition[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigFileError([
      {
        code: 'file.read',
        file: displayPath(file),
        line: 1,
        column: 1,
        message: 'cannot read the file',
        path: '',
      },
    ]);
  }
  const name = displayPath(file);
  const { document, diagnostics } = parseConfigDocument(text, name, schedulesSchema, 'schedules');
  if (!document) throw new ConfigFileError(diagnostics);
  const problems: ConfigDiagnostic[] = [];
  const raw = (document.value as { schedules: RawSchedule[] }).schedules;
  const ids = new Set<string>();
  const out: ScheduleDefinition[] = [];
  raw.forEach((s, index) => {
    const at = (path: (string | number)[]): { line: number; column: number } =>
      document.source.pos(['schedules', index, ...path]);
    if (ids.has(s.id)) {
      const pos = at(['id']);
      problems.push({
        code: 'schedules.duplicateId',
        file: name,
        ...pos,
        message: `schedule id \`${s.id}\` is used twice`,
        path: `/schedules/${index}/id`,
      });
    }
    ids.add(s.id);
    const ruleFiles = (s.rules ?? [BUILTIN_RULES_DIR]).map((p) => resolve(dirname(file), p));
    // A rules path that is not there is the schedule's mistake: say where it is named.
    const missing = ruleFiles.flatMap((p, j) => (existsSync(p) ? [] : [j]));
    for (const j of missing) {
      problems.push({
        code: 'schedules.rules',
        file: name,
        ...at(['rules', j]),
        message: `no such rules file or folder: ${displayPath(ruleFiles[j] ?? '')}`,
        path: `/schedules/${index}/rules/${j}`,
      });
    }
    if (missing.length > 0) return;
    let loaded;
    try {
      loaded = loadRules(ruleFiles);
    } catch (err) {
      if (!(err instanceof ConfigFileError)) throw err;
      problems.push(...err.diagnostics);
      return;
    }
    const everyMs = s.every ? parseDuration(s.every) : undefined;
    out.push({
      id: s.id,
      description: s.description ?? '',
      spec:
        everyMs !== undefined
          ? { everyMs, offsetMs: s.offset ? (parseDuration(s.offset) ?? 0) : 0 }
          : { cron: s.cron ?? '', timezone: s.timezone ?? 'UTC' },
      paused: s.paused ?? false,
      input: {
        source: `schedule:${s.id}`,
        scope: s.scope ?? {},
        rules: loaded.rules,
        playbooks: loaded.playbooks,
        ...(s.insights ? { insights: s.insights } : {}),
        ...(s.retainSnapshots !== undefined ? { retainSnapshots: s.retainSnapshots } : {}),
      },
    });
  });
  if (problems.length > 0) throw new ConfigFileError(problems);
  return out;
}
