import { CustomResource, IResource, ITaggable, Lazy, RemovalPolicy, Resource, Stack, TagManager, TagType } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { definedOnly, enabledOrDisabled, renderTags, workspacesArn, workspacesMetric } from './common';
import { WorkspacesDefaultRole } from './default-role';
import { DeviceAccess, Tenancy } from './enums';
import { IIpGroup } from './ip-group';
import { checkPattern, checkRemovalPolicy, checkSubnets, IdPatterns, validateCount, validateTags } from './validation';
import { DirectoryAttributes, DirectoryResourceProperties, ResourceTypes } from '../custom-resources/contract';
import { WorkspacesProvider } from '../custom-resources/provider';

/** IP access control groups one directory can have (service quota). */
const MAX_IP_GROUPS = 25;

/** A Directory Service directory registered with Amazon WorkSpaces. */
export interface IWorkspacesDirectory extends IResource {
  /**
   * The directory id (`d-…`).
   *
   * @attribute
   */
  readonly directoryId: string;

  /**
   * The ARN of the directory's WorkSpaces registration.
   *
   * @attribute
   */
  readonly directoryArn: string;

  /**
   * A metric of the directory's WorkSpaces (namespace `AWS/WorkSpaces`, dimension `DirectoryId`).
   *
   * Average over 5 minutes unless `props` says otherwise.
   *
   * @param metricName for example `Available`, `Unhealthy`, `ConnectionFailure`, `SessionLaunchTime`
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * WorkSpaces of the directory that passed their health check (average over 5 minutes
   * unless `props` says otherwise).
   */
  metricAvailable(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * WorkSpaces of the directory that failed their health check (average over 5 minutes
   * unless `props` says otherwise).
   */
  metricUnhealthy(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Time to start a session, in seconds (average over 5 minutes
   * unless `props` says otherwise).
   */
  metricSessionLaunchTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Round-trip time between client and WorkSpace, in milliseconds (average over 5 minutes
   * unless `props` says otherwise).
   */
  metricInSessionLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * An EventBridge rule for sign-ins to the directory's WorkSpaces (source `aws.workspaces`,
   * detail-type `WorkSpaces Access`), with `options.target` as its target.
   */
  onSignIn(id: string, options?: events.OnEventOptions): events.Rule;
}

/** Attributes of an existing directory registration. */
export interface WorkspacesDirectoryAttributes {
  /** The directory id (`d-…`, or `wsd-…` for WorkSpaces-managed directories). */
  readonly directoryId: string;
}

/** Metrics and events of a registered directory, imported or not. */
export abstract class WorkspacesDirectoryBase extends Resource implements IWorkspacesDirectory {
  public abstract readonly directoryId: string;
  public abstract readonly directoryArn: string;

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return workspacesMetric(this, { DirectoryId: this.directoryId }, metricName, props);
  }

  public metricAvailable(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Available', props);
  }

  public metricUnhealthy(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Unhealthy', props);
  }

  public metricSessionLaunchTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SessionLaunchTime', props);
  }

  public metricInSessionLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('InSessionLatency', props);
  }

  public onSignIn(id: string, options: events.OnEventOptions = {}): events.Rule {
    const rule = new events.Rule(this, id, options);
    rule.addEventPattern({
      source: ['aws.workspaces'],
      detailType: ['WorkSpaces Access'],
      detail: { directoryId: [this.directoryId] },
    });
    rule.addTarget(options.target);
    return rule;
  }
}

/** What users may do to their own WorkSpaces from the client. Unset permissions keep the service's setting. */
export interface SelfServicePermissions {
  /**
   * Users may restart their WorkSpace.
   *
   * @default - not sent: the service's setting applies
   */
  readonly restartWorkspace?: boolean;

  /**
   * Users may increase their volume sizes.
   *
   * @default - not sent: the service's setting applies
   */
  readonly increaseVolumeSize?: boolean;

  /**
   * Users may change their compute type.
   *
   * @default - not sent: the service's setting applies
   */
  readonly changeComputeType?: boolean;

  /**
   * Users may switch between AUTO_STOP and ALWAYS_ON.
   *
   * @default - not sent: the service's setting applies
   */
  readonly switchRunningMode?: boolean;

  /**
   * Users may rebuild their WorkSpace to its original state.
   *
   * @default - not sent: the service's setting applies
   */
  readonly rebuildWorkspace?: boolean;
}

/** Which client device types may connect. Unset device types keep the service's setting. */
export interface DeviceAccessProperties {
  /**
   * Windows clients.
   *
   * @default - not sent: the service's setting applies
   */
  readonly windows?: DeviceAccess;

  /**
   * macOS clients.
   *
   * @default - not sent: the service's setting applies
   */
  readonly macOs?: DeviceAccess;

  /**
   * Web browsers.
   *
   * @default - not sent: the service's setting applies
   */
  readonly web?: DeviceAccess;

  /**
   * iOS clients.
   *
   * @default - not sent: the service's setting applies
   */
  readonly ios?: DeviceAccess;

  /**
   * Android clients (and Android-compatible Chrome OS devices).
   *
   * @default - not sent: the service's setting applies
   */
  readonly android?: DeviceAccess;

  /**
   * Chromebooks.
   *
   * @default - not sent: the service's setting applies
   */
  readonly chromeOs?: DeviceAccess;

  /**
   * PCoIP zero clients.
   *
   * @default - not sent: the service's setting applies
   */
  readonly zeroClient?: DeviceAccess;

  /**
   * Linux clients.
   *
   * @default - not sent: the service's setting applies
   */
  readonly linux?: DeviceAccess;

  /**
   * Amazon WorkSpaces Thin Client devices.
   *
   * @default - not sent: the service's setting applies
   */
  readonly thinClient?: DeviceAccess;
}

/** Defaults applied to WorkSpaces created in the directory from now on. Unset properties keep the service's setting. */
export interface WorkspaceCreationProperties {
  /**
   * New WorkSpaces get a public IP address (the subnets need a route to an internet gateway).
   *
   * @default - not sent: the service's setting applies
   */
  readonly enableInternetAccess?: boolean;

  /**
   * The organizational unit of new WorkSpaces' computer accounts, as an LDAP distinguished name
   * (`OU=WorkSpaces,DC=example,DC=com`). The service does not check that it exists.
   *
   * @default - not sent: the service's setting applies
   */
  readonly defaultOu?: string;

  /**
   * A security group added to new WorkSpaces.
   *
   * @default - not sent: the service's setting applies
   */
  readonly customSecurityGroup?: ec2.ISecurityGroup;

  /**
   * Users are local administrators of their WorkSpaces.
   *
   * @default - not sent: the service's setting applies
   */
  readonly userEnabledAsLocalAdministrator?: boolean;

  /**
   * WorkSpaces take part in the weekly maintenance window.
   *
   * @default - not sent: the service's setting applies
   */
  readonly enableMaintenanceMode?: boolean;

  /**
   * An IAM role for new WorkSpaces (the handler is granted `iam:PassRole` on it).
   *
   * @default - not sent: the service's setting applies
   */
  readonly instanceRole?: iam.IRole;
}

/** WorkSpaces client behaviour for the directory's users. Unset properties keep the service's setting. */
export interface ClientProperties {
  /**
   * The client may remember credentials, so users reconnect without signing in again.
   *
   * @default - not sent: the service's setting applies
   */
  readonly reconnectEnabled?: boolean;

  /**
   * The client may upload its diagnostic logs to the service.
   *
   * @default - not sent: the service's setting applies
   */
  readonly logUploadEnabled?: boolean;
}

/** Properties of a `WorkspacesDirectory`. */
export interface WorkspacesDirectoryProps {
  /**
   * The Directory Service directory to register (AWS Managed Microsoft AD, Simple AD or AD
   * Connector), `d-…`. It must be Active; registration waits while it is still being created.
   * Changing it is refused: define a new `WorkspacesDirectory` instead.
   */
  readonly directoryId: string;

  /**
   * Subnets for the WorkSpaces: none, or exactly 2 in different Availability Zones that
   * WorkSpaces supports. Changing them is refused.
   *
   * @default - the directory's own subnets
   */
  readonly subnets?: ec2.ISubnet[];

  /**
   * Dedicated or shared hardware (`DEDICATED` is needed for Bring Your Own License images).
   * Changing it is refused.
   *
   * @default - not sent: the service's default applies
   */
  readonly tenancy?: Tenancy;

  /**
   * Whether users may manage their own WorkSpaces from the client (see `selfServicePermissions`).
   *
   * @default - not sent: the service's default applies
   */
  readonly enableSelfService?: boolean;

  /**
   * What users may do to their own WorkSpaces.
   *
   * @default - the service's defaults
   */
  readonly selfServicePermissions?: SelfServicePermissions;

  /**
   * Which client device types may connect.
   *
   * @default - the service's defaults
   */
  readonly accessProperties?: DeviceAccessProperties;

  /**
   * Defaults for WorkSpaces created in the directory.
   *
   * @default - the service's defaults
   */
  readonly creationProperties?: WorkspaceCreationProperties;

  /**
   * WorkSpaces client behaviour.
   *
   * @default - the service's defaults
   */
  readonly clientProperties?: ClientProperties;

  /**
   * IP access control groups: only clients matching a rule of one of them can connect
   * (at most 25, with those added by `addIpGroup`).
   *
   * @default - no groups: clients from any address can connect
   */
  readonly ipGroups?: IIpGroup[];

  /**
   * The account's `workspaces_DefaultRole`, which registration needs. When given, registration
   * waits for it (pass a `WorkspacesDefaultRole` defined in this app).
   *
   * @default - the role is expected to exist already
   */
  readonly defaultRole?: iam.IRole;

  /**
   * What happens to the registration when it leaves the stack. `DESTROY` deregisters the
   * directory (the Directory Service directory itself is never deleted); `RETAIN` leaves it
   * registered.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Registers an existing Directory Service directory with Amazon WorkSpaces
 * (`Custom::WorkSpacesDirectory`), something CloudFormation cannot do, and manages its
 * self-service permissions, device access, creation defaults, client properties, IP groups and
 * tags in place.
 *
 * @example
 * declare const officeIpGroup: IIpGroup;
 * declare const topic: sns.ITopic;
 *
 * const directory = new WorkspacesDirectory(this, 'Directory', {
 *   directoryId: 'd-0123456789',
 *   defaultRole: new WorkspacesDefaultRole(this, 'DefaultRole'),
 *   accessProperties: { web: DeviceAccess.ALLOW, zeroClient: DeviceAccess.DENY },
 *   ipGroups: [officeIpGroup],
 * });
 * directory.onSignIn('SignIns', { target: new targets.SnsTopic(topic) });
 */
export class WorkspacesDirectory extends WorkspacesDirectoryBase implements ITaggable {
  /**
   * An existing registration, by directory id.
   *
   * @param directoryId `d-…` (or `wsd-…`)
   */
  public static fromDirectoryId(scope: Construct, id: string, directoryId: string): IWorkspacesDirectory {
    return WorkspacesDirectory.fromDirectoryAttributes(scope, id, { directoryId });
  }

  /** An existing registration. */
  public static fromDirectoryAttributes(scope: Construct, id: string, attrs: WorkspacesDirectoryAttributes): IWorkspacesDirectory {
    class Import extends WorkspacesDirectoryBase {
      public readonly directoryId = attrs.directoryId;
      public readonly directoryArn = workspacesArn(this, 'directory', attrs.directoryId);
    }
    const imported = new Import(scope, id);
    checkPattern(imported, 'directoryId', attrs.directoryId, IdPatterns.DIRECTORY);
    return imported;
  }

  public readonly directoryId: string;
  public readonly directoryArn: string;

  /**
   * The registration code users enter in the WorkSpaces client.
   *
   * @attribute
   */
  public readonly registrationCode: string;

  /**
   * The security group the service made for the directory's WorkSpaces.
   *
   * @attribute
   */
  public readonly workspaceSecurityGroupId: string;

  /** Tags of the registration (`Tags.of()` reaches them too). */
  public readonly tags: TagManager;

  private readonly ipGroups: IIpGroup[] = [];
  private readonly resource: CustomResource;

  /** Registers the directory; the stack's cdk-workspaces provider is created on first use. */
  constructor(scope: Construct, id: string, props: WorkspacesDirectoryProps) {
    super(scope, id);
    checkPattern(this, 'directoryId', props.directoryId, IdPatterns.DIRECTORY_SERVICE);
    if (props.subnets && props.subnets.length > 0) checkSubnets(this, props.subnets);
    checkRemovalPolicy(this, props.removalPolicy);

    this.tags = new TagManager(TagType.KEY_VALUE, ResourceTypes.DIRECTORY);
    validateTags(this, this.tags, true);
    validateCount(this, 'number of IP groups', () => this.ipGroups.length, MAX_IP_GROUPS);
    for (const group of props.ipGroups ?? []) this.addIpGroup(group);

    const provider = WorkspacesProvider.getOrCreate(this);
    grantDirectoryHandler(provider);
    props.creationProperties?.instanceRole?.grantPassRole(provider.grantPrincipal);

    const permissions = props.selfServicePermissions ?? {};
    const access = props.accessProperties ?? {};
    const creation = props.creationProperties ?? {};
    const client = props.clientProperties ?? {};
    const properties: Omit<DirectoryResourceProperties, 'Tags' | 'IpGroupIds'> = {
      DirectoryId: props.directoryId,
      SubnetIds: props.subnets && props.subnets.length > 0 ? props.subnets.map(s => s.subnetId) : undefined,
      Tenancy: props.tenancy,
      EnableSelfService: props.enableSelfService,
      SelfservicePermissions: definedOnly({
        RestartWorkspace: enabledOrDisabled(permissions.restartWorkspace),
        IncreaseVolumeSize: enabledOrDisabled(permissions.increaseVolumeSize),
        ChangeComputeType: enabledOrDisabled(permissions.changeComputeType),
        SwitchRunningMode: enabledOrDisabled(permissions.switchRunningMode),
        RebuildWorkspace: enabledOrDisabled(permissions.rebuildWorkspace),
      }),
      WorkspaceAccessProperties: definedOnly({
        DeviceTypeWindows: access.windows,
        DeviceTypeOsx: access.macOs,
        DeviceTypeWeb: access.web,
        DeviceTypeIos: access.ios,
        DeviceTypeAndroid: access.android,
        DeviceTypeChromeOs: access.chromeOs,
        DeviceTypeZeroClient: access.zeroClient,
        DeviceTypeLinux: access.linux,
        DeviceTypeWorkSpacesThinClient: access.thinClient,
      }),
      WorkspaceCreationProperties: definedOnly({
        EnableInternetAccess: creation.enableInternetAccess,
        DefaultOu: creation.defaultOu,
        CustomSecurityGroupId: creation.customSecurityGroup?.securityGroupId,
        UserEnabledAsLocalAdministrator: creation.userEnabledAsLocalAdministrator,
        EnableMaintenanceMode: creation.enableMaintenanceMode,
        InstanceIamRoleArn: creation.instanceRole?.roleArn,
      }),
      ClientProperties: definedOnly({
        ReconnectEnabled: enabledOrDisabled(client.reconnectEnabled),
        LogUploadEnabled: enabledOrDisabled(client.logUploadEnabled),
      }),
    };

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: ResourceTypes.DIRECTORY,
      properties: {
        ...properties,
        // Always sent: the registration is this stack's, so no groups means none associated
        // (removing the last group from the code disassociates it).
        IpGroupIds: Lazy.list({ produce: () => this.ipGroups.map(g => g.ipGroupId) }),
        Tags: renderTags(this.tags),
      },
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
    if (props.defaultRole) this.resource.node.addDependency(props.defaultRole);

    this.directoryId = this.resource.ref;
    this.directoryArn = workspacesArn(this, 'directory', this.directoryId);
    this.registrationCode = this.resource.getAttString(DirectoryAttributes.REGISTRATION_CODE);
    this.workspaceSecurityGroupId = this.resource.getAttString(DirectoryAttributes.WORKSPACE_SECURITY_GROUP_ID);
  }

  /** Associates an IP access control group (at most 25 per directory). */
  public addIpGroup(group: IIpGroup): void {
    if (!this.ipGroups.includes(group)) this.ipGroups.push(group);
  }

  /** Applies the removal policy to the registration (`DESTROY` deregisters, `RETAIN` keeps it registered). */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    checkRemovalPolicy(this, policy);
    this.resource.applyRemovalPolicy(policy);
  }
}

/**
 * What the handler does for `Custom::WorkSpacesDirectory`. Registration also makes the service
 * act on the caller's behalf in Directory Service (authorize the WorkSpaces application) and
 * EC2 (the WorkSpaces security group), and read `workspaces_DefaultRole`.
 */
function grantDirectoryHandler(provider: WorkspacesProvider): void {
  const directories = workspacesArn(provider, 'directory', '*');
  const stack = Stack.of(provider);
  provider.addToRolePolicy(new iam.PolicyStatement({
    actions: [
      'workspaces:DescribeWorkspaceDirectories',
      'workspaces:DescribeClientProperties',
      'workspaces:DescribeTags',
      'workspaces:DescribeWorkspaces',
    ],
    resources: ['*'],
  }));
  provider.addToRolePolicy(new iam.PolicyStatement({
    actions: [
      'workspaces:RegisterWorkspaceDirectory',
      'workspaces:DeregisterWorkspaceDirectory',
      'workspaces:ModifySelfservicePermissions',
      'workspaces:ModifyWorkspaceAccessProperties',
      'workspaces:ModifyWorkspaceCreationProperties',
      'workspaces:ModifyClientProperties',
      'workspaces:CreateTags',
      'workspaces:DeleteTags',
    ],
    resources: [directories],
  }));
  provider.addToRolePolicy(new iam.PolicyStatement({
    actions: ['workspaces:AssociateIpGroups', 'workspaces:DisassociateIpGroups'],
    resources: [directories, workspacesArn(provider, 'workspaceipgroup', '*')],
  }));
  provider.addToRolePolicy(new iam.PolicyStatement({
    actions: [
      'ds:DescribeDirectories',
      'ds:AuthorizeApplication',
      'ds:UnauthorizeApplication',
      'ec2:DescribeAvailabilityZones',
      'ec2:DescribeInternetGateways',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeRouteTables',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSubnets',
      'ec2:DescribeVpcs',
    ],
    resources: ['*'],
  }));
  provider.addToRolePolicy(new iam.PolicyStatement({
    actions: ['ec2:CreateSecurityGroup', 'ec2:CreateTags'],
    resources: [
      stack.formatArn({ service: 'ec2', resource: 'security-group', resourceName: '*' }),
      stack.formatArn({ service: 'ec2', resource: 'vpc', resourceName: '*' }),
    ],
  }));
  provider.addToRolePolicy(new iam.PolicyStatement({
    actions: ['iam:GetRole'],
    resources: [stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: WorkspacesDefaultRole.ROLE_NAME })],
  }));
}
