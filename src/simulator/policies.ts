// The simulator's policies (v2 /policies) and their results on devices (v2 /policyresults). A policy is
// bound to device groups; each bound device has one result, recorded when the seeder runs (results are
// history, not a live view, as on the service). Results are kept compact and turned into JumpCloud's shape
// only for the page being served, so a 20k-device directory's tens of thousands of results stay small.
import type { PolicyResult } from '../jumpcloud/types.js';
import { ObjectIdFactory } from './objectId.js';
import type { Rng } from './prng.js';

export type PolicyOsFamily = 'darwin' | 'windows' | 'linux' | 'universal';

export interface SimPolicy {
  id: string;
  name: string;
  template: {
    id: string;
    name: string;
    displayName: string;
    description: string;
    osMetaFamily: PolicyOsFamily;
    activation: string;
    behavior: string;
    deliveryTypes: ('agent' | 'mdm')[];
    state: string;
    alert: string | null;
    reference: string | null;
  };
}

interface CompactResult {
  id: string;
  policy: number;
  systemId: string;
  success: boolean;
  startedAt: number;
  durationMs: number;
}

export interface PoliciesOptions {
  newId: (at?: Date) => string;
  now: () => Date;
}

export class Policies {
  private readonly byId = new Map<string, SimPolicy>();
  private readonly order: SimPolicy[] = [];
  private readonly results: CompactResult[] = [];
  private resultIds: ObjectIdFactory | undefined;

  constructor(private readonly options: PoliciesOptions) {}

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** In id order (policies are only added, in creation order). */
  list(): SimPolicy[] {
    return [...this.order].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  get(id: string): SimPolicy | undefined {
    return this.byId.get(id);
  }

  add(
    input: Omit<SimPolicy, 'id' | 'template'> & { template: Omit<SimPolicy['template'], 'id'> },
    at?: Date,
  ): SimPolicy {
    const when = at ?? this.options.now();
    const policy: SimPolicy = {
      id: this.options.newId(when),
      name: input.name,
      template: { id: this.options.newId(when), ...input.template },
    };
    this.byId.set(policy.id, policy);
    this.order.push(policy);
    return policy;
  }

  /** Records one application of `policy` on a device. Result ids come from their own seeded stream. */
  recordResult(policy: SimPolicy, systemId: string, success: boolean, at: Date, rng: Rng): void {
    this.resultIds ??= new ObjectIdFactory(rng);
    const index = this.order.indexOf(policy);
    if (index < 0) throw new Error(`unknown policy ${policy.id}`);
    this.results.push({
      id: this.resultIds.next(at),
      policy: index,
      systemId,
      success,
      startedAt: at.getTime(),
      durationMs: 200 + rng.int(4_800),
    });
  }

  resultCount(): number {
    return this.results.length;
  }

  /** Results in id order, materialised for `[skip, skip + limit)` of those matching `filter`. */
  resultsPage(
    skip: number,
    limit: number,
    filter: (r: PolicyResult) => boolean,
    filtered: boolean,
  ): {
    total: number;
    page: PolicyResult[];
  } {
    if (!filtered) {
      return {
        total: this.results.length,
        page: this.results.slice(skip, skip + limit).map((r) => this.materialise(r)),
      };
    }
    const matching = this.results.map((r) => this.materialise(r)).filter(filter);
    return { total: matching.length, page: matching.slice(skip, skip + limit) };
  }

  private materialise(r: CompactResult): PolicyResult {
    const policy = this.order[r.policy];
    return {
      id: r.id,
      policyID: policy?.id ?? '',
      systemID: r.systemId,
      state: r.success ? 'success' : 'failed',
      success: r.success,
      exitStatus: r.success ? 0 : 1,
      startedAt: new Date(r.startedAt).toISOString(),
      endedAt: new Date(r.startedAt + r.durationMs).toISOString(),
      detail: r.success ? '' : `${policy?.template.displayName ?? 'policy'}: the device is not compliant`,
      stdErr: r.success ? '' : 'check failed',
      stdOut: r.success ? 'ok' : '',
    };
  }
}
