// Looking devices (v1 systems) up and shaping them into the catalog's device output, owners resolved.
// Shared by the device actions and the user actions that list or unbind a user's devices.
import type { ActionOutput } from '../../catalog/index.js';
import type { System } from '../../jumpcloud/types.js';
import type { JumpCloudReader, V1PageOptions } from './client.js';
import { getIfExists } from './lookup.js';
import { toUserRef, type UserDirectory } from './userDirectory.js';

export type Device = ActionOutput<'jumpcloud.device.find'>;

export const systemPath = (id: string): string => `/api/systems/${encodeURIComponent(id)}`;

export function ownerIdOf(s: System): string | undefined {
  return s.primarySystemUser?.id ?? undefined;
}

export class SystemDirectory {
  constructor(
    private readonly client: JumpCloudReader,
    private readonly users: UserDirectory,
  ) {}

  byId(id: string): Promise<System | undefined> {
    return getIfExists<System>(this.client, systemPath(id));
  }

  /** Every system whose field equals the value exactly (hostnames are not unique in JumpCloud). */
  async byField(field: 'hostname' | 'serialNumber', value: string): Promise<System[]> {
    const out: System[] = [];
    for await (const s of this.client.paginateV1<System>('/api/systems', {
      filter: [`${field}:$eq:${value}`],
    })) {
      if (s[field] === value) out.push(s);
    }
    return out;
  }

  /** Pages through /api/systems with the given server-side filters. */
  list(options: V1PageOptions): AsyncGenerator<System, void, undefined> {
    return this.client.paginateV1<System>('/api/systems', options);
  }

  /** The catalog shape for many systems at once, owners fetched in a few batched requests. */
  async describeAll(systems: readonly System[]): Promise<Device[]> {
    const owners = await this.users.byIds(
      systems.map(ownerIdOf).filter((id): id is string => id !== undefined),
    );
    return systems.map((s) => {
      const ownerId = ownerIdOf(s);
      const owner = ownerId === undefined ? undefined : owners.get(ownerId);
      return toDevice(s, owner ? toUserRef(owner) : null);
    });
  }

  async describe(system: System): Promise<Device> {
    const [device] = await this.describeAll([system]);
    if (!device) throw new Error('unreachable: describeAll returns one device per system');
    return device;
  }
}

export function toDevice(s: System, owner: Device['owner']): Device {
  return {
    id: s._id ?? '',
    displayName: s.displayName ?? s.hostname ?? '',
    hostname: s.hostname ?? '',
    serialNumber: s.serialNumber ?? '',
    os: s.os ?? '',
    osFamily: s.osFamily ?? '',
    version: s.version ?? '',
    arch: s.arch ?? '',
    agentVersion: s.agentVersion ?? '',
    active: s.active ?? false,
    lastContact: s.lastContact ?? null,
    encrypted: s.fde?.active ?? false,
    encryptionKeyEscrowed: s.fde?.keyPresent ?? false,
    owner,
    created: s.created ?? '',
  };
}

/** Hostname order (then id), the order every device list in the catalog promises. */
export function byHostname(a: { hostname: string; id: string }, b: { hostname: string; id: string }): number {
  return a.hostname.localeCompare(b.hostname) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
