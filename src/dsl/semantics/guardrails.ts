// Guardrails at compile time: what can be known before a run. The `guardrails:` block must name real
// actions and an approval step; every action the playbook uses must be on its `actions` list; and a group
// or user the playbook changes is checked against the lists when it is a literal — written as an id, or
// found by a literal name or email in an earlier step (`steps.group.output.id` after a
// `jumpcloud.group.find` of `name: Engineering`). A `playbook:` step is followed into the child's Plan: a
// child runs under its parent's guardrails too, so every action it (or its children) uses must be on the
// parent's lists. Values that come from expressions are checked by the activities at run time; so is
// everything here, again.
import { actionCatalog, isActionName, isMutating } from '../../catalog/index.js';
import {
  DEFAULT_GLOBAL_GUARDRAILS,
  isProtected,
  refusedBy,
  type GlobalGuardrails,
  type PlaybookGuardrails,
  type SourcedListRule,
} from '../../guardrails/policy.js';
import { didYouMean, type DiagnosticSink, type Path } from '../diagnostics.js';
import type { Plan, PlanStep } from '../plan.js';
import { isObject, type StepNode, type StepTree } from './stepTree.js';

const OBJECT_ID = /^[0-9a-f]{24}$/;
/** `${{ steps.<id>.output.id }}`, `${{ steps.<id>.output.group.id }}`, `${{ steps.<id>.output.user.id }}`. */
const STEP_ID_REF =
  /^\s*\$\{\{\s*steps\.([A-Za-z_][A-Za-z0-9_]*)\.output(?:\.(?:group|user))?\.id\s*\}\}\s*$/;

interface Call {
  uses: string;
  with: Record<string, unknown>;
  path: Path;
}

function callsOf(node: StepNode): Call[] {
  const out: Call[] = [];
  const raw = node.raw;
  if (typeof raw.uses === 'string')
    out.push({ uses: raw.uses, with: isObject(raw.with) ? raw.with : {}, path: node.path });
  if (isObject(raw.compensate) && typeof raw.compensate.uses === 'string')
    out.push({
      uses: raw.compensate.uses,
      with: isObject(raw.compensate.with) ? raw.compensate.with : {},
      path: [...node.path, 'compensate'],
    });
  return out;
}

function walk(nodes: StepNode[], visit: (n: StepNode) => void): void {
  for (const n of nodes) {
    visit(n);
    for (const b of n.blocks) walk(b.steps, visit);
  }
}

/** Every action a child playbook may call — its steps, undos and recovery steps, and its own children's. */
function actionsOf(plan: Plan, children: ReadonlyMap<string, Plan>, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  if (seen.has(plan.name)) return out;
  seen.add(plan.name);
  const visit = (steps: readonly PlanStep[]): void => {
    for (const step of steps) {
      if (step.onError.kind === 'steps') visit(step.onError.steps);
      switch (step.kind) {
        case 'action':
          out.add(step.action);
          if (step.compensate) out.add(step.compensate.action);
          break;
        case 'parallel':
          step.branches.forEach(visit);
          break;
        case 'forEach':
          visit(step.steps);
          break;
        case 'playbook': {
          const child = plan.children?.[step.playbook] ?? children.get(step.playbook);
          if (child) for (const a of actionsOf(child, children, seen)) out.add(a);
          break;
        }
        default:
          break;
      }
    }
  };
  visit(plan.steps);
  return out;
}

const literal = (v: unknown): string | undefined =>
  typeof v === 'string' && !v.includes('${{') ? v : undefined;

export function checkGuardrails(
  root: Record<string, unknown>,
  tree: StepTree,
  sink: DiagnosticSink,
  global: GlobalGuardrails = DEFAULT_GLOBAL_GUARDRAILS,
  children: ReadonlyMap<string, Plan> = new Map(),
): void {
  const declared = (isObject(root.guardrails) ? root.guardrails : {}) as PlaybookGuardrails;
  const name = typeof root.name === 'string' ? root.name : '';
  const base: Path = ['guardrails'];
  const nodes = new Map<string, StepNode>();
  const calls: Call[] = [];
  const childSteps: { playbook: string; path: Path }[] = [];
  walk(tree.steps, (n) => {
    if (n.id !== undefined && !nodes.has(n.id)) nodes.set(n.id, n);
    calls.push(...callsOf(n));
    if (n.kind === 'playbook' && typeof n.raw.playbook === 'string')
      childSteps.push({ playbook: n.raw.playbook, path: [...n.path, 'playbook'] });
  });
  const catalog = Object.keys(actionCatalog);

  const knownAction = (action: string, path: Path, mustMutate: boolean): void => {
    if (action === '*' && mustMutate) return;
    if (!isActionName(action)) {
      sink.error('guardrail.unknownAction', `unknown action \`${action}\``, path, {
        hint: didYouMean(action, catalog) ?? 'guardrails name actions from the catalog',
      });
    } else if (mustMutate && !isMutating(action)) {
      sink.error('guardrail.limit', `\`${action}\` changes nothing, so there is nothing to cap`, path, {
        key: true,
        hint: 'caps count mutations: name an action that changes something, or `*`',
      });
    }
  };
  (declared.actions ?? []).forEach((a, i) => knownAction(a, [...base, 'actions', i], false));
  for (const key of Object.keys(declared.limits ?? {})) knownAction(key, [...base, 'limits', key], true);
  for (const key of Object.keys(declared.raise?.limits ?? {}))
    knownAction(key, [...base, 'raise', 'limits', key], true);
  if (declared.raise) {
    const target = nodes.get(declared.raise.approval);
    if (target?.kind !== 'approval')
      sink.error(
        'guardrail.raise',
        target
          ? `step \`${declared.raise.approval}\` is not an approval`
          : `no step \`${declared.raise.approval}\` to raise the caps`,
        [...base, 'raise', 'approval'],
        { hint: 'name an approval step of this playbook; its approval raises the caps for that run' },
      );
  }

  const origin = global.origin ?? 'config';
  const actionLists = [
    ...(declared.actions ? [{ source: `playbook ${name}`, allow: declared.actions }] : []),
    ...(global.playbooks?.[name]?.actions
      ? [{ source: `${origin} playbooks.${name}`, allow: global.playbooks[name].actions }]
      : []),
  ];
  const groupLists: SourcedListRule[] = [
    ...(global.userGroups ? [{ source: origin, rule: global.userGroups }] : []),
    ...(global.playbooks?.[name]?.userGroups
      ? [{ source: `${origin} playbooks.${name}`, rule: global.playbooks[name].userGroups }]
      : []),
    ...(declared.userGroups ? [{ source: `playbook ${name}`, rule: declared.userGroups }] : []),
  ];
  const protectedUsers = [...(global.protectedUsers ?? []), ...(declared.protectedUsers ?? [])];

  /** The group a `groupId` names, when it is a literal id or a literal lookup in an earlier step. */
  const groupOf = (value: unknown): { id?: string; name?: string } | undefined => {
    const lit = literal(value);
    if (lit !== undefined) return OBJECT_ID.test(lit) ? { id: lit } : undefined;
    const ref = typeof value === 'string' ? STEP_ID_REF.exec(value) : null;
    const step = ref ? nodes.get(ref[1] ?? '') : undefined;
    if (!step || (step.raw.uses !== 'jumpcloud.group.find' && step.raw.uses !== 'jumpcloud.group.create'))
      return undefined;
    const w = isObject(step.raw.with) ? step.raw.with : {};
    const byName = literal(w.name);
    const byId = literal(w.id);
    return byName !== undefined ? { name: byName } : byId !== undefined ? { id: byId } : undefined;
  };
  /** The user a `userId` names, likewise (a literal email of a find or create). */
  const userOf = (value: unknown): { id: string; email?: string } | undefined => {
    const lit = literal(value);
    if (lit !== undefined) return OBJECT_ID.test(lit) ? { id: lit } : undefined;
    const ref = typeof value === 'string' ? STEP_ID_REF.exec(value) : null;
    const step = ref ? nodes.get(ref[1] ?? '') : undefined;
    if (!step || (step.raw.uses !== 'jumpcloud.user.find' && step.raw.uses !== 'jumpcloud.user.create'))
      return undefined;
    const w = isObject(step.raw.with) ? step.raw.with : {};
    const email = literal(w.email);
    const id = literal(w.id);
    return email !== undefined ? { id: '', email } : id !== undefined ? { id } : undefined;
  };

  for (const { playbook, path } of childSteps) {
    const child = children.get(playbook);
    if (!child) continue;
    const used = [...actionsOf(child, children)];
    for (const list of actionLists) {
      const refused = used.filter((a) => !list.allow.includes(a));
      if (refused.length > 0)
        sink.error(
          'guardrail.action',
          `playbook \`${playbook}\` uses ${refused.map((a) => `\`${a}\``).join(', ')}, not in the guardrails' \`actions\` (${list.source})`,
          path,
          {
            hint: `a child runs under its parent's guardrails too: add ${refused.length === 1 ? 'it' : 'them'} to \`guardrails.actions\`, or call a playbook that uses only: ${list.allow.join(', ')}`,
          },
        );
    }
  }

  for (const call of calls) {
    for (const list of actionLists) {
      if (!list.allow.includes(call.uses))
        sink.error(
          'guardrail.action',
          `\`${call.uses}\` is not in the guardrails' \`actions\` (${list.source})`,
          [...call.path, 'uses'],
          {
            hint: `add it to \`guardrails.actions\`, or use one of: ${list.allow.join(', ')}`,
          },
        );
    }
    if (!isActionName(call.uses) || !isMutating(call.uses)) continue;
    if (call.uses === 'jumpcloud.group.addMember' || call.uses === 'jumpcloud.group.removeMember') {
      const group = groupOf(call.with.groupId);
      const refusal = group ? refusedBy(groupLists, 'userGroups', group) : undefined;
      if (group && refusal)
        sink.error(
          'guardrail.group',
          `${call.uses} would change user group ${group.name !== undefined ? `"${group.name}"` : group.id}, which ${refusal.rule} ${refusal.entry !== undefined ? `denies ("${refusal.entry}")` : 'does not allow'}`,
          [...call.path, 'with', 'groupId'],
          { hint: 'admin groups and denied groups are off limits to automation (docs/safety.md)' },
        );
    }
    if (call.uses === 'jumpcloud.group.create') {
      const groupName = literal(call.with.name);
      const refusal =
        groupName !== undefined ? refusedBy(groupLists, 'userGroups', { name: groupName }) : undefined;
      if (refusal)
        sink.error('guardrail.group', `creating user group "${groupName}" is refused by ${refusal.rule}`, [
          ...call.path,
          'with',
          'name',
        ]);
    }
    if (protectedUsers.length > 0 && 'userId' in call.with) {
      const user = userOf(call.with.userId);
      const entry = user ? isProtected(protectedUsers, user) : undefined;
      if (user && entry !== undefined)
        sink.error(
          'guardrail.protected',
          `${call.uses} would change ${user.email ?? user.id}, a protected user (${entry})`,
          [...call.path, 'with', 'userId'],
          {
            hint: 'protected users (break-glass admins) are never changed by automation',
          },
        );
    }
  }
}
