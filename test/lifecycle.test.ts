// The template-driven lifecycle test: synthesize the example app, then let a CloudFormation
// emulator send every custom resource's properties exactly as CloudFormation would (scalars as
// strings, Refs/GetAtts resolved to what earlier resources returned) through the real handlers
// against the in-memory WorkSpaces model: Create in dependency order, Update to the second
// revision of the app, Delete in reverse. Any property a handler misreads shows up as a
// difference between the model's state and what the app declares.
import { DescribeWorkspacesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { Stack } from 'aws-cdk-lib';
import { Template as CdkTemplate } from 'aws-cdk-lib/assertions';
import { AwsClientStub } from 'aws-sdk-client-mock';
import { buildApp, EXAMPLE_BUNDLES, OFFICE_NETWORKS, USERS } from '../examples/app';
import { CloudFormationEmulator, dependencyOrder, Template } from './support/cloudformation';
import { WorkspacesModel } from './support/workspaces-model';

function synth(revision: 1 | 2): Template {
  const stack = buildApp(revision).node.findChild('WorkspacesEnvironment') as Stack;
  return CdkTemplate.fromStack(stack).toJSON() as Template;
}

let model: WorkspacesModel;
let mock: AwsClientStub<any>;

beforeEach(() => {
  model = new WorkspacesModel({
    pollsToAvailable: 2, pollsToRegistered: 2, pollsToGone: 2, modificationPolls: 2, invisibleDescribes: 1,
  });
  mock = model.install();
  for (const b of Object.values(EXAMPLE_BUNDLES)) {
    model.addBundle({
      BundleId: b.bundleId, ComputeTypeName: b.computeType, RootVolumeSizeGib: b.rootVolumeSizeGib, UserVolumeSizeGib: b.userVolumeSizeGib,
    });
  }
});

afterEach(() => mock.restore());

/**
 * Lets the service finish what the last deploy started: an update completes once its last
 * step is accepted and in progress (a resize can outlast CloudFormation's hour).
 */
async function settle(): Promise<void> {
  const client = new WorkSpacesClient({ region: 'us-east-1' });
  for (let i = 0; i < 10; i++) {
    for (const w of model.workspaces()) await client.send(new DescribeWorkspacesCommand({ WorkspaceIds: [w.WorkspaceId!] }));
  }
}

/** Asserts that the model holds exactly the environment that revision of the app declares. */
function expectEnvironment(revision: 1 | 2): void {
  const [directory, ...otherDirectories] = model.directories();
  expect(otherDirectories).toEqual([]);
  expect(directory.State).toBe('REGISTERED');
  expect(directory.SubnetIds).toHaveLength(2);
  expect(directory.SelfservicePermissions).toEqual({
    RestartWorkspace: 'ENABLED', IncreaseVolumeSize: 'DISABLED', ChangeComputeType: 'DISABLED', SwitchRunningMode: 'ENABLED', RebuildWorkspace: 'ENABLED',
  });
  expect(directory.WorkspaceAccessProperties).toMatchObject({
    DeviceTypeWindows: 'ALLOW', DeviceTypeOsx: 'ALLOW', DeviceTypeWeb: 'DENY', DeviceTypeLinux: 'ALLOW',
  });
  expect(directory.WorkspaceCreationProperties).toMatchObject({
    EnableInternetAccess: false, UserEnabledAsLocalAdministrator: false, EnableMaintenanceMode: true,
  });
  expect(directory.Tags).toEqual(expect.arrayContaining([{ Key: 'project', Value: 'workspaces-demo' }]));

  const [group, ...otherGroups] = model.ipGroups();
  expect(otherGroups).toEqual([]);
  expect(directory.ipGroupIds).toEqual([group.groupId]);
  expect(group.userRules!.map(r => r.ipRule).sort()).toEqual([...OFFICE_NETWORKS[revision]].sort());

  const workspaces = model.workspaces();
  expect(workspaces.map(w => w.UserName).sort()).toEqual(USERS[revision].map(u => u.userName).sort());
  for (const user of USERS[revision]) {
    const ws = workspaces.find(w => w.UserName === user.userName)!;
    const bundle = EXAMPLE_BUNDLES[user.bundle];
    expect({ user: user.userName, state: ws.State, directory: ws.DirectoryId, bundle: ws.BundleId }).toEqual(
      { user: user.userName, state: 'AVAILABLE', directory: directory.DirectoryId, bundle: bundle.bundleId });
    expect(ws.WorkspaceProperties).toMatchObject({
      ComputeTypeName: user.computeType ?? bundle.computeType,
      RootVolumeSizeGib: user.rootVolumeSizeGib ?? bundle.rootVolumeSizeGib,
      UserVolumeSizeGib: user.userVolumeSizeGib ?? bundle.userVolumeSizeGib,
      RunningMode: user.runningMode,
      ...(user.autoStopMinutes ? { RunningModeAutoStopTimeoutInMinutes: user.autoStopMinutes } : {}),
    });
    expect(ws.ModificationStates ?? []).toEqual([]);
    expect(Boolean(ws.UserVolumeEncryptionEnabled)).toBe(Boolean(user.encrypted));
    expect(Boolean(ws.RootVolumeEncryptionEnabled)).toBe(Boolean(user.encrypted));
    expect(ws.VolumeEncryptionKey !== undefined).toBe(Boolean(user.encrypted));
    expect(ws.Tags).toEqual(expect.arrayContaining([{ Key: 'project', Value: 'workspaces-demo' }]));
  }
}

test('the example app is created in dependency order and deleted until nothing is left', async () => {
  const template = synth(1);
  const cfn = new CloudFormationEmulator(model);

  await cfn.deploy(template);
  expectEnvironment(1);
  expect(cfn.requests.filter(r => r.startsWith('Create'))).toHaveLength(4); // a registration + 3 WorkSpaces
  const order = dependencyOrder(template);
  const registration = order.findIndex(id => template.Resources[id].Type === 'Custom::WorkSpacesDirectory');
  for (const [i, id] of order.entries()) {
    if (template.Resources[id].Type === 'Custom::WorkSpacesWorkspace') expect(i).toBeGreaterThan(registration);
  }

  await cfn.destroy(template);
  expect(model.workspaces()).toEqual([]);
  expect(model.directories()).toEqual([]);
  expect(model.isEmpty()).toBe(true);
});

test('revision 2 of the example app is applied in place, with the bundle change migrated', async () => {
  const cfn = new CloudFormationEmulator(model);
  await cfn.deploy(synth(1));
  const before = new Map(model.workspaces().map(w => [w.UserName, w.WorkspaceId]));

  await cfn.deploy(synth(2));
  await settle();
  expectEnvironment(2);
  const after = new Map(model.workspaces().map(w => [w.UserName, w.WorkspaceId]));
  // In place: the same WorkSpaces. Migrated (carol changed bundle): a new id, the old one gone.
  expect(after.get('alice')).toBe(before.get('alice'));
  expect(after.get('bob')).toBe(before.get('bob'));
  expect(after.get('carol')).not.toBe(before.get('carol'));
  expect(model.callsTo('MigrateWorkspace')).toHaveLength(1);
  expect(model.callsTo('TerminateWorkspaces')).toEqual([]);
  // bob: user volume 50 → 100 and compute STANDARD → PERFORMANCE, never in one call.
  for (const call of model.callsTo('ModifyWorkspaceProperties')) {
    const p = call.WorkspaceProperties ?? {};
    const volumes = p.RootVolumeSizeGib !== undefined || p.UserVolumeSizeGib !== undefined;
    expect(volumes && p.ComputeTypeName !== undefined).toBe(false);
    expect(p.RootVolumeSizeGib !== undefined && p.UserVolumeSizeGib !== undefined).toBe(false);
  }

  await cfn.destroy(synth(2));
  expect(model.isEmpty()).toBe(true);
});

test('retained WorkSpaces keep their directory registered when the stack is deleted', async () => {
  // The default RemovalPolicy of a Workspace is RETAIN; the example opts into DESTROY.
  const template = synth(1);
  for (const r of Object.values(template.Resources)) {
    if (r.Type === 'Custom::WorkSpacesWorkspace' || r.Type === 'AWS::WorkSpaces::WorkspaceIpGroup') {
      (r as { DeletionPolicy?: string }).DeletionPolicy = 'Retain';
    }
  }
  const cfn = new CloudFormationEmulator(model);
  await cfn.deploy(template);
  await cfn.destroy(template);

  expect(model.workspaces().map(w => w.State)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE']);
  expect(model.directories().map(d => d.State)).toEqual(['REGISTERED']);
  expect(model.callsTo('DeregisterWorkspaceDirectory')).toEqual([]);
});
