// The compliance rules file's JSON Schema, and the one place each check's parameters are declared: the
// published schemas/compliance-rules.schema.json is this object (`npm run gen:schemas` writes it; a test
// fails when they differ), and the checks' TypeScript parameter types are derived from it (types.ts).

// Parameter shapes the checks share.
/** Names of groups, users, devices, applications or policies. */
const names = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true } as const;
const states = {
  type: 'array',
  items: { enum: ['STAGED', 'ACTIVATED', 'SUSPENDED'] },
  minItems: 1,
  uniqueItems: true,
} as const;
const osFamilies = {
  type: 'array',
  items: { enum: ['darwin', 'windows', 'linux', 'ios', 'android'] },
  minItems: 1,
  uniqueItems: true,
} as const;

/** Each check's `with`: what a rule may set, with descriptions for editors and defaults in rules.ts. */
export const CHECK_WITH = {
  'user.mfaMissing': {
    type: 'object',
    additionalProperties: false,
    description: 'Users who can log in but have no MFA factor enrolled.',
    properties: {
      states: { ...states, description: 'Account states checked. Default: [ACTIVATED].' },
      excludeGroups: {
        ...names,
        description: 'Members of these user groups are exempt (e.g. service accounts).',
      },
      excludeUsers: { ...names, description: 'These users (email or username) are exempt.' },
      honourExclusions: {
        type: 'boolean',
        description:
          "An MFA exclusion still in force (JumpCloud's grace period after a reset) is not a finding. Default: true.",
      },
    },
  },
  'user.inactiveWithAccess': {
    type: 'object',
    additionalProperties: false,
    description:
      'Suspended (or other inactive) users who still have group memberships, device bindings or SSO app access.',
    properties: {
      states: { ...states, description: 'Account states that must have no access. Default: [SUSPENDED].' },
      access: {
        type: 'array',
        items: { enum: ['groups', 'devices', 'apps'] },
        minItems: 1,
        uniqueItems: true,
        description: 'Which access counts. Default: all three.',
      },
      ignoreGroups: {
        ...names,
        description: 'Memberships in these groups are not access (e.g. an alumni list).',
      },
    },
  },
  'access.criticalUnauthorised': {
    type: 'object',
    additionalProperties: false,
    description: 'Users who reach a critical device or application and are in none of the authorised groups.',
    properties: {
      systemGroups: { ...names, description: 'Devices in these device groups are critical.' },
      hostnames: { ...names, description: 'These devices are critical.' },
      apps: { ...names, description: 'These SSO applications (name or label) are critical.' },
      authorisedGroups: {
        ...names,
        minItems: 1,
        description: 'Members of any of these user groups may have that access.',
      },
      states: { ...states, description: 'Account states checked. Default: [ACTIVATED].' },
    },
    required: ['authorisedGroups'],
    anyOf: [{ required: ['systemGroups'] }, { required: ['hostnames'] }, { required: ['apps'] }],
  },
  'device.unencrypted': {
    type: 'object',
    additionalProperties: false,
    description: 'Devices without full-disk encryption.',
    properties: {
      osFamilies: { ...osFamilies, description: 'OS families checked. Default: [darwin, windows, linux].' },
      excludeGroups: {
        ...names,
        description:
          'Devices in these device groups are exempt (e.g. servers with encrypted volumes managed elsewhere).',
      },
    },
  },
  'device.osBelowFloor': {
    type: 'object',
    additionalProperties: false,
    description: 'Devices whose OS version is below the floor for their family.',
    properties: {
      floors: {
        type: 'object',
        minProperties: 1,
        additionalProperties: false,
        description: "Minimum version per OS family, e.g. {darwin: '14.0', windows: '11'}.",
        properties: {
          darwin: { type: 'string', pattern: '^\\d+(\\.\\d+)*$' },
          windows: { type: 'string', pattern: '^\\d+(\\.\\d+)*$' },
          linux: { type: 'string', pattern: '^\\d+(\\.\\d+)*$' },
          ios: { type: 'string', pattern: '^\\d+(\\.\\d+)*$' },
          android: { type: 'string', pattern: '^\\d+(\\.\\d+)*$' },
        },
      },
    },
    required: ['floors'],
  },
  'device.ungrouped': {
    type: 'object',
    additionalProperties: false,
    description: 'Devices in no device group (so no group policy or binding reaches them).',
    properties: { osFamilies: { ...osFamilies, description: 'OS families checked. Default: all.' } },
  },
  'device.stale': {
    type: 'object',
    additionalProperties: false,
    description: 'Devices whose agent has not reported for a number of days.',
    properties: {
      days: { type: 'integer', minimum: 1, maximum: 3650, description: 'Days without contact.' },
      includeNeverSeen: {
        type: 'boolean',
        description: 'Devices that never reported are findings too. Default: true.',
      },
      osFamilies: { ...osFamilies, description: 'OS families checked. Default: all.' },
    },
    required: ['days'],
  },
  'device.missingSoftware': {
    type: 'object',
    additionalProperties: false,
    description:
      'Devices on which none of the named software is installed (System Insights), e.g. an endpoint-protection agent.',
    properties: {
      software: {
        ...names,
        minItems: 1,
        description: 'Any of these (case-insensitive substring of the installed name) satisfies the rule.',
      },
      osFamilies: {
        ...osFamilies,
        description:
          'OS families checked. Default: [darwin, windows] (System Insights reports apps and programs there).',
      },
    },
    required: ['software'],
  },
  'device.policyFailing': {
    type: 'object',
    additionalProperties: false,
    description:
      'Devices whose latest result for a JumpCloud policy (e.g. a FileVault or BitLocker policy) is a failure.',
    properties: {
      policies: { ...names, description: 'Only these policies, by name. Default: every policy.' },
      osFamilies: { ...osFamilies, description: 'OS families checked. Default: all.' },
    },
  },
} as const;

export type CheckKind = keyof typeof CHECK_WITH;

/** The checks idflow knows; a rule picks one and parameterises it with `with`. */
export const CHECK_KINDS = Object.keys(CHECK_WITH) as CheckKind[];

/** Checks whose `with` must be given: they have parameters without a default. */
const WITH_REQUIRED: ReadonlySet<CheckKind> = new Set<CheckKind>([
  'access.criticalUnauthorised',
  'device.osBelowFloor',
  'device.stale',
  'device.missingSoftware',
]);

export const complianceRulesSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://idflow.dev/schemas/compliance-rules.schema.json',
  title: 'Compliance rules',
  description:
    'idflow compliance rules: checks run on every directory snapshot; each finding names its rule, subject, evidence and remediation, and may start a playbook.',
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'rules'],
  properties: {
    apiVersion: { const: 'idflow/v1' },
    kind: { const: 'ComplianceRules' },
    rules: { type: 'array', minItems: 1, items: { $ref: '#/$defs/rule' } },
  },
  $defs: {
    rule: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'title', 'severity', 'check', 'remediation'],
      properties: {
        id: {
          type: 'string',
          pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
          description: 'Stable id: findings and the runs they start are keyed by it.',
        },
        title: { type: 'string', minLength: 1, description: 'What an auditor reads in the report.' },
        description: { type: 'string', description: 'Why the rule exists.' },
        severity: { enum: ['low', 'medium', 'high', 'critical'] },
        check: { enum: CHECK_KINDS, description: 'Which check this rule runs.' },
        with: { type: 'object', description: "The check's parameters." },
        remediation: { type: 'string', minLength: 1, description: 'What to do about a finding.' },
        playbook: {
          type: 'object',
          additionalProperties: false,
          required: ['uses', 'inputs'],
          description: 'A playbook started once per finding (never again for the same finding).',
          properties: {
            uses: {
              type: 'string',
              minLength: 1,
              description: 'The playbook file, relative to this rules file.',
            },
            inputs: {
              type: 'object',
              additionalProperties: {
                type: 'string',
                minLength: 1,
                description: 'Text with ${{ }} expressions over finding, subject, rule and snapshot.',
              },
              description: "The run's inputs.",
            },
            key: {
              type: 'string',
              minLength: 1,
              description: "The run's idempotency key. Default: ${{ rule.id }}:${{ subject.id }}",
            },
          },
        },
      },
      allOf: CHECK_KINDS.map((check) => ({
        if: { properties: { check: { const: check } }, required: ['check'] },
        then: {
          properties: { with: CHECK_WITH[check] },
          ...(WITH_REQUIRED.has(check) ? { required: ['with'] } : {}),
        },
      })),
    },
  },
};
