// GENERATED FILE: do not edit by hand.
// Source: specs/jumpcloud/jumpcloud-api-v1.yaml and jumpcloud-api-v2.yaml (request bodies of the operations below).
// Regenerate with `npm run gen:types` (scripts/gen-jumpcloud-types.ts); test/jumpcloud/types-drift.test.ts
// fails when this file and the generator's output differ.

/** POST /systemusers (jumpcloud-api-v1.yaml) */
export const createSystemUserBody: Record<string, unknown> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $ref: '#/$defs/systemuserputpost',
  $defs: {
    externallymanagedpropertyinfo: {
      type: 'boolean',
      description:
        'The externally_managed property has been deprecated. Whenever a user has their externally_managed field modified their restrictedFields property gets populated with the appropriate value, even if it is already set to a value an administrator manually set.',
    },
    mfa: {
      properties: {
        configured: { type: 'boolean' },
        exclusion: { type: 'boolean' },
        exclusionUntil: { format: 'date-time', type: 'string' },
        exclusionDays: { minimum: 1, type: 'integer' },
      },
      title: 'mfa',
      type: 'object',
    },
    restrictedField: {
      type: 'object',
      properties: {
        field: {
          maxLength: 32,
          type: 'string',
          enum: [
            'addresses',
            'company',
            'costCenter',
            'department',
            'description',
            'displayname',
            'email',
            'employeeIdentifier',
            'employeeType',
            'firstname',
            'jobTitle',
            'lastname',
            'location',
            'middlename',
            'password',
            'phoneNumbers',
            'sudo',
            'username',
          ],
        },
        type: {
          maxLength: 128,
          type: 'string',
          enum: ['active_directory', 'federated_identity_provider', 'scim'],
        },
        id: { maxLength: 24, type: 'string' },
      },
    },
    systemuserputpost: {
      title: 'SystemUserPost',
      type: 'object',
      properties: {
        account_locked: { type: 'boolean' },
        activated: { type: 'boolean' },
        addresses: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              country: { type: 'string' },
              extendedAddress: { type: 'string' },
              locality: { type: 'string' },
              poBox: { type: 'string' },
              postalCode: { type: 'string' },
              region: { type: 'string' },
              streetAddress: { type: 'string' },
              type: { type: 'string' },
            },
          },
        },
        allow_public_key: { type: 'boolean' },
        alternateEmail: { type: 'string' },
        attributes: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, value: { maxLength: 1024, type: 'string' } },
          },
        },
        company: { type: 'string' },
        costCenter: { type: 'string' },
        department: { type: 'string' },
        description: { maxLength: 1024, type: 'string' },
        disableDeviceMaxLoginAttempts: { type: 'boolean' },
        displayname: { type: 'string' },
        email: { maxLength: 1024, type: 'string' },
        employeeIdentifier: { description: 'Must be unique per user. ', maxLength: 256, type: 'string' },
        employeeType: { type: 'string' },
        enable_managed_uid: { type: 'boolean' },
        enable_user_portal_multifactor: { type: 'boolean' },
        external_dn: { type: 'string' },
        external_password_expiration_date: { format: 'date-time', type: 'string' },
        external_source_type: { type: 'string' },
        externally_managed: { $ref: '#/$defs/externallymanagedpropertyinfo' },
        firstname: { type: 'string' },
        jobTitle: { type: 'string' },
        lastname: { type: 'string' },
        ldap_binding_user: { type: 'boolean' },
        location: { type: 'string' },
        manager: {
          type: 'string',
          description: 'Relation with another systemuser to identify the last as a manager.',
        },
        mfa: { $ref: '#/$defs/mfa' },
        middlename: { type: 'string' },
        password: { type: 'string' },
        password_never_expires: { type: 'boolean' },
        passwordless_sudo: { type: 'boolean' },
        phoneNumbers: {
          type: 'array',
          items: { type: 'object', properties: { number: { type: 'string' }, type: { type: 'string' } } },
        },
        public_key: { type: 'string' },
        recoveryEmail: { type: 'object', properties: { address: { type: 'string' } } },
        relationships: {
          type: 'array',
          items: { type: 'object', properties: { type: { type: 'string' }, value: { type: 'string' } } },
        },
        samba_service_user: { type: 'boolean' },
        state: { enum: ['STAGED', 'ACTIVATED', 'SUSPENDED'], type: 'string' },
        sudo: { type: 'boolean' },
        suspended: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
        unix_guid: { minimum: 1, type: 'integer' },
        unix_uid: { minimum: 1, type: 'integer' },
        username: { type: 'string' },
        managedAppleId: { type: 'string', maxLength: 1024 },
        delegatedAuthority: {
          type: ['object', 'null'],
          description: 'Used by auth to determine password delegation authority',
          properties: {
            name: { type: 'string', description: 'Authority name', const: 'ActiveDirectory' },
            id: { type: 'string', description: 'ObjectId of the target Active Directory connection' },
          },
        },
        restrictedFields: { type: 'array', items: { $ref: '#/$defs/restrictedField' } },
      },
      required: ['email', 'username'],
    },
  },
};

/** PUT /systemusers/{id} (jumpcloud-api-v1.yaml) */
export const updateSystemUserBody: Record<string, unknown> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $ref: '#/$defs/systemuserput',
  $defs: {
    externallymanagedpropertyinfo: {
      type: 'boolean',
      description:
        'The externally_managed property has been deprecated. Whenever a user has their externally_managed field modified their restrictedFields property gets populated with the appropriate value, even if it is already set to a value an administrator manually set.',
    },
    mfa: {
      properties: {
        configured: { type: 'boolean' },
        exclusion: { type: 'boolean' },
        exclusionUntil: { format: 'date-time', type: 'string' },
        exclusionDays: { minimum: 1, type: 'integer' },
      },
      title: 'mfa',
      type: 'object',
    },
    restrictedField: {
      type: 'object',
      properties: {
        field: {
          maxLength: 32,
          type: 'string',
          enum: [
            'addresses',
            'company',
            'costCenter',
            'department',
            'description',
            'displayname',
            'email',
            'employeeIdentifier',
            'employeeType',
            'firstname',
            'jobTitle',
            'lastname',
            'location',
            'middlename',
            'password',
            'phoneNumbers',
            'sudo',
            'username',
          ],
        },
        type: {
          maxLength: 128,
          type: 'string',
          enum: ['active_directory', 'federated_identity_provider', 'scim'],
        },
        id: { maxLength: 24, type: 'string' },
      },
    },
    sshkeypost: {
      properties: {
        name: { description: 'The name of the SSH key.', type: 'string' },
        public_key: { description: 'The Public SSH key.', type: 'string' },
      },
      required: ['public_key', 'name'],
      title: 'SSHKeyPost',
      type: 'object',
    },
    systemuserput: {
      title: 'SystemUserPut',
      type: 'object',
      properties: {
        account_locked: { type: 'boolean' },
        addresses: {
          description: 'type, poBox, extendedAddress, streetAddress, locality, region, postalCode, country',
          type: 'array',
          items: {
            type: 'object',
            properties: {
              country: { maxLength: 1024, type: 'string' },
              extendedAddress: { maxLength: 1024, type: 'string' },
              locality: { maxLength: 1024, type: 'string' },
              poBox: { maxLength: 1024, type: 'string' },
              postalCode: { maxLength: 1024, type: 'string' },
              region: { maxLength: 1024, type: 'string' },
              streetAddress: { maxLength: 1024, type: 'string' },
              type: { maxLength: 1024, type: 'string' },
            },
          },
        },
        allow_public_key: { type: 'boolean' },
        alternateEmail: { type: 'string' },
        attributes: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, value: { maxLength: 1024, type: 'string' } },
          },
        },
        company: { maxLength: 1024, type: 'string' },
        costCenter: { maxLength: 1024, type: 'string' },
        department: { maxLength: 1024, type: 'string' },
        description: { maxLength: 1024, type: 'string' },
        disableDeviceMaxLoginAttempts: { type: 'boolean' },
        displayname: { maxLength: 1024, type: 'string' },
        email: { maxLength: 1024, type: 'string' },
        employeeIdentifier: { description: 'Must be unique per user. ', maxLength: 256, type: 'string' },
        employeeType: { maxLength: 1024, type: 'string' },
        enable_managed_uid: { type: 'boolean' },
        enable_user_portal_multifactor: { type: 'boolean' },
        external_dn: { type: 'string' },
        external_password_expiration_date: { type: 'string' },
        external_source_type: { type: 'string' },
        externally_managed: { $ref: '#/$defs/externallymanagedpropertyinfo' },
        firstname: { maxLength: 1024, type: 'string' },
        jobTitle: { maxLength: 1024, type: 'string' },
        lastname: { maxLength: 1024, type: 'string' },
        ldap_binding_user: { type: 'boolean' },
        location: { maxLength: 1024, type: 'string' },
        manager: {
          type: 'string',
          description: 'Relation with another systemuser to identify the last as a manager.',
        },
        mfa: { $ref: '#/$defs/mfa' },
        middlename: { maxLength: 1024, type: 'string' },
        password: { type: 'string' },
        password_never_expires: { type: 'boolean' },
        phoneNumbers: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              number: { maxLength: 1024, type: 'string' },
              type: { maxLength: 1024, type: 'string' },
            },
          },
        },
        public_key: { type: 'string' },
        relationships: {
          type: 'array',
          items: { type: 'object', properties: { type: { type: 'string' }, value: { type: 'string' } } },
        },
        samba_service_user: { type: 'boolean' },
        ssh_keys: { type: 'array', items: { $ref: '#/$defs/sshkeypost' } },
        state: { enum: ['ACTIVATED', 'SUSPENDED'], type: 'string' },
        sudo: { type: 'boolean' },
        suspended: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
        unix_guid: { minimum: 1, type: 'integer' },
        unix_uid: { minimum: 1, type: 'integer' },
        username: { maxLength: 1024, type: 'string' },
        managedAppleId: { type: 'string', maxLength: 1024 },
        delegatedAuthority: {
          type: ['object', 'null'],
          description: 'Used by auth to determine password delegation authority',
          properties: {
            name: { type: 'string', description: 'Authority name', const: 'ActiveDirectory' },
            id: { type: 'string', description: 'ObjectId of the target Active Directory connection' },
          },
        },
        restrictedFields: { type: 'array', items: { $ref: '#/$defs/restrictedField' } },
      },
    },
  },
};

/** POST /systemusers/{id}/resetmfa (jumpcloud-api-v1.yaml) */
export const resetMfaBody: Record<string, unknown> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  properties: {
    exclusion: { type: 'boolean' },
    exclusionUntil: { format: 'date-time', type: 'string' },
    exclusionDays: { minimum: 1, type: 'number' },
  },
  type: 'object',
};

/** POST /usergroups (jumpcloud-api-v2.yaml) */
export const createUserGroupBody: Record<string, unknown> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $ref: '#/$defs/UserGroupPost',
  $defs: {
    'GraphAttribute-LdapGroups': {
      description: 'List of LDAP groups to provision when this JumpCloud group is bound to an LDAP instance.',
      properties: { ldapGroups: { type: 'array', items: { $ref: '#/$defs/LdapGroup' } } },
      title: 'GraphAttribute (LdapGroups)',
      type: ['object', 'null'],
    },
    'GraphAttribute-PosixGroups': {
      description:
        'List of POSIX groups to provision when this JumpCloud group is bound to a supported resource.',
      properties: {
        posixGroups: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'name'],
            properties: { id: { type: 'integer' }, name: { type: 'string' } },
          },
        },
      },
      title: 'GraphAttribute (PosixGroups)',
      type: ['object', 'null'],
    },
    'GraphAttribute-Radius': {
      description:
        'RADIUS reply attributes are returned in the Access-Accept messages sent to endpoints that authenticate with JumpCloud RADIUS.',
      properties: {
        radius: {
          properties: {
            reply: {
              type: 'array',
              items: {
                type: 'object',
                required: ['name', 'value'],
                properties: { name: { type: 'string' }, value: { type: 'string' } },
              },
            },
          },
          type: ['object', 'null'],
        },
      },
      title: 'GraphAttribute (Radius)',
      type: ['object', 'null'],
    },
    'GraphAttribute-SambaEnabled': {
      description:
        'Enabling Samba support allows for LDAP users to authenticate to endpoints that require Samba attributes within the LDAP directory',
      properties: { sambaEnabled: { type: 'boolean' } },
      title: 'GraphAttribute (SambaEnabled)',
      type: ['object', 'null'],
    },
    'GraphAttribute-Sudo': {
      description: 'Setting user access controls in order to grant administrator permissions',
      properties: {
        sudo: {
          required: ['enabled', 'withoutPassword'],
          properties: {
            enabled: { type: 'boolean', description: 'Enables sudo' },
            withoutPassword: {
              type: 'boolean',
              description: "Enable sudo without password (requires 'enabled' to be true)",
            },
          },
          type: ['object', 'null'],
        },
      },
      title: 'GraphAttribute (Sudo)',
      type: ['object', 'null'],
    },
    GraphAttributes: {
      additionalProperties: true,
      description: 'The graph attributes.',
      title: 'GraphAttributes',
      type: ['object', 'null'],
    },
    'GroupAttributes-UserGroup': {
      allOf: [
        { $ref: '#/$defs/GraphAttributes' },
        { $ref: '#/$defs/GraphAttribute-Sudo' },
        { $ref: '#/$defs/GraphAttribute-LdapGroups' },
        { $ref: '#/$defs/GraphAttribute-PosixGroups' },
        { $ref: '#/$defs/GraphAttribute-Radius' },
        { $ref: '#/$defs/GraphAttribute-SambaEnabled' },
      ],
      description: 'The graph attributes for a UserGroup.',
      title: 'GroupAttributes (UserGroup)',
      type: ['object', 'null'],
    },
    GroupMembershipMethodType: {
      title: 'GroupMembershipMethodType',
      type: 'string',
      description:
        'The type of membership method for this group. Valid values include NOTSET, STATIC, DYNAMIC_REVIEW_REQUIRED, and DYNAMIC_AUTOMATED.\n\nNote DYNAMIC_AUTOMATED and DYNAMIC_REVIEW_REQUIRED group rules will supersede any group enrollment for [group-associated MDM-enrolled devices](https://jumpcloud.com/support/change-a-default-device-group-for-apple-devices).\n\nUse caution when creating dynamic device groups with MDM-enrolled devices to avoid creating conflicting rule sets.',
      enum: ['NOTSET', 'STATIC', 'DYNAMIC_REVIEW_REQUIRED', 'DYNAMIC_AUTOMATED'],
    },
    LdapGroup: {
      description: 'An LDAP group object.',
      properties: { name: { type: 'string' } },
      title: 'Ldap Group',
      type: ['object', 'null'],
    },
    MemberQuery: {
      allOf: [
        { $ref: '#/$defs/Query' },
        {
          properties: { filters: { type: 'array', items: {} } },
          title: 'MemberQuery',
          type: ['object', 'null'],
        },
      ],
      description:
        'Dynamic group member query. v1 (default): include queryType (FilterQuery, Filter, or Search). v2 (x-query-dsl: v2): omit queryType; filters use field, operation, and value.',
    },
    MemberQueryExemption: {
      properties: {
        id: { description: 'The ObjectID of the exempted graph object.', type: 'string' },
        organizationId: {
          description: 'The organization that owns the exempted object, when known.',
          type: 'string',
        },
        type: { description: 'The type of graph object.', type: 'string' },
      },
      required: ['type', 'id'],
      title: 'MemberQueryExemption',
      type: 'object',
    },
    Query: {
      properties: {
        queryType: {
          type: 'string',
          enum: ['Filter', 'FilterQuery', 'Search'],
          description:
            'Required for v1 member queries (default when the x-query-dsl header is omitted or set to v1). Omit for v2 member queries (x-query-dsl: v2).',
        },
      },
      title: 'Query',
      description:
        'Basic query. For v1 dynamic groups, queryType is required and selects the filter format. For v2 (x-query-dsl: v2), omit queryType and supply filters only.',
      type: ['object', 'null'],
    },
    UserGroupPost: {
      properties: {
        attributes: { $ref: '#/$defs/GroupAttributes-UserGroup' },
        email: { description: 'Email address of a User Group', type: 'string' },
        description: { description: 'Description of a User Group', type: 'string' },
        memberQuery: { $ref: '#/$defs/MemberQuery' },
        memberQueryExemptions: {
          description: 'Array of GraphObjects exempted from the query',
          type: 'array',
          items: { $ref: '#/$defs/MemberQueryExemption' },
        },
        memberSuggestionsNotify: {
          description: 'True if notification emails are to be sent for membership suggestions.',
          type: 'boolean',
        },
        membershipMethod: { $ref: '#/$defs/GroupMembershipMethodType' },
        name: { description: 'Display name of a User Group.', type: 'string' },
      },
      required: ['name'],
      title: 'UserGroupPost',
      type: 'object',
    },
  },
};

/** POST /usergroups/{group_id}/members (jumpcloud-api-v2.yaml) */
export const changeUserGroupMemberBody: Record<string, unknown> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $ref: '#/$defs/GraphOperation-UserGroup-Member',
  $defs: {
    GraphAttributes: {
      additionalProperties: true,
      description: 'The graph attributes.',
      title: 'GraphAttributes',
      type: ['object', 'null'],
    },
    GraphOperation: {
      properties: {
        id: {
          description: 'The ObjectID of graph object being added or removed as an association.',
          type: 'string',
        },
        op: {
          description: 'How to modify the graph connection.',
          enum: ['add', 'remove', 'update'],
          type: 'string',
        },
      },
      required: ['id', 'op'],
      title: 'GraphOperation',
      type: 'object',
    },
    'GraphOperation-UserGroup-Member': {
      allOf: [
        { $ref: '#/$defs/GraphOperation' },
        {
          properties: {
            attributes: { $ref: '#/$defs/GraphAttributes' },
            type: { description: 'The member type.', const: 'user', type: 'string' },
          },
          required: ['type'],
        },
      ],
      title: 'GraphOperation (UserGroup-Member)',
      type: 'object',
    },
  },
};

/** POST /systemgroups/{group_id}/members (jumpcloud-api-v2.yaml) */
export const changeSystemGroupMemberBody: Record<string, unknown> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $ref: '#/$defs/GraphOperation-SystemGroup-Member',
  $defs: {
    GraphAttributes: {
      additionalProperties: true,
      description: 'The graph attributes.',
      title: 'GraphAttributes',
      type: ['object', 'null'],
    },
    GraphOperation: {
      properties: {
        id: {
          description: 'The ObjectID of graph object being added or removed as an association.',
          type: 'string',
        },
        op: {
          description: 'How to modify the graph connection.',
          enum: ['add', 'remove', 'update'],
          type: 'string',
        },
      },
      required: ['id', 'op'],
      title: 'GraphOperation',
      type: 'object',
    },
    'GraphOperation-SystemGroup-Member': {
      allOf: [
        { $ref: '#/$defs/GraphOperation' },
        {
          properties: {
            attributes: { $ref: '#/$defs/GraphAttributes' },
            type: { description: 'The member type.', const: 'system', type: 'string' },
          },
          required: ['type'],
        },
      ],
      title: 'GraphOperation (SystemGroup-Member)',
      type: 'object',
    },
  },
};

/** POST /users/{user_id}/associations (jumpcloud-api-v2.yaml) */
export const changeUserAssociationBody: Record<string, unknown> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $ref: '#/$defs/GraphOperation-User',
  $defs: {
    'GraphAttribute-Sudo': {
      description: 'Setting user access controls in order to grant administrator permissions',
      properties: {
        sudo: {
          required: ['enabled', 'withoutPassword'],
          properties: {
            enabled: { type: 'boolean', description: 'Enables sudo' },
            withoutPassword: {
              type: 'boolean',
              description: "Enable sudo without password (requires 'enabled' to be true)",
            },
          },
          type: ['object', 'null'],
        },
      },
      title: 'GraphAttribute (Sudo)',
      type: ['object', 'null'],
    },
    GraphAttributes: {
      additionalProperties: true,
      description: 'The graph attributes.',
      title: 'GraphAttributes',
      type: ['object', 'null'],
    },
    GraphOperation: {
      properties: {
        id: {
          description: 'The ObjectID of graph object being added or removed as an association.',
          type: 'string',
        },
        op: {
          description: 'How to modify the graph connection.',
          enum: ['add', 'remove', 'update'],
          type: 'string',
        },
      },
      required: ['id', 'op'],
      title: 'GraphOperation',
      type: 'object',
    },
    'GraphOperation-User': {
      allOf: [
        { $ref: '#/$defs/GraphOperation' },
        {
          properties: {
            attributes: {
              allOf: [{ $ref: '#/$defs/GraphAttributes' }, { $ref: '#/$defs/GraphAttribute-Sudo' }],
            },
            type: {
              description: 'Targets which a "user" can be associated to.',
              enum: [
                'active_directory',
                'application',
                'g_suite',
                'idp_routing_policy',
                'ldap_server',
                'office_365',
                'password_manager_item',
                'policy',
                'policy_group',
                'radius_server',
                'system',
                'system_group',
              ],
              type: 'string',
            },
          },
          required: ['type'],
        },
      ],
      title: 'GraphOperation (User)',
      type: 'object',
    },
  },
};

/** POST /systems/{system_id}/associations (jumpcloud-api-v2.yaml) */
export const changeSystemAssociationBody: Record<string, unknown> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $ref: '#/$defs/GraphOperation-System',
  $defs: {
    'GraphAttribute-Sudo': {
      description: 'Setting user access controls in order to grant administrator permissions',
      properties: {
        sudo: {
          required: ['enabled', 'withoutPassword'],
          properties: {
            enabled: { type: 'boolean', description: 'Enables sudo' },
            withoutPassword: {
              type: 'boolean',
              description: "Enable sudo without password (requires 'enabled' to be true)",
            },
          },
          type: ['object', 'null'],
        },
      },
      title: 'GraphAttribute (Sudo)',
      type: ['object', 'null'],
    },
    GraphAttributes: {
      additionalProperties: true,
      description: 'The graph attributes.',
      title: 'GraphAttributes',
      type: ['object', 'null'],
    },
    GraphOperation: {
      properties: {
        id: {
          description: 'The ObjectID of graph object being added or removed as an association.',
          type: 'string',
        },
        op: {
          description: 'How to modify the graph connection.',
          enum: ['add', 'remove', 'update'],
          type: 'string',
        },
      },
      required: ['id', 'op'],
      title: 'GraphOperation',
      type: 'object',
    },
    'GraphOperation-System': {
      allOf: [
        { $ref: '#/$defs/GraphOperation' },
        {
          properties: {
            attributes: {
              allOf: [{ $ref: '#/$defs/GraphAttributes' }, { $ref: '#/$defs/GraphAttribute-Sudo' }],
            },
            type: {
              description: 'Targets which a "system" can be associated to.',
              enum: ['command', 'policy', 'policy_group', 'user', 'user_group'],
              type: 'string',
            },
          },
          required: ['type'],
        },
      ],
      title: 'GraphOperation (System)',
      type: 'object',
    },
  },
};
