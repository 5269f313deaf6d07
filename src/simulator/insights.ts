// Directory Insights events (API-NOTES §6): every mutation the simulator applies through the API is also
// an event, with who did it (the admin owning the API key) and what it touched, the way the service
// records admin changes; tests plant others (a change made in the console by someone else) with `append`.
// Events are kept in arrival order, which is timestamp order.
import { createRng, deriveSeed } from './prng.js';
import { ObjectIdFactory } from './objectId.js';
import type { AuditEntry } from './audit.js';

export interface InsightsActor {
  id: string;
  type: 'admin' | 'user' | 'system' | 'api';
  email: string;
}

export interface InsightsResource {
  id: string;
  type: string;
  email?: string;
  username?: string;
  name?: string;
}

/** An event as the service returns it (the common fields; others vary by event type). */
export interface InsightsEvent {
  id: string;
  timestamp: string;
  event_type: string;
  service: string;
  organization: string;
  success: boolean;
  client_ip: string;
  initiated_by: InsightsActor;
  resource: InsightsResource;
  '@version': '1';
  changes?: { field: string }[];
  association?: {
    op: 'add' | 'remove' | 'update';
    connection: { from: { id: string; type: string }; to: { id: string; type: string } };
  };
}

export type NewInsightsEvent = Omit<
  InsightsEvent,
  'id' | 'organization' | '@version' | 'client_ip' | 'timestamp' | 'service' | 'success'
> &
  Partial<Pick<InsightsEvent, 'timestamp' | 'service' | 'success' | 'client_ip'>>;

/** The admin whose key the simulator's API calls are made with. */
export const SIMULATOR_ADMIN: InsightsActor = {
  id: '5f0c1a2b3c4d5e6f70819203',
  type: 'admin',
  email: 'admin@example.com',
};

/** Which event an audited mutation becomes (API-NOTES §6's event types). */
function eventTypeOf(entry: AuditEntry): string | undefined {
  switch (entry.operation) {
    case 'systemuser.create':
      return 'user_create';
    case 'systemuser.update':
    case 'systemuser.resetmfa':
      return 'user_update';
    case 'systemuser.suspend':
      return 'user_suspended';
    case 'systemuser.activate':
      return entry.detail?.['from'] === 'SUSPENDED' ? 'user_unsuspended' : 'user_update';
    case 'systemuser.expire':
      return 'user_password_expired';
    case 'systemuser.unlock':
      return 'user_unlocked';
    case 'usergroup.create':
      return 'group_create';
    default:
      return entry.operation.endsWith('.associate') ||
        entry.operation.endsWith('.unassociate') ||
        entry.operation.endsWith('.update') ||
        entry.operation.includes('.member.')
        ? 'association_change'
        : undefined;
  }
}

const OTHER_END: Record<string, string> = {
  userId: 'user',
  systemId: 'system',
  userGroupId: 'user_group',
  systemGroupId: 'system_group',
  applicationId: 'application',
};

export class InsightsLog {
  private readonly events: InsightsEvent[] = [];
  private readonly ids = new ObjectIdFactory(createRng(deriveSeed(1, 'insights')));

  constructor(
    private readonly organization: string,
    private readonly now: () => Date,
  ) {}

  append(input: NewInsightsEvent): InsightsEvent {
    const timestamp = input.timestamp ?? this.now().toISOString();
    const event: InsightsEvent = {
      id: this.ids.next(new Date(timestamp)),
      timestamp,
      service: input.service ?? 'directory',
      organization: this.organization,
      success: input.success ?? true,
      client_ip: input.client_ip ?? '198.51.100.7',
      '@version': '1',
      event_type: input.event_type,
      initiated_by: input.initiated_by,
      resource: input.resource,
      ...(input.changes ? { changes: input.changes } : {}),
      ...(input.association ? { association: input.association } : {}),
    };
    this.events.push(event);
    // Planted events may carry an earlier timestamp: keep timestamp order (stable for equal times).
    this.events.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
    return event;
  }

  /** The event an audited API mutation produces, if it is one the service records. */
  fromAudit(entry: AuditEntry, resourceType: (id: string) => string): InsightsEvent | undefined {
    const eventType = eventTypeOf(entry);
    if (!eventType) return undefined;
    const detail = entry.detail ?? {};
    const base = {
      timestamp: entry.at,
      event_type: eventType,
      initiated_by: SIMULATOR_ADMIN,
      resource: { id: entry.targetId, type: resourceType(entry.targetId) },
    };
    if (eventType === 'association_change') {
      const otherKey = Object.keys(detail).find((k) => k in OTHER_END);
      const otherId = otherKey ? String(detail[otherKey]) : '';
      return this.append({
        ...base,
        association: {
          op:
            entry.operation.endsWith('unassociate') || entry.operation.endsWith('.remove')
              ? 'remove'
              : entry.operation.endsWith('.update')
                ? 'update'
                : 'add',
          connection: {
            from: base.resource,
            to: { id: otherId, type: otherKey ? (OTHER_END[otherKey] ?? 'unknown') : 'unknown' },
          },
        },
      });
    }
    const fields = Array.isArray(detail['fields']) ? (detail['fields'] as unknown[]).map(String) : undefined;
    return this.append({ ...base, ...(fields ? { changes: fields.map((field) => ({ field })) } : {}) });
  }

  list(): readonly InsightsEvent[] {
    return this.events;
  }
}
