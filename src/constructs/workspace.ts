import { CustomResource, Duration, IResource, ITaggable, RemovalPolicy, Resource, TagManager, TagType } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { IBundle } from './bundle';
import { definedOnly, renderTags, workspacesArn, workspacesMetric } from './common';
import { IWorkspacesDirectory } from './directory';
import { ComputeType, Protocol, RunningMode, WorkspaceState } from './enums';
import {
  checkAutoStop, checkLength, checkPattern, checkRemovalPolicy, checkVolumes, IdPatterns, invalid, validateTags,
} from './validation';
import { ResourceTypes, WorkspaceResourceProperties } from '../custom-resources/contract';
import { WorkspacesProvider } from '../custom-resources/provider';

/** An Amazon WorkSpace: one user's cloud desktop. */
export interface IWorkspace extends IResource {
  /**
   * The WorkSpace id (`ws-…`).
   *
   * @attribute
   */
  readonly workspaceId: string;

  /**
   * The WorkSpace ARN.
   *
   * @attribute
   */
  readonly workspaceArn: string;

  /** Grants `actions` (for example `workspaces:RebootWorkspaces`) on this WorkSpace. */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;

  /** Grants rebooting this WorkSpace. */
  grantReboot(grantee: iam.IGrantable): iam.Grant;

  /** Grants rebuilding this WorkSpace (its root volume is recreated from the bundle image). */
  grantRebuild(grantee: iam.IGrantable): iam.Grant;

  /** Grants restoring this WorkSpace to its last snapshot. */
  grantRestore(grantee: iam.IGrantable): iam.Grant;

  /** Grants starting and stopping this WorkSpace. */
  grantStartStop(grantee: iam.IGrantable): iam.Grant;

  /**
   * A metric of this WorkSpace (namespace `AWS/WorkSpaces`, dimension `WorkspaceId`).
   *
   * Average over 5 minutes unless `props` says otherwise.
   *
   * @param metricName for example `Available`, `Unhealthy`, `ConnectionFailure`, `SessionLaunchTime`
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /** 1 while the WorkSpace passes its health check (average over 5 minutes unless `props` says otherwise). */
  metricAvailable(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /** 1 while the WorkSpace fails its health check (average over 5 minutes unless `props` says otherwise). */
  metricUnhealthy(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /** Time to start a session, in seconds (average over 5 minutes unless `props` says otherwise). */
  metricSessionLaunchTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /** Round-trip time between client and WorkSpace, in milliseconds (average over 5 minutes unless `props` says otherwise). */
  metricInSessionLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** Attributes of an existing WorkSpace. */
export interface WorkspaceAttributes {
  /** The WorkSpace id (`ws-…`). */
  readonly workspaceId: string;
}

/** Grants and metrics of a WorkSpace, imported or not. */
export abstract class WorkspaceBase extends Resource implements IWorkspace {
  public abstract readonly workspaceId: string;
  public abstract readonly workspaceArn: string;

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.workspaceArn] });
  }

  public grantReboot(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'workspaces:RebootWorkspaces');
  }

  public grantRebuild(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'workspaces:RebuildWorkspaces');
  }

  public grantRestore(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'workspaces:RestoreWorkspace');
  }

  public grantStartStop(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'workspaces:StartWorkspaces', 'workspaces:StopWorkspaces');
  }

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return workspacesMetric(this, { WorkspaceId: this.workspaceId }, metricName, props);
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
}

/** Properties of a `Workspace`. */
export interface WorkspaceProps {
  /** The registered directory the user belongs to. Changing it is refused (the user volume would be lost). */
  readonly directory: IWorkspacesDirectory;

  /**
   * The user's name in the directory (1 to 63 characters; not case-sensitive). Changing it is
   * refused (the user volume would be lost).
   */
  readonly userName: string;

  /** The bundle (image, compute, default volumes). Changing it migrates the WorkSpace: new id, user volume kept. */
  readonly bundle: IBundle;

  /**
   * Root volume size in GiB. With `userVolumeSizeGib`: 80/10, 80/50, 80/100, or 175-2000 root
   * with 100-2000 user; graphics compute types start at 100/100. Volumes can only grow.
   *
   * @default - the bundle's size
   */
  readonly rootVolumeSizeGib?: number;

  /**
   * User volume size in GiB (see `rootVolumeSizeGib` for the combinations). Volumes can only grow.
   *
   * @default - the bundle's size
   */
  readonly userVolumeSizeGib?: number;

  /**
   * The compute type.
   *
   * @default - the bundle's compute type
   */
  readonly computeType?: ComputeType;

  /**
   * The running mode.
   *
   * @default - not sent: the service's default on creation, unchanged afterwards
   */
  readonly runningMode?: RunningMode;

  /**
   * How long after the user disconnects an AUTO_STOP WorkSpace stops: whole hours only, and
   * only with `RunningMode.AUTO_STOP`.
   *
   * @default - not sent: the service's default (1 hour)
   */
  readonly autoStopTimeout?: Duration;

  /**
   * The streaming protocols.
   *
   * @default - the bundle's protocol
   */
  readonly protocols?: Protocol[];

  /**
   * A symmetric KMS key for volume encryption. The handler is granted `kms:CreateGrant` and
   * `kms:DescribeKey` on it. For the AWS managed key, pass
   * `kms.Alias.fromAliasName(this, 'Key', 'alias/aws/workspaces')`.
   *
   * @default - volumes are not encrypted
   */
  readonly volumeEncryptionKey?: kms.IKey;

  /**
   * Encrypt the root volume with `volumeEncryptionKey`. Cannot be changed after creation.
   *
   * @default - true when `volumeEncryptionKey` is given, false otherwise
   */
  readonly rootVolumeEncryption?: boolean;

  /**
   * Encrypt the user volume with `volumeEncryptionKey`. Cannot be changed after creation.
   *
   * @default - true when `volumeEncryptionKey` is given, false otherwise
   */
  readonly userVolumeEncryption?: boolean;

  /**
   * The state to keep the WorkSpace in: `ADMIN_MAINTENANCE` puts it in maintenance mode.
   *
   * @default - not sent: the WorkSpace is left available
   */
  readonly state?: WorkspaceState;

  /**
   * What happens to the WorkSpace when it leaves the stack. WorkSpaces hold user data, so the
   * default keeps it; `DESTROY` terminates it, which deletes its volumes.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An Amazon WorkSpace (`Custom::WorkSpacesWorkspace`).
 *
 * Unlike `CfnWorkspace`, changes the service cannot make in one call (bundle, volumes, compute)
 * are applied step by step, and changes that would destroy the user volume are refused.
 * Only the properties you set are sent; the bundle decides the rest.
 *
 * @example
 * declare const directory: IWorkspacesDirectory;
 * declare const key: kms.IKey;
 * declare const helpdeskRole: iam.IRole;
 *
 * const workspace = new Workspace(this, 'Alice', {
 *   directory,
 *   userName: 'alice',
 *   bundle: Bundle.fromBundleId(this, 'Bundle', 'wsb-0123456789'),
 *   computeType: ComputeType.PERFORMANCE,
 *   runningMode: RunningMode.AUTO_STOP,
 *   autoStopTimeout: Duration.hours(2),
 *   volumeEncryptionKey: key,
 * });
 * workspace.grantReboot(helpdeskRole);
 */
export class Workspace extends WorkspaceBase implements ITaggable {
  /**
   * An existing WorkSpace, by id.
   *
   * @param workspaceId `ws-` followed by 8 to 63 lowercase letters or digits
   */
  public static fromWorkspaceId(scope: Construct, id: string, workspaceId: string): IWorkspace {
    return Workspace.fromWorkspaceAttributes(scope, id, { workspaceId });
  }

  /** An existing WorkSpace. */
  public static fromWorkspaceAttributes(scope: Construct, id: string, attrs: WorkspaceAttributes): IWorkspace {
    class Import extends WorkspaceBase {
      public readonly workspaceId = attrs.workspaceId;
      public readonly workspaceArn = workspacesArn(this, 'workspace', attrs.workspaceId);
    }
    const imported = new Import(scope, id);
    checkPattern(imported, 'workspaceId', attrs.workspaceId, IdPatterns.WORKSPACE);
    return imported;
  }

  public readonly workspaceId: string;
  public readonly workspaceArn: string;

  /** Tags of the WorkSpace (`Tags.of()` reaches them too). */
  public readonly tags: TagManager;

  private readonly resource: CustomResource;

  /** Defines a WorkSpace; the stack's cdk-workspaces provider is created on first use. */
  constructor(scope: Construct, id: string, props: WorkspaceProps) {
    super(scope, id);
    checkLength(this, 'userName', props.userName, 1, 63);
    checkVolumes(this, props.rootVolumeSizeGib, props.userVolumeSizeGib, props.computeType);
    checkAutoStop(this, props.autoStopTimeout, props.runningMode);
    checkRemovalPolicy(this, props.removalPolicy);
    if (props.protocols?.length === 0) invalid(this, 'protocols', [], `one of ${Object.values(Protocol).join(', ')}`);
    const key = props.volumeEncryptionKey;
    for (const [what, value] of [['rootVolumeEncryption', props.rootVolumeEncryption], ['userVolumeEncryption', props.userVolumeEncryption]] as const) {
      if (value && !key) invalid(this, what, 'true without volumeEncryptionKey', 'true only with volumeEncryptionKey (the AWS managed key is alias/aws/workspaces)');
    }
    if (key && props.rootVolumeEncryption === false && props.userVolumeEncryption === false) {
      invalid(this, 'volumeEncryptionKey', 'a key with both volumes unencrypted', 'a key only when rootVolumeEncryption or userVolumeEncryption is true');
    }

    this.tags = new TagManager(TagType.KEY_VALUE, ResourceTypes.WORKSPACE);
    validateTags(this, this.tags, true);

    const provider = WorkspacesProvider.getOrCreate(this);
    grantWorkspaceHandler(provider);
    key?.grant(provider, 'kms:CreateGrant', 'kms:DescribeKey');

    const properties: Omit<WorkspaceResourceProperties, 'Tags'> = {
      DirectoryId: props.directory.directoryId,
      UserName: props.userName,
      BundleId: props.bundle.bundleId,
      VolumeEncryptionKey: key?.keyArn,
      RootVolumeEncryptionEnabled: props.rootVolumeEncryption ?? (key ? true : undefined),
      UserVolumeEncryptionEnabled: props.userVolumeEncryption ?? (key ? true : undefined),
      WorkspaceProperties: definedOnly({
        RunningMode: props.runningMode,
        RunningModeAutoStopTimeoutInMinutes: props.autoStopTimeout?.toMinutes(),
        RootVolumeSizeGib: props.rootVolumeSizeGib,
        UserVolumeSizeGib: props.userVolumeSizeGib,
        ComputeTypeName: props.computeType?.name,
        Protocols: props.protocols,
      }),
      State: props.state,
    };

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: ResourceTypes.WORKSPACE,
      properties: { ...properties, Tags: renderTags(this.tags) },
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.workspaceId = this.resource.ref;
    this.workspaceArn = workspacesArn(this, 'workspace', this.workspaceId);
  }

  /** Applies the removal policy to the WorkSpace (`DESTROY` terminates it). */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    checkRemovalPolicy(this, policy);
    this.resource.applyRemovalPolicy(policy);
  }
}

/**
 * What the handler does for `Custom::WorkSpacesWorkspace` (StartWorkspaces: a stopped WorkSpace
 * is started before it enters ADMIN_MAINTENANCE). Statements are identical for every WorkSpace, so they
 * are rendered once. test/constructs/provider.test.ts checks them against the handler's calls.
 */
function grantWorkspaceHandler(provider: WorkspacesProvider): void {
  const workspaces = workspacesArn(provider, 'workspace', '*');
  provider.addToRolePolicy(new iam.PolicyStatement({
    actions: ['workspaces:DescribeWorkspaces', 'workspaces:DescribeTags'],
    resources: ['*'],
  }));
  provider.addToRolePolicy(new iam.PolicyStatement({
    actions: ['workspaces:CreateWorkspaces', 'workspaces:MigrateWorkspace'],
    resources: [workspaces, workspacesArn(provider, 'directory', '*'), workspacesArn(provider, 'workspacebundle', '*')],
  }));
  provider.addToRolePolicy(new iam.PolicyStatement({
    actions: [
      'workspaces:TerminateWorkspaces',
      'workspaces:ModifyWorkspaceProperties',
      'workspaces:ModifyWorkspaceState',
      'workspaces:StartWorkspaces',
      'workspaces:CreateTags',
      'workspaces:DeleteTags',
    ],
    resources: [workspaces],
  }));
}
