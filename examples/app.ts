// A complete WorkSpaces environment: a VPC, an AWS Managed Microsoft AD directory, the
// workspaces_DefaultRole, the directory's registration with WorkSpaces (self-service
// permissions, device access, an IP access control group) and a WorkSpace per user.
//
// `revision: 2` is the same environment a few weeks later, as an administrator would change
// it: bigger volumes, another compute type, AUTO_STOP instead of ALWAYS_ON, a new bundle,
// another office network. The lifecycle test deploys revision 1, updates to 2, then deletes.
import { App, Duration, RemovalPolicy, SecretValue, Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as directoryservice from 'aws-cdk-lib/aws-directoryservice';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  Bundle, ComputeType, DeviceAccess, IpGroup, RunningMode, Workspace, WorkspacesDefaultRole, WorkspacesDirectory,
} from '../src';

/** Public bundle ids the example uses (Standard and Performance with Windows). */
export const EXAMPLE_BUNDLES = {
  standard: { bundleId: 'wsb-clj85qzj1', computeType: 'STANDARD', rootVolumeSizeGib: 80, userVolumeSizeGib: 50 },
  performance: { bundleId: 'wsb-gm4d5tx2v', computeType: 'PERFORMANCE', rootVolumeSizeGib: 80, userVolumeSizeGib: 100 },
};

/** What each user's WorkSpace looks like in each revision of the environment. */
export interface UserWorkspace {
  readonly userName: string;
  readonly bundle: keyof typeof EXAMPLE_BUNDLES;
  readonly computeType?: string;
  readonly rootVolumeSizeGib?: number;
  readonly userVolumeSizeGib?: number;
  readonly runningMode: RunningMode;
  readonly autoStopMinutes?: number;
  readonly encrypted?: boolean;
}

export const USERS: Record<1 | 2, UserWorkspace[]> = {
  1: [
    { userName: 'alice', bundle: 'standard', runningMode: RunningMode.AUTO_STOP, autoStopMinutes: 60 },
    { userName: 'bob', bundle: 'standard', userVolumeSizeGib: 50, runningMode: RunningMode.ALWAYS_ON, encrypted: true },
    { userName: 'carol', bundle: 'performance', rootVolumeSizeGib: 80, userVolumeSizeGib: 100, runningMode: RunningMode.AUTO_STOP, autoStopMinutes: 60 },
  ],
  2: [
    // auto-stop after two hours instead of one
    { userName: 'alice', bundle: 'standard', runningMode: RunningMode.AUTO_STOP, autoStopMinutes: 120 },
    // more space and more power: user volume first, then compute, one step at a time
    { userName: 'bob', bundle: 'standard', computeType: 'PERFORMANCE', userVolumeSizeGib: 100, runningMode: RunningMode.AUTO_STOP, autoStopMinutes: 60, encrypted: true },
    // a bigger root volume; moved to the Standard bundle (MigrateWorkspace keeps the user volume)
    { userName: 'carol', bundle: 'standard', rootVolumeSizeGib: 175, userVolumeSizeGib: 100, runningMode: RunningMode.AUTO_STOP, autoStopMinutes: 60 },
  ],
};

export const OFFICE_NETWORKS: Record<1 | 2, string[]> = {
  1: ['203.0.113.0/24'],
  2: ['203.0.113.0/24', '198.51.100.0/24'],
};

export interface WorkspacesEnvironmentProps extends StackProps {
  readonly revision: 1 | 2;
}

export class WorkspacesEnvironment extends Stack {
  constructor(scope: Construct, id: string, props: WorkspacesEnvironmentProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'Desktops', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
    });
    const desktopSubnets = vpc.selectSubnets({ subnetGroupName: 'Desktops' }).subnets;

    const adminPassword = new secretsmanager.Secret(this, 'DirectoryAdminPassword', {
      generateSecretString: { passwordLength: 24, excludeCharacters: '"@/\\\'' },
    });
    const ad = new directoryservice.CfnMicrosoftAD(this, 'Directory', {
      name: 'corp.example.com',
      edition: 'Standard',
      password: SecretValue.secretsManager(adminPassword.secretArn).unsafeUnwrap(),
      vpcSettings: { vpcId: vpc.vpcId, subnetIds: desktopSubnets.map(s => s.subnetId) },
    });

    // The service needs this role before any directory can be registered (one per account).
    const defaultRole = new WorkspacesDefaultRole(this, 'DefaultRole');

    const office = new IpGroup(this, 'OfficeNetwork', { description: 'Office networks allowed to connect' });
    for (const cidr of OFFICE_NETWORKS[props.revision]) office.addRule(cidr, `office ${cidr}`);

    const directory = new WorkspacesDirectory(this, 'Registration', {
      directoryId: ad.ref,
      subnets: desktopSubnets,
      defaultRole,
      ipGroups: [office],
      selfServicePermissions: {
        restartWorkspace: true, increaseVolumeSize: false, changeComputeType: false, switchRunningMode: true, rebuildWorkspace: true,
      },
      accessProperties: { windows: DeviceAccess.ALLOW, macOs: DeviceAccess.ALLOW, web: DeviceAccess.DENY, linux: DeviceAccess.ALLOW },
      creationProperties: { enableInternetAccess: false, userEnabledAsLocalAdministrator: false, enableMaintenanceMode: true },
      clientProperties: { reconnectEnabled: true, logUploadEnabled: false },
    });

    const volumeKey = new kms.Key(this, 'VolumeKey', { enableKeyRotation: true, description: 'WorkSpaces volume encryption' });

    for (const user of USERS[props.revision]) {
      new Workspace(this, `Workspace-${user.userName}`, {
        directory,
        userName: user.userName,
        bundle: Bundle.fromBundleId(this, `Bundle-${user.userName}`, EXAMPLE_BUNDLES[user.bundle].bundleId),
        computeType: user.computeType ? ComputeType.of(user.computeType) : undefined,
        rootVolumeSizeGib: user.rootVolumeSizeGib,
        userVolumeSizeGib: user.userVolumeSizeGib,
        runningMode: user.runningMode,
        autoStopTimeout: user.autoStopMinutes ? Duration.minutes(user.autoStopMinutes) : undefined,
        volumeEncryptionKey: user.encrypted ? volumeKey : undefined,
        // A demo environment: WorkSpaces go with the stack. The default, RETAIN, keeps them.
        removalPolicy: RemovalPolicy.DESTROY,
      });
    }

    Tags.of(this).add('project', 'workspaces-demo');
  }
}

/** The example app; `revision` selects the environment's version. */
export function buildApp(revision: 1 | 2 = 1, outdir?: string): App {
  const app = new App({ outdir });
  new WorkspacesEnvironment(app, 'WorkspacesEnvironment', { revision });
  return app;
}
