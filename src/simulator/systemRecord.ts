// What a freshly enrolled device looks like: every field the simulator emits, with values the agent
// reports for its OS family (os name, architecture, file system, the built-in security commands).
import type { NewSystemInput, SimSystem } from './model.js';

export interface SystemRecordContext {
  id: string;
  now: Date;
  organization: string;
}

type Family = NewSystemInput['osFamily'];

const FAMILY_DEFAULTS: Record<
  Family,
  Pick<SimSystem, 'os' | 'version' | 'arch' | 'archFamily' | 'fileSystem' | 'templateName' | 'hwVendor'>
> = {
  darwin: {
    os: 'Mac OS X',
    version: '14.5',
    arch: 'arm64',
    archFamily: 'arm',
    fileSystem: 'apfs',
    templateName: 'macosx-darwin-arm64-message-trigger',
    hwVendor: 'Apple Inc.',
  },
  windows: {
    os: 'Windows',
    version: '11 Pro 23H2',
    arch: 'x86_64',
    archFamily: 'x86',
    fileSystem: 'NTFS',
    templateName: 'windows-windows-x86_64-message-trigger',
    hwVendor: 'Dell Inc.',
  },
  linux: {
    os: 'Ubuntu',
    version: '22.04',
    arch: 'x86_64',
    archFamily: 'x86',
    fileSystem: 'ext4',
    templateName: 'linux-ubuntu-x86_64-message-trigger',
    hwVendor: 'Lenovo',
  },
  ios: {
    os: 'iOS',
    version: '17.5',
    arch: 'arm64',
    archFamily: 'arm',
    fileSystem: null,
    templateName: '',
    hwVendor: 'Apple Inc.',
  },
  android: {
    os: 'Android',
    version: '14',
    arch: 'arm64',
    archFamily: 'arm',
    fileSystem: null,
    templateName: '',
    hwVendor: 'Google',
  },
};

function versionDetail(os: string, version: string): SimSystem['osVersionDetail'] {
  const [major = '0', minor = '0', patch = '0'] = (version.match(/\d+(\.\d+)*/)?.[0] ?? '0').split('.');
  return {
    osName: os,
    major,
    minor,
    patch,
    majorNumber: Number(major),
    minorNumber: Number(minor),
    patchNumber: Number(patch),
    version,
  };
}

export function buildSystemRecord(input: NewSystemInput, ctx: SystemRecordContext): SimSystem {
  const family = FAMILY_DEFAULTS[input.osFamily];
  const os = input.os ?? family.os;
  const version = input.version ?? family.version;
  const mobile = input.osFamily === 'ios' || input.osFamily === 'android';
  const base: SimSystem = {
    _id: ctx.id,
    active: false,
    agentVersion: mobile ? '' : '1.170.0',
    allowMultiFactorAuthentication: false,
    allowPublicKeyAuthentication: input.osFamily === 'linux',
    allowSshPasswordAuthentication: input.osFamily === 'linux',
    allowSshRootLogin: false,
    ...family,
    os,
    version,
    attributes: [],
    created: ctx.now.toISOString(),
    description: '',
    desktopCapable: !mobile,
    displayName: input.hostname,
    fde: { active: false, keyPresent: false },
    hasServiceAccount: input.osFamily === 'darwin',
    hostname: input.hostname,
    isPolicyBound: false,
    lastContact: null,
    modifySSHDConfig: false,
    networkInterfaces: [],
    organization: ctx.organization,
    osFamily: input.osFamily,
    osVersionDetail: versionDetail(os, version),
    policyStats: { duplicate: 0, failed: 0, pending: 0, success: 0, total: 0, unsupportedOs: 0 },
    primarySystemUser: { id: null },
    remoteIP: '',
    serialNumber: '',
    sshRootEnabled: false,
    sshdParams: [],
    systemInsights: { state: mobile ? 'disabled' : 'enabled' },
    systemTimezone: 0,
    tags: [],
    mdm: { vendor: input.osFamily === 'linux' ? 'none' : 'internal' },
    domainInfo: { partOfDomain: false, domainName: '' },
    userMetrics: [],
  };
  if (input.osFamily === 'darwin' || input.osFamily === 'windows') {
    base.builtInCommands = ['erase', 'lock', 'restart', 'shutdown'].map((name) => ({
      type: 'security' as const,
      name: name as 'erase' | 'lock' | 'restart' | 'shutdown',
    }));
  }
  const record: SimSystem = { ...base, ...input };
  if (input.os !== undefined || input.version !== undefined)
    record.osVersionDetail = versionDetail(os, version);
  return record;
}
