// The catalog's promises to the compiler and the worker: every action implemented, arguments documented
// and closed, outputs closed (so `steps.x.output.field` can be checked), finite retries, and arguments
// checked in the activity (non-retryable IdflowInvalidArguments, nothing sent).
import { describe, expect, it } from 'vitest';
import {
  actionCatalog,
  actionNames,
  isMutating,
  type ActionDefinition,
  type ActionName,
} from '../../src/catalog/index.js';
import { expectNonRetryable, useActivities } from './harness.js';

const h = useActivities();

type Schema = Record<string, unknown>;

/** Every object schema with properties below `schema`, with its path. */
function objectSchemas(schema: unknown, path = '$'): { path: string; schema: Schema }[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Schema;
  const out: { path: string; schema: Schema }[] = [];
  if (typeof node['properties'] === 'object') out.push({ path, schema: node });
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      for (const [name, child] of Object.entries(value)) out.push(...objectSchemas(child, `${path}.${name}`));
    } else if (Array.isArray(value)) {
      value.forEach((child, i) => out.push(...objectSchemas(child, `${path}.${key}[${i}]`)));
    } else if (key === 'items' || key === 'additionalProperties') {
      out.push(...objectSchemas(value, `${path}.${key}`));
    }
  }
  return out;
}

describe('the action catalog', () => {
  it('has exactly one implementation per action, plus the internal approver resolution', () => {
    expect(Object.keys(h.acts).sort()).toEqual([...actionNames, 'idflow.resolveApprovers'].sort());
  });

  it.each(actionNames)('%s: `with` is closed and every property is described', (name) => {
    const def = actionCatalog[name];
    expect(def.description.length).toBeGreaterThan(20);
    expect(def.with).toMatchObject({ type: 'object', additionalProperties: false });
    for (const [property, schema] of Object.entries((def.with as Schema)['properties'] as Schema)) {
      expect((schema as Schema)['description'], `${name} with.${property}`).toEqual(expect.any(String));
    }
  });

  it.each(actionNames)('%s: every output object is closed and fully required', (name) => {
    for (const { path, schema } of objectSchemas(actionCatalog[name].output)) {
      expect(schema['additionalProperties'], `${name} ${path}`).toBe(false);
      expect([...((schema['required'] as string[] | undefined) ?? [])].sort(), `${name} ${path}`).toEqual(
        Object.keys(schema['properties'] as Schema).sort(),
      );
    }
  });

  it.each(actionNames)('%s: finite retries and timeouts', (name) => {
    const { defaults } = actionCatalog[name];
    expect(defaults.timeoutMs).toBeGreaterThan(0);
    expect(defaults.retry.maxAttempts).toBeGreaterThan(0);
    expect(defaults.retry.maxAttempts).toBeLessThanOrEqual(10);
  });

  it('names only real, mutating actions as undoes, and reads have none', () => {
    for (const name of actionNames) {
      const def: ActionDefinition = actionCatalog[name];
      if (!isMutating(name)) expect(def.undoneBy).toBeUndefined();
      for (const undo of def.undoneBy ?? []) {
        expect(actionNames).toContain(undo);
        expect(isMutating(undo as ActionName)).toBe(true);
      }
    }
    // Membership and account state undo each other both ways.
    expect(actionCatalog['jumpcloud.group.addMember'].undoneBy).toEqual(['jumpcloud.group.removeMember']);
    expect(actionCatalog['jumpcloud.group.removeMember'].undoneBy).toEqual(['jumpcloud.group.addMember']);
    expect(actionCatalog['jumpcloud.user.suspend'].undoneBy).toEqual(['jumpcloud.user.activate']);
    expect(actionCatalog['jumpcloud.user.activate'].undoneBy).toEqual(['jumpcloud.user.suspend']);
  });

  it('marks exactly the actions that change something as mutating', () => {
    expect(actionNames.filter((n) => isMutating(n)).sort()).toEqual(
      [
        'http.request',
        'jumpcloud.group.addMember',
        'jumpcloud.group.create',
        'jumpcloud.group.removeMember',
        'jumpcloud.user.activate',
        'jumpcloud.user.create',
        'jumpcloud.user.expirePassword',
        'jumpcloud.user.removeFromAllGroups',
        'jumpcloud.user.resetMfa',
        'jumpcloud.user.setAttributes',
        'jumpcloud.user.suspend',
        'jumpcloud.user.unbindAllDevices',
        'jumpcloud.user.unlock',
        'jumpcloud.user.update',
        'notify.message',
      ].sort(),
    );
  });
});

describe('argument checks in the activity', () => {
  it.each(actionNames)(
    '%s refuses an unknown argument: IdflowInvalidArguments, nothing sent',
    async (name) => {
      const before = h.sim.requests().length;
      const failure = await expectNonRetryable(h.run(name, { bogus: 1 }), 'IdflowInvalidArguments');
      expect(failure.message).toMatch(new RegExp(`^${name.replaceAll('.', '\\.')}: invalid arguments: `));
      expect(h.sim.requests().length).toBe(before);
    },
  );

  it('names the offending field', async () => {
    const failure = await expectNonRetryable(
      h.run('jumpcloud.user.suspend', { userId: 'not-an-id' }),
      'IdflowInvalidArguments',
    );
    expect(failure.message).toContain('/userId must match pattern');
    await expectNonRetryable(
      h.run('jumpcloud.user.create', { email: 'not an email', firstname: 'a', lastname: 'b' }),
      'IdflowInvalidArguments',
    );
  });
});
