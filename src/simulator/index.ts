// A faithful JumpCloud API simulator for tests, the demo and benchmarks: v1 /api/systemusers,
// /api/systems, /api/applications and /api/organizations; v2 user groups (members, memberof), system
// groups (members, membership), user/system associations and the graph traversals (users ↔ systems,
// applications ↔ users and user groups), policies and their results, System Insights software, Directory
// Insights events (/insights/directory/v1); JumpCloud's paging, filters and error shapes, fault and latency
// injection, and a seeded directory (same seed, same data, ids included). See fixtures.ts for the
// fixture people and groups, and deviceFixtures.ts for the devices and applications every directory has.
import type { AddressInfo } from 'node:net';
import { AuditLog, RequestLog, type AuditEntry, type RequestLogEntry } from './audit.js';
import type { Directory } from './directory.js';
import { FaultInjector, normalizeFaults, type FaultOptions } from './faults.js';
import { InsightsLog, type InsightsEvent, type NewInsightsEvent } from './insights.js';
import { seedDirectory } from './seed.js';
import { buildServer } from './server.js';

export type { AuditEntry, RequestLogEntry } from './audit.js';
export type { Directory } from './directory.js';
export type { FaultOptions } from './faults.js';
export { SIMULATOR_ADMIN, type InsightsEvent, type NewInsightsEvent } from './insights.js';
export { ANTIVIRUS, type InstalledSoftware } from './software.js';
export type { SimPolicy } from './policies.js';
export { POLICY_FIXTURES } from './seedPolicies.js';
export type {
  NewApplicationInput,
  NewGroupInput,
  NewSystemGroupInput,
  NewSystemInput,
  NewUserInput,
  SimApplication,
  SimGroup,
  SimOrganization,
  SimSystem,
  SimSystemGroup,
  SimUser,
  UserState,
} from './model.js';
export { FIXTURE_USERS, EXTRA_GROUPS, EMAIL_DOMAIN } from './fixtures.js';
export { APP_FIXTURES, DEVICE_FIXTURES, SYSTEM_GROUPS } from './deviceFixtures.js';

/** A fixed development key, so a demo and its client agree without configuration. Not a secret. */
export const DEFAULT_SIMULATOR_API_KEY = 'jcsim-dev-0000000000000000000000000000000000';

export interface SimulatorOptions {
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Seed of the directory and of the fault sequence. @default 1 */
  seed?: number;
  /** Number of seeded users, fixtures included (there are always at least the fixtures). @default 25 */
  users?: number;
  /** User groups in all, fixtures included; the rest are generated. @default the fixture groups */
  groups?: number;
  /** Devices in all, fixtures included. @default a laptop for about 80% of the people ever active */
  devices?: number;
  /** The x-api-key clients must send. @default DEFAULT_SIMULATOR_API_KEY */
  apiKey?: string;
  /** The organization's id. @default derived from the seed */
  orgId?: string;
  /** Act as a multi-tenant (MSP) admin's key: `x-org-id` is then required, see API-NOTES §1. @default false */
  multiTenant?: boolean;
  /** Injected 429s, 503s and latency; change later with `setFaults`. @default none */
  faults?: FaultOptions;
  /** Time for records created and audited after start. Seeded records use a fixed epoch regardless. @default the wall clock */
  clock?: () => Date;
}

export interface Simulator {
  /** Root URL, e.g. http://127.0.0.1:PORT: the API is under /api and /api/v2, like https://console.jumpcloud.com. */
  url: string;
  apiKey: string;
  orgId: string;
  /** The live in-memory state, for tests to inspect and plant data. */
  directory: Directory;
  /** Mutations applied so far, oldest first. */
  audit(): AuditEntry[];
  /** Every API request so far (control endpoints excluded), with its status. */
  requests(): RequestLogEntry[];
  /** Directory Insights events so far (every audited mutation, plus planted ones), oldest first. */
  events(): readonly InsightsEvent[];
  /** Plants a Directory Insights event (e.g. a change someone made in the admin console). */
  recordEvent(event: NewInsightsEvent): InsightsEvent;
  /** Replaces the fault settings (options left out go back to off). */
  setFaults(f: FaultOptions): void;
  close(): Promise<void>;
}

function startOfUtcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 86_400_000) * 86_400_000);
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const seed = opts.seed ?? 1;
  const apiKey = opts.apiKey ?? DEFAULT_SIMULATOR_API_KEY;
  if (apiKey === '') throw new Error('apiKey must not be empty');
  const clock = opts.clock ?? ((): Date => new Date());
  const directory = seedDirectory({
    seed,
    users: opts.users ?? 25,
    ...(opts.groups !== undefined ? { groups: opts.groups } : {}),
    ...(opts.devices !== undefined ? { devices: opts.devices } : {}),
    ...(opts.orgId !== undefined ? { orgId: opts.orgId } : {}),
    // Day-rounded, so two simulators started together with one seed serve identical data.
    now: startOfUtcDay(clock()),
  });
  directory.setClock(clock);
  const faults = new FaultInjector(seed, normalizeFaults(opts.faults ?? {}));
  const auditLog = new AuditLog();
  const requestLog = new RequestLog();
  const insights = new InsightsLog(directory.organization._id, clock);

  const app = buildServer({
    directory,
    auditLog,
    requestLog,
    insights,
    faults,
    apiKey,
    orgId: directory.organization._id,
    multiTenant: opts.multiTenant ?? false,
    now: clock,
  });
  await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    apiKey,
    orgId: directory.organization._id,
    directory,
    audit: () => auditLog.list(),
    requests: () => requestLog.list(),
    events: () => insights.list(),
    recordEvent: (event) => insights.append(event),
    setFaults: (f) => faults.set(f),
    close: () => app.close(),
  };
}
