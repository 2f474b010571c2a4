// The contract between the constructs (which write custom resource properties) and the
// handlers in lambda/ (which read them). Plain data only: the handler bundle imports this file.
// Resource type names and property names are a contract with deployed stacks: never rename them.

/** CloudFormation resource types of the custom resources, dispatched on by the handler. */
export const ResourceTypes = {
  WORKSPACE: 'Custom::WorkSpacesWorkspace',
  DIRECTORY: 'Custom::WorkSpacesDirectory',
} as const;

/** Tag that marks a resource as made by one CloudFormation resource (`<StackId>|<LogicalId>`). */
export const OWNER_TAG_KEY = 'cdk-workspaces:owner';
/** Tag that names the CloudFormation request currently allowed to act on the resource. */
export const REQUEST_TAG_KEY = 'cdk-workspaces:request';
/** Tags under this prefix are the library's own; user tag diffs never touch them. */
export const INTERNAL_TAG_PREFIX = 'cdk-workspaces:';

export interface TagProperty {
  readonly Key: string;
  readonly Value: string;
}

/** `WorkspaceProperties` of the WorkSpaces API; only what the user set is present. */
export interface WorkspacePropertiesProperty {
  readonly RunningMode?: string;
  readonly RunningModeAutoStopTimeoutInMinutes?: number;
  readonly RootVolumeSizeGib?: number;
  readonly UserVolumeSizeGib?: number;
  readonly ComputeTypeName?: string;
  readonly Protocols?: string[];
}

/** Properties of `Custom::WorkSpacesWorkspace`, named as in the API's `WorkspaceRequest`. */
export interface WorkspaceResourceProperties {
  readonly DirectoryId: string;
  readonly UserName: string;
  readonly BundleId: string;
  readonly VolumeEncryptionKey?: string;
  readonly RootVolumeEncryptionEnabled?: boolean;
  readonly UserVolumeEncryptionEnabled?: boolean;
  readonly WorkspaceProperties?: WorkspacePropertiesProperty;
  readonly Tags?: TagProperty[];
  /** Target state: `AVAILABLE` (default) or `ADMIN_MAINTENANCE`. */
  readonly State?: string;
}

export interface SelfservicePermissionsProperty {
  readonly RestartWorkspace?: string;
  readonly IncreaseVolumeSize?: string;
  readonly ChangeComputeType?: string;
  readonly SwitchRunningMode?: string;
  readonly RebuildWorkspace?: string;
}

export interface WorkspaceAccessPropertiesProperty {
  readonly DeviceTypeWindows?: string;
  readonly DeviceTypeOsx?: string;
  readonly DeviceTypeWeb?: string;
  readonly DeviceTypeIos?: string;
  readonly DeviceTypeAndroid?: string;
  readonly DeviceTypeChromeOs?: string;
  readonly DeviceTypeZeroClient?: string;
  readonly DeviceTypeLinux?: string;
  readonly DeviceTypeWorkSpacesThinClient?: string;
}

export interface WorkspaceCreationPropertiesProperty {
  readonly EnableInternetAccess?: boolean;
  readonly DefaultOu?: string;
  readonly CustomSecurityGroupId?: string;
  readonly UserEnabledAsLocalAdministrator?: boolean;
  readonly EnableMaintenanceMode?: boolean;
  readonly InstanceIamRoleArn?: string;
}

export interface ClientPropertiesProperty {
  readonly ReconnectEnabled?: string;
  readonly LogUploadEnabled?: string;
}

/** Properties of `Custom::WorkSpacesDirectory` (registration of a Directory Service directory). */
export interface DirectoryResourceProperties {
  readonly DirectoryId: string;
  readonly SubnetIds?: string[];
  readonly Tenancy?: string;
  readonly EnableSelfService?: boolean;
  readonly SelfservicePermissions?: SelfservicePermissionsProperty;
  readonly WorkspaceAccessProperties?: WorkspaceAccessPropertiesProperty;
  readonly WorkspaceCreationProperties?: WorkspaceCreationPropertiesProperty;
  readonly ClientProperties?: ClientPropertiesProperty;
  readonly IpGroupIds?: string[];
  readonly Tags?: TagProperty[];
}

/** Attributes returned in `Data` (kept tiny: CloudFormation's response limit is 4 KiB). */
export const WorkspaceAttributes = {
  WORKSPACE_ID: 'WorkspaceId',
  STATE: 'State',
} as const;

export const DirectoryAttributes = {
  DIRECTORY_ID: 'DirectoryId',
  REGISTRATION_CODE: 'RegistrationCode',
  WORKSPACE_SECURITY_GROUP_ID: 'WorkspaceSecurityGroupId',
} as const;
