// The JumpCloud device family (v1 systems): find one, list many with filters. Reads only.
import { ApplicationFailure } from '@temporalio/common';
import type { ActionName } from '../../catalog/index.js';
import { DEVICE_LIST_DEFAULT_LIMIT } from '../../catalog/jumpcloudDevices.js';
import type { System } from '../../jumpcloud/types.js';
import { listing } from '../activityContext.js';
import type { ActionHandlers, ActionIO } from '../actionCall.js';
import { withActivityFailures } from './failures.js';
import { byHostname, ownerIdOf, SystemDirectory } from './systemDirectory.js';
import { notFound, UserDirectory } from './userDirectory.js';

export type DeviceActionName = Extract<ActionName, `jumpcloud.device.${string}`>;

export interface DeviceActionOptions {
  /** The clock `notSeenForDays` counts back from. @default the wall clock */
  now?: () => Date;
}

const DAY_MS = 86_400_000;

function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, 'IdflowInvalidArguments');
}

export function createDeviceActions(options: DeviceActionOptions = {}): ActionHandlers<DeviceActionName> {
  const now = options.now ?? ((): Date => new Date());
  const systemsOf = (io: ActionIO): SystemDirectory =>
    new SystemDirectory(io.read, new UserDirectory(io.read));

  return {
    'jumpcloud.device.find': (input, io) =>
      withActivityFailures(async () => {
        const systems = systemsOf(io);
        if (input.id !== undefined) {
          const system = await systems.byId(input.id);
          if (!system) throw notFound(`no JumpCloud device with id ${input.id}`);
          return systems.describe(system);
        }
        const field = input.hostname !== undefined ? 'hostname' : 'serialNumber';
        const value = input.hostname ?? input.serialNumber ?? '';
        const found = await systems.byField(field, value);
        const [first, second] = found;
        if (!first) throw notFound(`no JumpCloud device with ${field} ${value}`);
        if (second) {
          throw ApplicationFailure.nonRetryable(
            `jumpcloud.device.find: ${found.length} devices have ${field} ${value}; find it by id instead`,
            'IdflowAmbiguous',
          );
        }
        return systems.describe(first);
      }),

    'jumpcloud.device.list': (input, io) =>
      withActivityFailures(async () => {
        const systems = systemsOf(io);
        if (input.notSeenSince !== undefined && input.notSeenForDays !== undefined)
          throw invalid('jumpcloud.device.list: give notSeenSince or notSeenForDays, not both');
        const cutoff =
          input.notSeenSince !== undefined
            ? Date.parse(input.notSeenSince)
            : input.notSeenForDays !== undefined
              ? now().getTime() - input.notSeenForDays * DAY_MS
              : undefined;
        // osFamily is a documented top-level field, filtered by JumpCloud; the nested ones (fde.active,
        // primarySystemUser.id) and the null-aware last-contact test are applied here.
        const keep = (s: System): boolean => {
          if (input.ownerUserId !== undefined && ownerIdOf(s) !== input.ownerUserId) return false;
          if (input.encrypted !== undefined && (s.fde?.active ?? false) !== input.encrypted) return false;
          if (cutoff !== undefined) {
            const seen = s.lastContact ? Date.parse(s.lastContact) : Number.NaN;
            if (!Number.isNaN(seen) && seen >= cutoff) return false;
          }
          return true;
        };
        const matched: System[] = [];
        for await (const s of systems.list({
          ...(input.osFamily !== undefined ? { filter: [`osFamily:$eq:${input.osFamily}`] } : {}),
          ...listing('systems'),
        })) {
          if (keep(s)) matched.push(s);
        }
        const limit = input.limit ?? DEVICE_LIST_DEFAULT_LIMIT;
        const ordered = matched
          .map((s) => ({ s, id: s._id ?? '', hostname: s.hostname ?? '' }))
          .sort(byHostname)
          .map(({ s }) => s);
        const devices = await systems.describeAll(ordered.slice(0, limit));
        return { count: matched.length, truncated: matched.length > limit, devices };
      }),
  };
}
