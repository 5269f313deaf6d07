// System Insights software: installed apps on macOS devices (v2 /systeminsights/apps) and programs on
// Windows devices (/systeminsights/programs). The lists are not stored: each device's software is a pure
// function of its id (a hash seeds a small PRNG), built for the page being served, so 20k devices cost a
// table of counts rather than hundreds of thousands of records. Tests plant a device's exact software with
// `set`. About one device in twenty has no endpoint-protection agent, for the antivirus-posture checks.
import type { Inventory } from './inventory.js';
import type { SimSystem } from './model.js';
import { createRng, deriveSeed, type Rng } from './prng.js';

export type SoftwareTable = 'apps' | 'programs';

/** One installed item, as stored: the endpoint fills in the table's other columns. */
export interface InstalledSoftware {
  name: string;
  version: string;
  publisher: string;
}

/** The endpoint-protection agents the seeded devices run (the antivirus-posture rules look for these). */
export const ANTIVIRUS = { darwin: 'CrowdStrike Falcon.app', windows: 'CrowdStrike Windows Sensor' } as const;

const MAC_APPS: readonly InstalledSoftware[] = [
  { name: '1Password 8.app', version: '8.10.30', publisher: 'AgileBits Inc.' },
  { name: 'Google Chrome.app', version: '126.0.6478.127', publisher: 'Google LLC' },
  { name: 'Microsoft Teams.app', version: '24152.405', publisher: 'Microsoft Corporation' },
  { name: 'Safari.app', version: '17.5', publisher: 'Apple Inc.' },
  { name: 'Slack.app', version: '4.39.90', publisher: 'Slack Technologies' },
  { name: 'Visual Studio Code.app', version: '1.90.2', publisher: 'Microsoft Corporation' },
  { name: 'zoom.us.app', version: '6.1.1', publisher: 'Zoom Video Communications' },
];
const WINDOWS_PROGRAMS: readonly InstalledSoftware[] = [
  { name: '1Password', version: '8.10.30', publisher: 'AgileBits Inc.' },
  { name: 'Google Chrome', version: '126.0.6478.127', publisher: 'Google LLC' },
  { name: 'Microsoft 365 Apps for enterprise', version: '16.0.17628', publisher: 'Microsoft Corporation' },
  { name: 'Microsoft Teams', version: '24152.405', publisher: 'Microsoft Corporation' },
  { name: 'Slack', version: '4.39.90', publisher: 'Slack Technologies' },
  { name: 'Zoom Workplace', version: '6.1.1', publisher: 'Zoom Video Communications' },
];

function tableOf(system: SimSystem): SoftwareTable | undefined {
  if (system.osFamily === 'darwin') return 'apps';
  if (system.osFamily === 'windows') return 'programs';
  return undefined;
}

function hashId(id: string): number {
  return deriveSeed(0x51a7, id);
}

/** Whether a device runs the endpoint-protection agent, unless planted otherwise. */
export function hasAntivirus(systemId: string): boolean {
  return hashId(systemId) % 20 !== 0;
}

function generated(system: SimSystem, table: SoftwareTable): InstalledSoftware[] {
  const rng: Rng = createRng(hashId(system._id));
  const base = table === 'apps' ? MAC_APPS : WINDOWS_PROGRAMS;
  const items = base.filter((_, i) => i < 2 || rng.chance(0.6));
  if (hasAntivirus(system._id)) {
    items.push({
      name: table === 'apps' ? ANTIVIRUS.darwin : ANTIVIRUS.windows,
      version: '7.14.18408',
      publisher: 'CrowdStrike, Inc.',
    });
  }
  return items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface SoftwareRow {
  system: SimSystem;
  item: InstalledSoftware;
}

export class Software {
  private readonly planted = new Map<string, InstalledSoftware[]>();
  private plantedRevision = 0;
  private readonly indexes = new Map<
    SoftwareTable,
    { key: string; systems: SimSystem[]; starts: number[]; total: number }
  >();

  constructor(private readonly inventory: Inventory) {}

  /** Replaces what a device reports as installed (tests: a device without antivirus). */
  set(systemId: string, items: InstalledSoftware[]): void {
    this.planted.set(
      systemId,
      [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    );
    this.plantedRevision += 1;
  }

  /** What one device reports, or [] for devices without this table (Linux, mobile, servers off-table). */
  of(system: SimSystem, table: SoftwareTable): InstalledSoftware[] {
    if (tableOf(system) !== table || system.systemInsights.state !== 'enabled') return [];
    return this.planted.get(system._id) ?? generated(system, table);
  }

  /**
   * Rows `[skip, skip + limit)` of a table over every device (devices in id order, items by name), and the
   * total. `systemIds` restricts to some devices (a `system_id` filter) without walking the others.
   */
  page(
    table: SoftwareTable,
    skip: number,
    limit: number,
    systemIds?: ReadonlySet<string>,
  ): { total: number; rows: SoftwareRow[] } {
    if (systemIds) {
      const rows = this.inventory
        .systems()
        .filter((s) => systemIds.has(s._id))
        .flatMap((system) => this.of(system, table).map((item) => ({ system, item })));
      return { total: rows.length, rows: rows.slice(skip, skip + limit) };
    }
    const index = this.indexFor(table);
    const rows: SoftwareRow[] = [];
    // Binary search for the device holding row `skip`, then walk forward.
    let lo = 0;
    let hi = index.systems.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((index.starts[mid] ?? 0) <= skip) lo = mid;
      else hi = mid - 1;
    }
    for (let s = lo; s < index.systems.length && rows.length < limit; s++) {
      const system = index.systems[s];
      if (!system) break;
      const items = this.of(system, table);
      const from = Math.max(0, skip - (index.starts[s] ?? 0));
      for (let i = from; i < items.length && rows.length < limit; i++) rows.push({ system, item: items[i]! });
    }
    return { total: index.total, rows };
  }

  /** Per-device row offsets, rebuilt when devices or planted software change. */
  private indexFor(table: SoftwareTable): { systems: SimSystem[]; starts: number[]; total: number } {
    const key = `${table}:${this.inventory.systemsRevision()}:${this.plantedRevision}`;
    const cached = this.indexes.get(table);
    if (cached?.key === key) return cached;
    const systems = this.inventory.systems().filter((s) => tableOf(s) === table);
    const starts: number[] = [];
    let total = 0;
    for (const system of systems) {
      starts.push(total);
      total += this.of(system, table).length;
    }
    const index = { key, systems, starts, total };
    this.indexes.set(table, index);
    return index;
  }
}
