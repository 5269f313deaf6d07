// GENERATED FILE: do not edit by hand.
// Source: specs/jumpcloud/jumpcloud-api-v1.yaml and jumpcloud-api-v2.yaml (components.schemas).
// Regenerate with `npm run gen:types` (scripts/gen-jumpcloud-types.ts); test/jumpcloud/types-drift.test.ts
// fails when this file and the generator's output differ.

/**
 * The externally_managed property has been deprecated. Whenever a user has their externally_managed field modified their restrictedFields property gets populated with the appropriate value, even if it is already set to a value an administrator manually set.
 */
export type ExternallyManagedPropertyInfo = boolean;
/**
 * List of LDAP groups to provision when this JumpCloud group is bound to an LDAP instance.
 */
export type GraphAttributeLdapGroups = {
  ldapGroups?: LdapGroup[];
} | null;
/**
 * An LDAP group object.
 */
export type LdapGroup = {
  name?: string;
} | null;
/**
 * List of POSIX groups to provision when this JumpCloud group is bound to a supported resource.
 */
export type GraphAttributePosixGroups = {
  posixGroups?: {
    id: number;
    name: string;
  }[];
} | null;
/**
 * RADIUS reply attributes are returned in the Access-Accept messages sent to endpoints that authenticate with JumpCloud RADIUS.
 */
export type GraphAttributeRadius = {
  radius?: {
    reply?: {
      name: string;
      value: string;
    }[];
  } | null;
} | null;
/**
 * The graph attributes.
 */
export type GraphAttributes = {
  [k: string]: unknown;
} | null;
/**
 * Enabling Samba support allows for LDAP users to authenticate to endpoints that require Samba attributes within the LDAP directory
 */
export type GraphAttributeSambaEnabled = {
  sambaEnabled?: boolean;
} | null;
/**
 * Setting user access controls in order to grant administrator permissions
 */
export type GraphAttributeSudo = {
  sudo?: {
    /**
     * Enables sudo
     */
    enabled: boolean;
    /**
     * Enable sudo without password (requires 'enabled' to be true)
     */
    withoutPassword: boolean;
  } | null;
} | null;
/**
 * A graph object type.
 */
export type GraphType =
  | 'active_directory'
  | 'agent'
  | 'agent_group'
  | 'application'
  | 'command'
  | 'g_suite'
  | 'idp_routing_policy'
  | 'ldap_server'
  | 'office_365'
  | 'policy'
  | 'policy_group'
  | 'radius_server'
  | 'password_manager_item'
  | 'system'
  | 'system_group'
  | 'user'
  | 'user_group';
export type GraphOperationSystem = GraphOperation & {
  attributes?: GraphAttributes & GraphAttributeSudo;
  /**
   * Targets which a "system" can be associated to.
   */
  type: 'command' | 'policy' | 'policy_group' | 'user' | 'user_group';
};
export type GraphOperationSystemGroupMember = GraphOperation & {
  attributes?: GraphAttributes;
  /**
   * The member type.
   */
  type: 'system';
};
export type GraphOperationUser = GraphOperation & {
  attributes?: GraphAttributes & GraphAttributeSudo;
  /**
   * Targets which a "user" can be associated to.
   */
  type:
    | 'active_directory'
    | 'application'
    | 'g_suite'
    | 'idp_routing_policy'
    | 'ldap_server'
    | 'office_365'
    | 'password_manager_item'
    | 'policy'
    | 'policy_group'
    | 'radius_server'
    | 'system'
    | 'system_group';
};
export type GraphOperationUserGroupMember = GraphOperation & {
  attributes?: GraphAttributes;
  /**
   * The member type.
   */
  type: 'user';
};
/**
 * The graph attributes for a UserGroup.
 */
export type GroupAttributesUserGroup = GraphAttributes &
  GraphAttributeSudo &
  GraphAttributeLdapGroups &
  GraphAttributePosixGroups &
  GraphAttributeRadius &
  GraphAttributeSambaEnabled;
/**
 * The type of membership method for this group. Valid values include NOTSET, STATIC, DYNAMIC_REVIEW_REQUIRED, and DYNAMIC_AUTOMATED.
 *
 * Note DYNAMIC_AUTOMATED and DYNAMIC_REVIEW_REQUIRED group rules will supersede any group enrollment for [group-associated MDM-enrolled devices](https://jumpcloud.com/support/change-a-default-device-group-for-apple-devices).
 *
 * Use caution when creating dynamic device groups with MDM-enrolled devices to avoid creating conflicting rule sets.
 */
export type GroupMembershipMethodType = 'NOTSET' | 'STATIC' | 'DYNAMIC_REVIEW_REQUIRED' | 'DYNAMIC_AUTOMATED';
/**
 * Dynamic group member query. v1 (default): include queryType (FilterQuery, Filter, or Search). v2 (x-query-dsl: v2): omit queryType; filters use field, operation, and value.
 */
export type MemberQuery = Query &
  ({
    filters?: unknown[];
  } | null);
/**
 * Basic query. For v1 dynamic groups, queryType is required and selects the filter format. For v2 (x-query-dsl: v2), omit queryType and supply filters only.
 */
export type Query = {
  /**
   * Required for v1 member queries (default when the x-query-dsl header is omitted or set to v1). Omit for v2 member queries (x-query-dsl: v2).
   */
  queryType?: 'Filter' | 'FilterQuery' | 'Search';
} | null;
/**
 * Group error flags indicating errors encountered during member query evaluation.
 *
 * Possible flag values:
 * - CYCLE: A cyclic dependency was detected in group membership
 * - INVALID_GROUP_REFERENCE: The group reference is invalid or does not exist
 *
 * The `member_query_error_flags` as a field supports array-based filtering:
 * - `CO`: Contains Overlap - check if array overlaps with the specified array (use `["VALUE"]` for single value)
 * - `NCO`: Not Contains Overlap - check if array does not overlap
 * - `EQ`: Exact array match
 * - `NE`: Not equal to array
 * - `IN`: Array contains any of the specified values
 * **Note:** Single `value` is converted to array `["value"]``.
 */
export type MemberQueryErrorFlags = string[];
export type MfaEnrollmentStatus =
  | 'NOT_ENROLLED'
  | 'DISABLED'
  | 'PENDING_ACTIVATION'
  | 'ENROLLMENT_EXPIRED'
  | 'IN_ENROLLMENT'
  | 'PRE_ENROLLMENT'
  | 'ENROLLED';
export type V1ErrorDetails = V1Error & {
  /**
   * Describes a list of objects with more detailed information of the given error.
   * Each detail schema is according to one of the messages defined in Google's API:
   * https://github.com/googleapis/googleapis/blob/master/google/rpc/error_details.proto"
   *
   *
   * Items: Object according to Google's API.
   */
  details?: {
    [k: string]: unknown;
  }[];
};
export type V2ErrorDetails = V2Error & {
  /**
   * Describes a list of objects with more detailed information of the given error. Each detail schema is according to one of the messages defined in Google's API: https://github.com/googleapis/googleapis/blob/master/google/rpc/error_details.proto
   *
   * Items: Object according to Google's API.
   */
  details?: {
    [k: string]: unknown;
  }[];
};

export interface Application {
  _id?: string;
  active?: boolean;
  beta?: boolean;
  color?:
    | ''
    | '#202D38'
    | '#005466'
    | '#3E8696'
    | '#006CAC'
    | '#0617AC'
    | '#7C6ADA'
    | '#D5779D'
    | '#9E2F00'
    | '#FFB000'
    | '#58C469'
    | '#57C49F'
    | '#FF6C03';
  /**
   * Only required for SAML configuration (not required for Bookmarks)
   */
  config: {
    spErrorFlow?: {
      label?: string;
      position?: number;
      readOnly?: boolean;
      required?: boolean;
      tooltip?: {
        template?: string;
        variables?: {
          icon?: string;
          message?: string;
        };
      } | null;
      type?: string;
      value?: boolean;
      visible?: boolean;
    } | null;
    signAssertion?: {
      label?: string;
      position?: number;
      readOnly?: boolean;
      required?: boolean;
      tooltip?: {
        template?: string;
        variables?: {
          icon?: string;
          message?: string;
        };
      } | null;
      type?: string;
      value?: boolean;
      visible?: boolean;
    } | null;
    signResponse?: {
      label?: string;
      position?: number;
      readOnly?: boolean;
      required?: boolean;
      tooltip?: {
        template?: string;
        variables?: {
          icon?: string;
          message?: string;
        };
      } | null;
      type?: string;
      value?: boolean;
      visible?: boolean;
    } | null;
    acsUrl?: {
      label?: string;
      options?: unknown;
      position?: number;
      readOnly?: boolean;
      required?: boolean;
      toggle?: unknown;
      tooltip?: {
        template?: string;
        variables?: {
          icon?: string;
          message?: string;
        };
      } | null;
      type?: string;
      value?: string;
      visible?: boolean;
    };
    constantAttributes?: {
      label?: string;
      mutable?: boolean;
      options?: unknown;
      position?: number;
      readOnly?: boolean;
      required?: boolean;
      toggle?: unknown;
      tooltip?: {
        template?: string;
        variables?: {
          icon?: string;
          message?: string;
        };
      };
      type?: string;
      value?: {
        name?: string;
        readOnly?: boolean;
        required?: boolean;
        value?: string;
        visible?: boolean;
      }[];
      visible?: boolean;
    } | null;
    databaseAttributes?: {
      position?: number;
    };
    idpCertificate?: {
      label?: string;
      options?: unknown;
      position?: number;
      readOnly?: boolean;
      required?: boolean;
      toggle?: unknown;
      tooltip?: {
        template?: string;
        variables?: {
          icon?: string;
          message?: string;
        };
      } | null;
      type?: string;
      value?: string;
      visible?: boolean;
    };
    idpEntityId?: {
      label?: string;
      options?: unknown;
      position?: number;
      readOnly?: boolean;
      required?: boolean;
      toggle?: unknown;
      tooltip?: {
        template?: string;
        variables?: {
          icon?: string;
          message?: string;
        };
      } | null;
      type?: string;
      value?: string;
      visible?: boolean;
    };
    idpPrivateKey?: {
      label?: string;
      options?: unknown;
      position?: number;
      readOnly?: boolean;
      required?: boolean;
      toggle?: unknown;
      tooltip?: {
        template?: string;
        variables?: {
          icon?: string;
          message?: string;
        };
      } | null;
      type?: string;
      value?: string;
      visible?: boolean;
    };
    spEntityId?: {
      label?: string;
      options?: unknown;
      position?: number;
      readOnly?: boolean;
      required?: boolean;
      toggle?: unknown;
      tooltip?: {
        template?: string;
        variables?: {
          icon?: string;
          message?: string;
        };
      } | null;
      type?: string;
      value?: string;
      visible?: boolean;
    };
    authClaimConfiguration?: {
      type?: string;
      visible?: boolean;
      sendAmrClaim?: {
        type?: string;
        value?: boolean;
        readOnly?: boolean;
      };
      authnContextMode?: {
        type?: string;
        value?: string;
      };
      singleAuthnContextValue?: {
        type?: string;
        value?: string;
      };
      authnContextMappings?: {
        type?: string;
        value?: {
          [k: string]: unknown;
        }[];
      };
    } | null;
  };
  created?: string;
  databaseAttributes?: {
    [k: string]: unknown;
  }[];
  description?: string;
  displayLabel?: string;
  displayName?: string;
  learnMore?: string;
  logo?: {
    color?:
      | ''
      | '#202D38'
      | '#005466'
      | '#3E8696'
      | '#006CAC'
      | '#0617AC'
      | '#7C6ADA'
      | '#D5779D'
      | '#9E2F00'
      | '#FFB000'
      | '#58C469'
      | '#57C49F'
      | '#FF6C03';
    url?: string;
  };
  name: string;
  organization?: string;
  sso?: Sso;
  ssoUrl: string;
  parentApp?: string;
  /**
   * Admin opt-in that this application instance should appear as AI Ready in the User Portal. Informational only — does not grant access. Setting to true requires at least one configured MCP connection. Gated by feature flag DC-4194-app-ai-ready.
   */
  aiReady?: boolean;
}
export interface Sso {
  type?: string;
  beta?: boolean;
  jit?: boolean;
  idpCertExpirationAt?: string;
  idpCertificateUpdatedAt?: string;
  idpPrivateKeyUpdatedAt?: string;
  spCertificateUpdatedAt?: string;
  hidden?: boolean;
}
export interface ApplicationsList {
  name?: string;
  /**
   * The list of applications.
   */
  results?: Application[];
  /**
   * The total number of applications.
   */
  totalCount?: number;
}
export interface Attribute {
  name?: string;
  value?: string;
}
/**
 * Custom email settings for an organization
 */
export interface CustomEmailSettings {
  /**
   * Used to enable or disable custom emails for an organization.
   */
  enabled?: boolean;
}
/**
 * Indicates if the Full Disk Encryption is active in the system
 */
export interface Fde {
  active?: boolean;
  keyPresent?: boolean;
}
/**
 * Represents an edge between two graph objects. From can be omitted if it is clear from context.
 */
export interface GraphConnection {
  attributes?: GraphAttributes;
  from?: GraphObject;
  to: GraphObject;
}
export interface GraphObject {
  attributes?: GraphAttributes;
  /**
   * The ObjectID of the graph object.
   */
  id: string;
  /**
   * The type of graph object.
   */
  type: string;
}
export interface GraphObjectWithPaths {
  compiledAttributes?: GraphAttributes;
  /**
   * Object ID of this graph object.
   */
  id: string;
  /**
   * A path through the graph between two graph objects.
   */
  paths: GraphConnection[][];
  type: GraphType;
  /**
   * The external resource ID that is being synced. Only present when syncStatus query parameter is true.
   */
  externalId?: string;
  syncStatus?: SyncStatus;
}
/**
 * Sync status information for this object. Only present when syncStatus query parameter is true.
 */
export interface SyncStatus {
  /**
   * The last time the object was synced.
   */
  syncedAt?: string;
  /**
   * Status code of the sync operation.
   */
  code?: number;
  /**
   * Status message of the sync operation.
   */
  message?: string;
  /**
   * Additional details about the sync status.
   */
  details?: {
    [k: string]: unknown;
  }[];
}
export interface GraphOperation {
  /**
   * The ObjectID of graph object being added or removed as an association.
   */
  id: string;
  /**
   * How to modify the graph connection.
   */
  op: 'add' | 'remove' | 'update';
}
export interface MemberQueryExemption {
  /**
   * The ObjectID of the exempted graph object.
   */
  id: string;
  /**
   * The organization that owns the exempted object, when known.
   */
  organizationId?: string;
  /**
   * The type of graph object.
   */
  type: string;
}
export interface Mfa {
  configured?: boolean;
  exclusion?: boolean;
  exclusionUntil?: string;
  exclusionDays?: number;
}
export interface MfaEnrollment {
  totpStatus?: MfaEnrollmentStatus;
  webAuthnStatus?: MfaEnrollmentStatus;
  pushStatus?: MfaEnrollmentStatus;
  smsStatus?: MfaEnrollmentStatus;
  overallStatus?: MfaEnrollmentStatus;
  jcGoStatus?: MfaEnrollmentStatus;
}
export interface Organization {
  _id?: string;
  created?: string;
  customEmailSettings?: CustomEmailSettings;
  displayName?: string;
  entitlement?: OrganizationEntitlement;
  hasStripeCustomerId?: boolean;
  hasCreditCard?: boolean;
  lastEstimateCalculationTimeStamp?: string;
  lastSfdcSyncStatus?: {
    [k: string]: unknown;
  };
  accountsReceivable?: string;
  accessRestriction?: string;
  /**
   * Salesforce Account Type (`Account_Type__c`) written back to the org via BSS sync. Returned only when requested via the `fields` query parameter.
   */
  accountType?:
    | 'Alliance'
    | 'Distributor'
    | 'MSP'
    | 'VAR'
    | 'Direct'
    | 'Indirect'
    | 'Tenant'
    | 'Deleted Organization'
    | 'Partner'
    | 'Customer'
    | 'Prospective Customer'
    | 'Prospective Partner';
  logoUrl?: string | null;
  provider?: string | null;
  settings?: OrganizationSettings;
  totalBillingEstimate?: number;
}
export interface OrganizationEntitlement {
  billingModel?: string;
  capUserQuantity?: boolean;
  maxUserQuantity?: number;
  purchaseChannel?: string;
  entitlementProducts?: {
    committedUsers?: number;
    contractType?: string;
    maxUserCount?: number;
    name?: string;
    pricePerUser?: number;
    productCategory?: string;
    productCode?: string;
    uncommittedUsers?: number;
  }[];
  isManuallyBilled?: boolean;
  pricePerUserSum?: number;
}
export interface OrganizationSettings {
  agentVersion?: string;
  betaFeatures?: {
    [k: string]: unknown;
  };
  chromeDTCEnabled?: boolean;
  contactEmail?: string;
  contactName?: string;
  disableCommandRunner?: boolean;
  disableLdap?: boolean;
  disableUM?: boolean;
  duplicateLDAPGroups?: boolean;
  emailDisclaimer?: string;
  enableGoogleApps?: boolean;
  enableManagedUID?: boolean;
  enableO365?: boolean;
  enableUserPortalAgentInstall?: boolean;
  features?: {
    directoryInsightsPremium?: {
      enabled?: boolean;
      createdAt?: string;
      updatedAt?: string;
    };
    systemInsights?: {
      enableNewDarwin?: boolean;
      enableNewLinux?: boolean;
      enableNewWindows?: boolean;
      enabled?: boolean;
      createdAt?: string;
      updatedAt?: string;
    };
    directoryInsights?: {
      enabled?: boolean;
    };
  };
  /**
   * Object containing Optimizely experimentIds and states corresponding to them
   */
  growthData?: {
    [k: string]: unknown;
  };
  logo?: string;
  name?: string;
  newSystemUserStateDefaults?: {
    /**
     * The default user state for a user created using the
     * [Bulk Users Create](https://docs.jumpcloud.com/api/2.0/index.html#operation/bulk_usersCreate)
     * endpoint. See endpoint documentation for more details.
     */
    applicationImport?: 'ACTIVATED' | 'STAGED';
    /**
     * The default user state for a user created using the
     * [Bulk Users Create](https://docs.jumpcloud.com/api/2.0/index.html#operation/bulk_usersCreate)
     * endpoint. See endpoint documentation for more details.
     */
    csvImport?: 'ACTIVATED' | 'STAGED';
    /**
     * The default state for a user that is created using the
     * [Create a system user](https://docs.jumpcloud.com/api/1.0/index.html#operation/systemusers_post)
     * endpoint. See endpoint documentation for more details.
     */
    manualEntry?: 'ACTIVATED' | 'STAGED';
  };
  passwordCompliance?: 'custom' | 'pci3' | 'windows';
  passwordPolicy?: {
    allowUnenrolledMFAPasswordReset?: boolean;
    allowUsernameSubstring?: boolean;
    /**
     * Deprecated field used for the legacy grace period feature.
     */
    daysAfterExpirationToSelfRecover?: number;
    daysBeforeExpirationToForceReset?: number;
    disallowCommonlyUsedPasswords?: boolean;
    disallowSequentialOrRepetitiveChars?: boolean;
    displayComplexityOnResetScreen?: boolean;
    effectiveDate?: string;
    enableDaysAfterExpirationToSelfRecover?: boolean;
    enableDaysBeforeExpirationToForceReset?: boolean;
    enableLockoutTimeInSeconds?: boolean;
    enableMaxHistory?: boolean;
    enableMaxLoginAttempts?: boolean;
    enableMinChangePeriodInDays?: boolean;
    enableMinLength?: boolean;
    enablePasswordExpirationInDays?: boolean;
    gracePeriodDate?: string;
    lockoutTimeInSeconds?: number;
    maxHistory?: number;
    maxLoginAttempts?: number;
    minChangePeriodInDays?: number;
    minLength?: number;
    needsLowercase?: boolean;
    needsNumeric?: boolean;
    needsSymbolic?: boolean;
    needsUppercase?: boolean;
    passwordExpirationInDays?: number;
    enableResetLockoutCounter?: boolean;
    resetLockoutCounterMinutes?: number;
    enableRecoveryEmail?: boolean;
  };
  pendingDelete?: boolean;
  requireAdminMFA?: boolean;
  showIntro?: boolean;
  systemUserDefaults?: {
    restrictedFields?: RestrictedField[];
  };
  systemUserPasswordExpirationInDays?: number;
  systemUsersCanEdit?: boolean;
  disableGoogleLogin?: boolean;
  userPortal?: {
    idleSessionDurationMinutes?: number;
    cookieExpirationType?: 'session' | 'date';
  };
  deviceIdentificationEnabled?: boolean;
  trustedAppConfig?: TrustedAppConfigGet;
  maxSystemUsers?: number;
  windowsMDM?: {
    /**
     * Indicates if the Windows MDM is active.
     */
    enabled?: boolean;
    /**
     * Indicates if MDM Auto Enroll is active.
     */
    autoEnroll?: boolean;
  };
}
export interface RestrictedField {
  field?:
    | 'addresses'
    | 'company'
    | 'costCenter'
    | 'department'
    | 'description'
    | 'displayname'
    | 'email'
    | 'employeeIdentifier'
    | 'employeeType'
    | 'firstname'
    | 'jobTitle'
    | 'lastname'
    | 'location'
    | 'middlename'
    | 'password'
    | 'phoneNumbers'
    | 'sudo'
    | 'username';
  type?: 'active_directory' | 'federated_identity_provider' | 'scim';
  id?: string;
}
/**
 * Object containing information about the list of trusted applications for the organization
 */
export interface TrustedAppConfigGet {
  /**
   * Checksum to validate the trustedApp configuration for the organization
   */
  checksum: string;
  /**
   * List of authorized apps for the organization
   *
   * @minItems 1
   *
   * Items: Represents an application that is going to be trusted by the organization
   */
  trustedApps: [
    {
      /**
       * Name of the trusted application
       */
      name: string;
      /**
       * Absolute path for the app's location in user's device
       */
      path?: string;
      /**
       * App's Team ID
       */
      teamid?: string;
    },
    ...{
      /**
       * Name of the trusted application
       */
      name: string;
      /**
       * Absolute path for the app's location in user's device
       */
      path?: string;
      /**
       * App's Team ID
       */
      teamid?: string;
    }[],
  ];
}
export interface OrganizationListEntry {
  /**
   * The ID of the organization.
   */
  _id?: string;
  /**
   * The name of the organization.
   */
  displayName?: string;
  /**
   * The organization logo image URL.
   */
  logoUrl?: string | null;
}
export interface OrganizationsList {
  /**
   * The list of organizations.
   */
  results?: OrganizationListEntry[];
  /**
   * The total number of organizations.
   */
  totalCount?: number;
}
/**
 * Contains OS properties to restrict the application of policies to devices based on the device's OS
 */
export interface OsRestriction {
  /**
   * The name of the OS in which this restriction applies
   */
  osName?: string;
  /**
   * The earliest version of the OS in which the policy can be applied
   */
  earliestVersion?: string;
  /**
   * Boolean representing if the policy requires the device to be MDM enrolled
   */
  isMdmRequired?: boolean;
  /**
   * The version of the OS in which the policy was deprecated
   */
  deprecatedVersion?: string;
  /**
   * This field is deprecated and will be ignored. Use appleRestrictions.supportedEnrollmentTypes instead
   */
  supportedEnrollmentTypes?: ('automated' | 'device' | 'user')[];
  /**
   * The Apple specific restricitons for this policy, if there are any
   */
  appleRestrictions?: {
    /**
     * Boolean representing if the policy requires the Apple devices to be MDM supervised
     */
    requiresSupervision?: boolean;
    /**
     * The supported Apple enrollment types for this policy
     */
    supportedEnrollmentTypes?: ('automated' | 'device' | 'user')[];
  };
}
/**
 * An instance of a policy template.
 */
export interface Policy {
  /**
   * ObjectId uniquely identifying a Policy.
   */
  id?: string;
  /**
   * The description for this specific Policy.
   */
  name?: string;
  template?: PolicyTemplate;
}
/**
 * The shallow information about a Policy Template.
 */
export interface PolicyTemplate {
  /**
   * Requirements before the policy can be activated.
   */
  activation?: string;
  /**
   * Specifics about the behavior of the policy.
   */
  behavior?: string;
  /**
   * The supported delivery mechanisms for this policy template.
   */
  deliveryTypes?: ('agent' | 'mdm')[];
  /**
   * The default description for the Policy.
   */
  description?: string;
  /**
   * The default display name for the Policy.
   */
  displayName?: string;
  /**
   * ObjectId uniquely identifying a Policy Template.
   */
  id?: string;
  /**
   * The unique name for the Policy Template.
   */
  name?: string;
  osMetaFamily?: 'linux' | 'darwin' | 'windows' | 'ios' | 'universal' | 'android';
  /**
   * String describing the release status of the policy template.
   */
  state?: string;
  /**
   * Text to describe any risk associated with this policy.
   */
  alert?: string | null;
  /**
   * URL to visit for further information.
   */
  reference?: string | null;
  osRestrictions?: OsRestriction[];
}
export interface PolicyResult {
  /**
   * Details pertaining to the policy result.
   */
  detail?: string;
  /**
   * The end of the policy application.
   */
  endedAt?: string;
  /**
   * The 32-bit unsigned exit status from the applying the policy.
   */
  exitStatus?: number;
  /**
   * ObjectId uniquely identifying a Policy Result.
   */
  id?: string;
  /**
   * ObjectId uniquely identifying the parent Policy.
   */
  policyID?: string;
  /**
   * The start of the policy application.
   */
  startedAt?: string;
  /**
   * Enumeration describing the state of the policy. Success, failed, or pending.
   */
  state?: string;
  /**
   * The STDERR output from applying the policy.
   */
  stdErr?: string;
  /**
   * The STDOUT output from applying the policy.
   */
  stdOut?: string;
  /**
   * True if the policy was successfully applied; false otherwise.
   */
  success?: boolean;
  /**
   * ObjectId uniquely identifying the parent System.
   */
  systemID?: string;
  /**
   * ObjectId uniquely identifying the parent User.
   */
  userObjectId?: string;
}
export interface SshKeyList {
  /**
   * The ID of the SSH key.
   */
  _id?: string;
  /**
   * The date the SSH key was created.
   */
  create_date?: string;
  /**
   * The name of the SSH key.
   */
  name?: string;
  /**
   * The Public SSH key.
   */
  public_key?: string;
}
export interface SshKeyPost {
  /**
   * The name of the SSH key.
   */
  name: string;
  /**
   * The Public SSH key.
   */
  public_key: string;
}
export interface SuggestionCounts {
  add?: number;
  remove?: number;
  total?: number;
}
export interface System {
  _id?: string;
  active?: boolean;
  agentHasFullDiskAccess?: boolean;
  agentVersion?: string;
  allowMultiFactorAuthentication?: boolean;
  allowPublicKeyAuthentication?: boolean;
  allowSshPasswordAuthentication?: boolean;
  allowSshRootLogin?: boolean;
  amazonInstanceID?: string;
  arch?: string;
  archFamily?: string;
  attributes?: Attribute[];
  connectionHistory?: {
    [k: string]: unknown;
  }[];
  created?: string;
  description?: string;
  desktopCapable?: boolean;
  displayName?: string;
  fde?: Fde;
  fileSystem?: string | null;
  hasServiceAccount?: boolean;
  hostname?: string;
  hwVendor?: string;
  isPolicyBound?: boolean;
  lastContact?: string | null;
  modifySSHDConfig?: boolean;
  networkInterfaces?: {
    address?: string;
    family?: 'IPv4' | 'IPv6';
    internal?: boolean;
    name?: string;
  }[];
  organization?: string;
  os?: string;
  osVersionDetail?: {
    osName?: string;
    releaseName?: string;
    major?: string;
    minor?: string;
    patch?: string;
    majorNumber?: number;
    minorNumber?: number;
    patchNumber?: number;
    revision?: string;
    distributionName?: string;
    version?: string;
  };
  policyStats?: {
    duplicate?: number;
    failed?: number;
    pending?: number;
    success?: number;
    total?: number;
    unsupportedOs?: number;
  };
  provisionMetadata?: {
    provisioner?: {
      type?: 'administrator' | 'mdm' | 'user';
      provisionerId?: string;
    };
  };
  primarySystemUser?: {
    id?: string | null;
  };
  remoteIP?: string;
  serialNumber?: string;
  sshRootEnabled?: boolean;
  sshdParams?: {
    name?: string;
    value?: string;
  }[];
  systemInsights?: {
    state?: 'enabled' | 'disabled' | 'deferred';
  };
  systemTimezone?: number;
  tags?: string[];
  templateName?: string;
  version?: string;
  mdm?: {
    vendor?: 'unknown' | 'none' | 'internal' | 'external';
    internal?: {
      deviceId?: string;
      windowsDeviceId?: string;
    };
    profileIdentifier?: string;
    dep?: boolean;
    userApproved?: boolean;
    enrollmentType?: 'unknown' | 'automated device' | 'device' | 'user';
    providerId?: string;
    windows?: {
      upn?: string;
    };
    lostModeStatus?: string;
  };
  builtInCommands?: {
    type?: 'security';
    name?: 'erase' | 'lock' | 'restart' | 'shutdown';
  }[];
  osFamily?: string;
  domainInfo?: {
    partOfDomain?: boolean;
    domainName?: string;
  };
  userMetrics?: {
    userName?: string;
    admin?: boolean;
    managed?: boolean;
    suspended?: boolean;
    secureTokenEnabled?: boolean;
  }[];
  serviceAccountState?: {
    hasSecureToken?: boolean;
    passwordODValid?: boolean;
    passwordAPFSValid?: boolean;
  };
  azureAdJoined?: boolean;
  displayManager?: string;
  secureLogin?: {
    supported?: boolean;
    enabled?: boolean;
  };
  remoteAssistAgentVersion?: string;
}
export interface SystemGroup {
  attributes?: GraphAttributes;
  /**
   * Description of a System Group
   */
  description?: string;
  /**
   * E-mail address associated with a System Group
   */
  email?: string;
  /**
   * ObjectId uniquely identifying a System Group.
   */
  id?: string;
  memberQuery?: MemberQuery;
  memberQueryErrorFlags?: MemberQueryErrorFlags;
  /**
   * Array of GraphObjects exempted from the query
   */
  memberQueryExemptions?: MemberQueryExemption[];
  membershipMethod?: GroupMembershipMethodType;
  /**
   * True if notification emails are to be sent for membership suggestions.
   */
  memberSuggestionsNotify?: boolean;
  /**
   * Display name of a System Group.
   */
  name?: string;
  /**
   * id of the organization owning this group
   */
  organizationObjectId?: string | null;
  /**
   * The type of the group; always 'system' for a System Group.
   */
  type?: 'system_group';
}
export interface SystemInsightsApps {
  applescript_enabled?: string | null;
  bundle_executable?: string | null;
  bundle_identifier?: string | null;
  bundle_name?: string | null;
  bundle_package_type?: string | null;
  bundle_short_version?: string | null;
  bundle_version?: string | null;
  category?: string | null;
  collection_time?: string;
  compiler?: string | null;
  copyright?: string | null;
  development_region?: string | null;
  display_name?: string | null;
  element?: string | null;
  environment?: string | null;
  info_string?: string | null;
  last_opened_time?: number | null;
  minimum_system_version?: string | null;
  name?: string | null;
  path?: string | null;
  system_id?: string;
}
export interface SystemInsightsPrograms {
  collection_time?: string;
  identifying_number?: string | null;
  install_date?: string | null;
  install_location?: string | null;
  install_source?: string | null;
  language?: string | null;
  name?: string | null;
  publisher?: string | null;
  system_id?: string;
  uninstall_string?: string | null;
  version?: string | null;
}
export interface SystemsList {
  /**
   * The list of systems.
   */
  results?: System[];
  /**
   * The total number of systems.
   */
  totalCount?: number;
}
export interface SystemUserPut {
  account_locked?: boolean;
  /**
   * type, poBox, extendedAddress, streetAddress, locality, region, postalCode, country
   */
  addresses?: {
    country?: string;
    extendedAddress?: string;
    locality?: string;
    poBox?: string;
    postalCode?: string;
    region?: string;
    streetAddress?: string;
    type?: string;
  }[];
  allow_public_key?: boolean;
  alternateEmail?: string;
  attributes?: {
    name?: string;
    value?: string;
  }[];
  company?: string;
  costCenter?: string;
  department?: string;
  description?: string;
  disableDeviceMaxLoginAttempts?: boolean;
  displayname?: string;
  email?: string;
  /**
   * Must be unique per user.
   */
  employeeIdentifier?: string;
  employeeType?: string;
  enable_managed_uid?: boolean;
  enable_user_portal_multifactor?: boolean;
  external_dn?: string;
  external_password_expiration_date?: string;
  external_source_type?: string;
  externally_managed?: ExternallyManagedPropertyInfo;
  firstname?: string;
  jobTitle?: string;
  lastname?: string;
  ldap_binding_user?: boolean;
  location?: string;
  /**
   * Relation with another systemuser to identify the last as a manager.
   */
  manager?: string;
  mfa?: Mfa;
  middlename?: string;
  password?: string;
  password_never_expires?: boolean;
  phoneNumbers?: {
    number?: string;
    type?: string;
  }[];
  public_key?: string;
  relationships?: {
    type?: string;
    value?: string;
  }[];
  samba_service_user?: boolean;
  ssh_keys?: SshKeyPost[];
  state?: 'ACTIVATED' | 'SUSPENDED';
  sudo?: boolean;
  suspended?: boolean;
  tags?: string[];
  unix_guid?: number;
  unix_uid?: number;
  username?: string;
  managedAppleId?: string;
  /**
   * Used by auth to determine password delegation authority
   */
  delegatedAuthority?: {
    /**
     * Authority name
     */
    name?: 'ActiveDirectory';
    /**
     * ObjectId of the target Active Directory connection
     */
    id?: string;
  } | null;
  restrictedFields?: RestrictedField[];
}
export interface SystemUserPutPost {
  account_locked?: boolean;
  activated?: boolean;
  addresses?: {
    country?: string;
    extendedAddress?: string;
    locality?: string;
    poBox?: string;
    postalCode?: string;
    region?: string;
    streetAddress?: string;
    type?: string;
  }[];
  allow_public_key?: boolean;
  alternateEmail?: string;
  attributes?: {
    name?: string;
    value?: string;
  }[];
  company?: string;
  costCenter?: string;
  department?: string;
  description?: string;
  disableDeviceMaxLoginAttempts?: boolean;
  displayname?: string;
  email: string;
  /**
   * Must be unique per user.
   */
  employeeIdentifier?: string;
  employeeType?: string;
  enable_managed_uid?: boolean;
  enable_user_portal_multifactor?: boolean;
  external_dn?: string;
  external_password_expiration_date?: string;
  external_source_type?: string;
  externally_managed?: ExternallyManagedPropertyInfo;
  firstname?: string;
  jobTitle?: string;
  lastname?: string;
  ldap_binding_user?: boolean;
  location?: string;
  /**
   * Relation with another systemuser to identify the last as a manager.
   */
  manager?: string;
  mfa?: Mfa;
  middlename?: string;
  password?: string;
  password_never_expires?: boolean;
  passwordless_sudo?: boolean;
  phoneNumbers?: {
    number?: string;
    type?: string;
  }[];
  public_key?: string;
  recoveryEmail?: {
    address?: string;
  };
  relationships?: {
    type?: string;
    value?: string;
  }[];
  samba_service_user?: boolean;
  state?: 'STAGED' | 'ACTIVATED' | 'SUSPENDED';
  sudo?: boolean;
  suspended?: boolean;
  tags?: string[];
  unix_guid?: number;
  unix_uid?: number;
  username: string;
  managedAppleId?: string;
  /**
   * Used by auth to determine password delegation authority
   */
  delegatedAuthority?: {
    /**
     * Authority name
     */
    name?: 'ActiveDirectory';
    /**
     * ObjectId of the target Active Directory connection
     */
    id?: string;
  } | null;
  restrictedFields?: RestrictedField[];
}
export interface SystemUserReturn {
  _id?: string;
  account_locked?: boolean;
  account_locked_date?: string | null;
  activated?: boolean;
  admin?: {
    id?: string;
    roleName?: string;
    roleNames?: string[];
  } | null;
  addresses?: {
    country?: string;
    extendedAddress?: string;
    id?: string;
    locality?: string;
    poBox?: string;
    postalCode?: string;
    region?: string;
    streetAddress?: string;
    type?: string;
  }[];
  allow_public_key?: boolean;
  alternateEmail?: string;
  attributes?: Attribute[];
  badLoginAttempts?: number;
  company?: string;
  costCenter?: string;
  created?: string;
  department?: string;
  description?: string;
  disableDeviceMaxLoginAttempts?: boolean;
  displayname?: string;
  email?: string;
  /**
   * Must be unique per user.
   */
  employeeIdentifier?: string;
  employeeType?: string;
  enable_managed_uid?: boolean;
  enable_user_portal_multifactor?: boolean;
  external_dn?: string;
  external_password_expiration_date?: string;
  external_source_type?: string;
  externally_managed?: ExternallyManagedPropertyInfo;
  firstname?: string;
  jobTitle?: string;
  lastname?: string;
  ldap_binding_user?: boolean;
  location?: string;
  /**
   * Relation with another systemuser to identify the last as a manager.
   */
  manager?: string;
  mfa?: Mfa;
  mfaEnrollment?: MfaEnrollment;
  middlename?: string;
  organization?: string;
  password_date?: string | null;
  password_expiration_date?: string | null;
  password_expired?: boolean;
  password_never_expires?: boolean;
  passwordless_sudo?: boolean;
  phoneNumbers?: {
    id?: string;
    number?: string;
    type?: string;
  }[];
  public_key?: string;
  recoveryEmail?: {
    address?: string;
    verified?: boolean;
    verifiedAt?: string;
  };
  relationships?: {
    type?: string;
    value?: string;
  }[];
  samba_service_user?: boolean;
  ssh_keys?: SshKeyList[];
  state?: 'STAGED' | 'ACTIVATED' | 'SUSPENDED';
  sudo?: boolean;
  suspended?: boolean;
  tags?: string[];
  totp_enabled?: boolean;
  unix_guid?: number;
  unix_uid?: number;
  username?: string;
  managedAppleId?: string;
  creationSource?: string;
  /**
   * Used by auth to determine password delegation authority
   */
  delegatedAuthority?: {
    /**
     * Authority name
     */
    name?: 'ActiveDirectory';
    /**
     * ObjectId of the target Active Directory connection
     */
    id?: string;
  } | null;
  restrictedFields?: RestrictedField[];
}
export interface SystemUsersList {
  /**
   * The list of system users.
   */
  results?: SystemUserReturn[];
  /**
   * The total number of system users.
   */
  totalCount?: number;
}
export interface UserGroup {
  attributes?: GroupAttributesUserGroup;
  /**
   * Email address of a User Group
   */
  email?: string;
  /**
   * Description of a User Group
   */
  description?: string;
  /**
   * ObjectId uniquely identifying a User Group.
   */
  id?: string;
  memberQuery?: MemberQuery;
  /**
   * Array of GraphObjects exempted from the query
   */
  memberQueryExemptions?: MemberQueryExemption[];
  /**
   * True if notification emails are to be sent for membership suggestions.
   */
  memberSuggestionsNotify?: boolean;
  memberQueryErrorFlags?: MemberQueryErrorFlags;
  membershipMethod?: GroupMembershipMethodType;
  /**
   * Display name of a User Group.
   */
  name?: string;
  /**
   * id of the organization owning this group
   */
  organizationObjectId?: string | null;
  suggestionCounts?: SuggestionCounts;
  /**
   * The type of the group.
   */
  type?: 'user_group';
}
export interface UserGroupPost {
  attributes?: GroupAttributesUserGroup;
  /**
   * Email address of a User Group
   */
  email?: string;
  /**
   * Description of a User Group
   */
  description?: string;
  memberQuery?: MemberQuery;
  /**
   * Array of GraphObjects exempted from the query
   */
  memberQueryExemptions?: MemberQueryExemption[];
  /**
   * True if notification emails are to be sent for membership suggestions.
   */
  memberSuggestionsNotify?: boolean;
  membershipMethod?: GroupMembershipMethodType;
  /**
   * Display name of a User Group.
   */
  name: string;
}
export interface V1Error {
  /**
   * HTTP status code
   */
  code?: number;
  /**
   * Error message
   */
  message?: string;
  /**
   * HTTP status description
   */
  status?: string;
}
export interface V2Error {
  /**
   * HTTP status code
   */
  code?: number;
  /**
   * Error message
   */
  message?: string;
  /**
   * Stable machine-readable error code for validation and domain errors,
   * in lowerCamelCase when the error targets a JSON field (for example
   * `nullName`, `invalidName`, `invalidOwnerId`). Omitted on generic
   * errors such as `not found`.
   *
   */
  status?: string;
}
