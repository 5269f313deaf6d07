// Guardrails: what a playbook may change, and how much. Plain JSON, declared in two places — the playbook
// (`guardrails:` in its header, compiled into the Plan) and the operator's config file (the worker's
// IDFLOW_GUARDRAILS_FILE) — and combined so that neither can loosen the other: every allow-list must pass,
// every deny-list applies, every cap counts. Pure: no I/O, so the compiler, the activities and the tests
// share it.

/** Allow- and deny-lists of names (a `*` matches any run of characters, case-insensitive) or object ids. */
export interface ListRule {
  /** When given, only these may be changed. */
  allow?: string[];
  /** These may never be changed; deny wins over allow. */
  deny?: string[];
}

/** Caps on one action (or `*`: every mutating action together). */
export interface Limit {
  /** Mutations in one run. */
  perRun?: number;
  /** Mutations in any rolling hour: across the playbook's runs (playbook caps) or every run (global caps). */
  perHour?: number;
}

/** Action name (or `*`) → its caps. */
export type Limits = { [action: string]: Limit };

/** What a playbook declares (`guardrails:`), as the Plan carries it. */
export interface PlaybookGuardrails {
  /** The actions the playbook may use; checked at compile time and again in the activity. */
  actions?: string[];
  userGroups?: ListRule;
  systemGroups?: ListRule;
  applications?: ListRule;
  /** Users (emails or ids) this playbook never changes, on top of the global list. */
  protectedUsers?: string[];
  limits?: Limits;
  /** An approval that, once approved in a run, replaces the playbook's caps for that run. */
  raise?: { approval: string; limits: Limits };
}

/** The operator's policy (config file): applies to every playbook; a playbook cannot loosen it. */
export interface GlobalGuardrails {
  /** How messages name this policy. @default 'config' */
  origin?: string;
  actions?: ListRule;
  userGroups?: ListRule & {
    /** Refuse changes to groups whose attributes grant admin rights (sudo on bound devices). @default true */
    denyAdminGroups?: boolean;
  };
  systemGroups?: ListRule;
  applications?: ListRule;
  /** Break-glass accounts: never suspended, MFA-reset or otherwise changed by automation. */
  protectedUsers?: string[];
  /** perRun: any run of any playbook; perHour: every run together (the global rolling hour). */
  limits?: Limits;
  /** Per-playbook additions by the operator (same meaning as the playbook's own declaration). */
  playbooks?: { [name: string]: Omit<PlaybookGuardrails, 'raise'> };
}

/** Without a config file: admin groups (by name or by their sudo attribute) are off limits. */
export const DEFAULT_GLOBAL_GUARDRAILS: GlobalGuardrails = {
  origin: 'default policy',
  userGroups: { deny: ['*admin*'], denyAdminGroups: true },
};

export type ObjectKind = 'userGroups' | 'systemGroups' | 'applications';

export const OBJECT_KIND_NAMES: Record<ObjectKind, string> = {
  userGroups: 'user group',
  systemGroups: 'device group',
  applications: 'application',
};

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** True when `entry` names this object: its id exactly, or its name (globs with `*`, any case). */
export function matchesEntry(entry: string, object: { id?: string; name?: string }): boolean {
  if (OBJECT_ID.test(entry)) return object.id === entry;
  if (object.name === undefined) return false;
  if (!entry.includes('*')) return entry.toLowerCase() === object.name.toLowerCase();
  const pattern = entry
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`, 'i').test(object.name);
}

/** One list that refused an object, for the violation message. */
export interface ListRefusal {
  /** Where the list is declared, e.g. `guardrails.userGroups.deny (playbook)`. */
  rule: string;
  /** The entry that matched (deny) or the list that did not (allow). */
  entry?: string;
}

/** A named list rule with where it came from. */
export interface SourcedListRule {
  source: string;
  rule: ListRule;
}

/** The first list that refuses the object, or undefined when every list lets it through. */
export function refusedBy(
  lists: readonly SourcedListRule[],
  kind: ObjectKind,
  object: { id?: string; name?: string },
): ListRefusal | undefined {
  for (const { source, rule } of lists) {
    const deny = rule.deny?.find((e) => matchesEntry(e, object));
    if (deny !== undefined) return { rule: `${kind}.deny (${source})`, entry: deny };
  }
  for (const { source, rule } of lists) {
    if (rule.allow && !rule.allow.some((e) => matchesEntry(e, object)))
      return { rule: `${kind}.allow (${source})` };
  }
  return undefined;
}

/** One cap as the ledger counts it. */
export interface Cap {
  /** `run`: this run; `playbookHour`: this playbook's runs in the last hour; `globalHour`: every run. */
  scope: 'run' | 'playbookHour' | 'globalHour';
  /** The action counted, or `*` for every mutating action. */
  action: string;
  limit: number;
  /** How the rule reads in messages, e.g. `limits.jumpcloud.user.suspend.perHour (playbook bulk-suspend)`. */
  rule: string;
  /**
   * Whose count the cap reads when an ancestor declared it: the ancestor run's workflow id (`run`: every
   * mutation below that run counts) or its playbook (`playbookHour`). Absent: the run making the call.
   */
  owner?: string;
}

/**
 * One run of a tree of runs (a playbook and the children it started), as the guardrails see it. A child
 * runs under every level above it: its action context carries its ancestors, root first.
 */
export interface GuardrailLevel {
  workflowId: string;
  playbook: string;
  /** The playbook's declared guardrails (from its Plan). */
  guardrails?: PlaybookGuardrails;
  /** The playbook's `raise` approval had been approved in that run (when the child started). */
  raised?: boolean;
}

/** Everything an activity enforces for one action call of one run. */
export interface EffectiveGuardrails {
  /** Lists of actions: every allow-list must name the action, no deny-list may. */
  actions: SourcedListRule[];
  objects: Record<ObjectKind, SourcedListRule[]>;
  denyAdminGroups: boolean;
  /** How messages name the operator's policy. */
  origin: string;
  protectedUsers: string[];
  caps: Cap[];
}

function capsOf(
  limits: Limits | undefined,
  source: string,
  hourScope: Cap['scope'],
  owners: { run?: string | undefined; hour?: string | undefined } = {},
): Cap[] {
  const out: Cap[] = [];
  const owner = (o: string | undefined) => (o === undefined ? {} : { owner: o });
  for (const [action, limit] of Object.entries(limits ?? {})) {
    if (limit.perRun !== undefined)
      out.push({
        scope: 'run',
        action,
        limit: limit.perRun,
        rule: `limits.${action}.perRun (${source})`,
        ...owner(owners.run),
      });
    if (limit.perHour !== undefined)
      out.push({
        scope: hourScope,
        action,
        limit: limit.perHour,
        rule: `limits.${action}.perHour (${source})`,
        ...owner(hourScope === 'playbookHour' ? owners.hour : undefined),
      });
  }
  return out;
}

/**
 * What one action call must obey: the operator's policy with the guardrails of its run and of every run
 * above it (`levels`, root first, the calling run last). Nothing loosens anything: every allow-list must let
 * a change through (their intersection), every deny-list and protected user applies (their union), and every
 * cap counts (the tightest wins). A cap an ancestor declared counts against that ancestor — its per-run cap
 * counts every mutation below it, so ten children share their parent's `perRun: 2` — and the operator's
 * per-run caps count against the root run. `raised`: that level's `raise` approval was approved, so its
 * raised caps replace its own (for the actions it names); the operator's caps are never raised.
 */
export function composeGuardrails(
  global: GlobalGuardrails,
  levels: readonly GuardrailLevel[],
): EffectiveGuardrails {
  const origin = global.origin ?? 'config';
  const last = levels.length - 1;
  const root = levels.length > 1 ? levels[0]?.workflowId : undefined;
  const out: EffectiveGuardrails = {
    actions: global.actions ? [{ source: origin, rule: global.actions }] : [],
    objects: { userGroups: [], systemGroups: [], applications: [] },
    denyAdminGroups: global.userGroups?.denyAdminGroups ?? true,
    origin,
    protectedUsers: [...(global.protectedUsers ?? [])],
    caps: capsOf(global.limits, origin, 'globalHour', { run: root }),
  };
  for (const kind of ['userGroups', 'systemGroups', 'applications'] as const)
    if (global[kind]) out.objects[kind].push({ source: origin, rule: global[kind] });
  levels.forEach((level, i) => {
    const { playbook, guardrails: declared } = level;
    const configured = global.playbooks?.[playbook];
    const pb = `playbook ${playbook}`;
    const cfg = `${origin} playbooks.${playbook}`;
    // The calling run's own caps count against itself (no owner), as they did before runs had ancestors.
    const owners = i === last ? {} : { run: level.workflowId, hour: playbook };
    if (configured?.actions) out.actions.push({ source: cfg, rule: { allow: configured.actions } });
    if (declared?.actions) out.actions.push({ source: pb, rule: { allow: declared.actions } });
    for (const kind of ['userGroups', 'systemGroups', 'applications'] as const) {
      if (configured?.[kind]) out.objects[kind].push({ source: cfg, rule: configured[kind] });
      if (declared?.[kind]) out.objects[kind].push({ source: pb, rule: declared[kind] });
    }
    out.protectedUsers.push(...(configured?.protectedUsers ?? []), ...(declared?.protectedUsers ?? []));
    const raised = level.raised === true && declared?.raise !== undefined;
    const playbookLimits: Limits = { ...declared?.limits };
    if (raised && declared.raise) Object.assign(playbookLimits, declared.raise.limits);
    out.caps.push(
      ...capsOf(configured?.limits, cfg, 'playbookHour', owners),
      ...capsOf(
        playbookLimits,
        raised && declared.raise ? `${pb}, raised by approval ${declared.raise.approval}` : pb,
        'playbookHour',
        owners,
      ),
    );
  });
  return out;
}

/** The first action list that refuses `action`. */
export function actionRefusedBy(lists: readonly SourcedListRule[], action: string): string | undefined {
  for (const { source, rule } of lists) {
    if (rule.deny?.includes(action)) return `actions.deny (${source})`;
    if (rule.allow && !rule.allow.includes(action)) return `actions (${source})`;
  }
  return undefined;
}

/** True when a protected-users entry names this user (email, any case, or id). */
export function isProtected(
  entries: readonly string[],
  user: { id: string; email?: string },
): string | undefined {
  return entries.find((e) =>
    OBJECT_ID.test(e)
      ? e === user.id
      : user.email !== undefined && e.toLowerCase() === user.email.toLowerCase(),
  );
}

/** Caps that apply to one action: those for it by name and those for `*`. */
export function capsFor(caps: readonly Cap[], action: string): Cap[] {
  return caps.filter((c) => c.action === action || c.action === '*');
}
