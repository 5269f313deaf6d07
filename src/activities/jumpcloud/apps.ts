// The JumpCloud SSO application family: list applications, and who can use one. Reads only.
import type { ActionName, ActionOutput } from '../../catalog/index.js';
import type { Application, GraphObjectWithPaths } from '../../jumpcloud/types.js';
import { listing } from '../activityContext.js';
import type { ActionHandlers } from '../actionCall.js';
import type { JumpCloudReader } from './client.js';
import { withActivityFailures } from './failures.js';
import { GroupDirectory, toGroup } from './groups.js';
import { getIfExists } from './lookup.js';
import { reachOf } from './userAccess.js';
import { notFound, toUserSummary, UserDirectory } from './userDirectory.js';

export type AppActionName = Extract<ActionName, `jumpcloud.app.${string}`>;
type App = ActionOutput<'jumpcloud.app.list'>['apps'][number];

export function toApp(a: Application): App {
  return {
    id: a._id ?? '',
    name: a.name,
    displayName: a.displayName ?? '',
    displayLabel: a.displayLabel ?? a.displayName ?? a.name,
    description: a.description ?? '',
    ssoUrl: a.ssoUrl,
    active: a.active ?? false,
  };
}

const byLabel = (a: App, b: App): number =>
  a.displayLabel.localeCompare(b.displayLabel) || (a.id < b.id ? -1 : 1);

const appPath = (id: string, rest = ''): string => `/api/v2/applications/${encodeURIComponent(id)}${rest}`;

/** A v2 traversal of the application, all pages, heartbeating per page. */
async function traverse(
  client: JumpCloudReader,
  id: string,
  what: 'users' | 'usergroups',
): Promise<GraphObjectWithPaths[]> {
  const out: GraphObjectWithPaths[] = [];
  for await (const o of client.paginateV2<GraphObjectWithPaths>(appPath(id, `/${what}`), {
    sort: false,
    ...listing(what),
  })) {
    out.push(o);
  }
  return out;
}

export function createAppActions(): ActionHandlers<AppActionName> {
  return {
    'jumpcloud.app.list': ({ search, active }, { read: client }) =>
      withActivityFailures(async () => {
        const needle = search?.toLowerCase();
        const apps: App[] = [];
        for await (const a of client.paginateV1<Application>('/api/applications', {
          ...listing('applications'),
        })) {
          const app = toApp(a);
          if (active !== undefined && app.active !== active) continue;
          if (
            needle &&
            ![app.displayLabel, app.name, app.displayName].some((t) => t.toLowerCase().includes(needle))
          )
            continue;
          apps.push(app);
        }
        apps.sort(byLabel);
        return { count: apps.length, apps };
      }),

    'jumpcloud.app.assignments': ({ appId }, { read: client }) =>
      withActivityFailures(async () => {
        const users = new UserDirectory(client);
        const groups = new GroupDirectory(client);
        const app = await getIfExists<Application>(client, `/api/applications/${encodeURIComponent(appId)}`);
        if (!app) throw notFound(`no JumpCloud application with id ${appId}`);
        const reached = await traverse(client, appId, 'users');
        const found = await users.byIds(reached.map((r) => r.id));
        const assigned = reached.flatMap((r) => {
          const u = found.get(r.id);
          if (!u) return [];
          const { direct, via } = reachOf(r);
          return [{ ...toUserSummary(u), direct, viaGroups: via }];
        });
        assigned.sort((a, b) => a.email.localeCompare(b.email) || (a.id < b.id ? -1 : 1));
        const boundGroups = [];
        for (const g of await traverse(client, appId, 'usergroups')) {
          const group = await groups.byId(g.id);
          if (group) boundGroups.push(toGroup(group));
        }
        boundGroups.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
        return { app: toApp(app), userCount: assigned.length, users: assigned, groups: boundGroups };
      }),
  };
}
