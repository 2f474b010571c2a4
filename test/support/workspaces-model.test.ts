import {
  AssociateIpGroupsCommand, AuthorizeIpRulesCommand, CreateIpGroupCommand, CreateTagsCommand, CreateWorkspacesCommand, DeleteIpGroupCommand,
  DeleteTagsCommand, DeregisterWorkspaceDirectoryCommand, DescribeClientPropertiesCommand, DescribeIpGroupsCommand, DescribeTagsCommand,
  DescribeWorkspaceBundlesCommand, DescribeWorkspaceDirectoriesCommand, DescribeWorkspacesCommand, DisassociateIpGroupsCommand,
  InvalidResourceStateException, MigrateWorkspaceCommand, ModifyClientPropertiesCommand, ModifySelfservicePermissionsCommand,
  ModifyWorkspaceAccessPropertiesCommand, ModifyWorkspaceCreationPropertiesCommand, ModifyWorkspacePropertiesCommand, ModifyWorkspaceStateCommand,
  RebootWorkspacesCommand, RegisterWorkspaceDirectoryCommand, ResourceNotFoundException, RevokeIpRulesCommand, StartWorkspacesCommand,
  StopWorkspacesCommand, TerminateWorkspacesCommand, UpdateRulesOfIpGroupCommand, ValidationException, Workspace, WorkspaceProperties,
  WorkspaceRequest, WorkSpacesClient, WorkSpacesServiceException,
} from '@aws-sdk/client-workspaces';
import { AwsClientStub } from 'aws-sdk-client-mock';
import { BUNDLES, volumeProblem, WorkspacesModel, WorkspacesModelOptions } from './workspaces-model';

const DIR = 'd-1234567890';
const client = new WorkSpacesClient({ region: 'us-east-1' });
let model: WorkspacesModel;
let mock: AwsClientStub<WorkSpacesClient> | undefined;

function setup(options?: WorkspacesModelOptions): WorkspacesModel {
  model = new WorkspacesModel(options);
  mock = model.install();
  return model;
}

afterEach(() => {
  mock?.restore();
  mock = undefined;
});

/** The error a command rejects with. */
async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('the command succeeded');
}

async function registerDirectory(directoryId = DIR, extra: object = {}): Promise<void> {
  model.addDirectoryServiceDirectory(directoryId);
  await client.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId: directoryId, ...extra }));
  for (let n = 0; n < 10; n++) {
    const { Directories } = await client.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [directoryId] }));
    if (Directories?.[0]?.State === 'REGISTERED') return;
  }
  throw new Error('directory never registered');
}

function request(UserName: string, extra: Partial<WorkspaceRequest> = {}): WorkspaceRequest {
  return { DirectoryId: DIR, UserName, BundleId: BUNDLES.STANDARD, ...extra };
}

async function create(UserName: string, extra: Partial<WorkspaceRequest> = {}): Promise<string> {
  const out = await client.send(new CreateWorkspacesCommand({ Workspaces: [request(UserName, extra)] }));
  expect(out.FailedRequests).toEqual([]);
  return out.PendingRequests![0].WorkspaceId!;
}

async function describe1(id: string): Promise<Workspace | undefined> {
  return (await client.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces?.[0];
}

/** Polls until the WorkSpace is in `state`; returns the states seen on the way. */
async function until(id: string, state: string | undefined): Promise<Array<string | undefined>> {
  const seen: Array<string | undefined> = [];
  for (let n = 0; n < 20; n++) {
    const w = await describe1(id);
    seen.push(w?.State);
    if (w?.State === state) return seen;
  }
  throw new Error(`${id} never reached ${state}: ${seen.join(',')}`);
}

async function available(UserName: string, extra: Partial<WorkspaceRequest> = {}): Promise<string> {
  const id = await create(UserName, extra);
  await until(id, 'AVAILABLE');
  return id;
}

async function modify(WorkspaceId: string, properties: WorkspaceProperties) {
  return client.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId, WorkspaceProperties: properties }));
}

describe('wiring', () => {
  test('routes commands to the model and records every call', async () => {
    setup();
    const out = await client.send(new DescribeWorkspacesCommand({}));
    expect(out.Workspaces).toEqual([]);
    expect(model.calls).toEqual([{ operation: 'DescribeWorkspaces', input: {} }]);
    expect(model.callsTo('DescribeWorkspaces')).toEqual([{}]);
  });

  test('a command the model does not implement is rejected, naming it', async () => {
    setup();
    const e = await failure(client.send(new DescribeWorkspaceBundlesCommand({})));
    expect(e.message).toMatch(/WorkspacesModel does not implement DescribeWorkspaceBundles/);
  });

  test('a malformed request fails with ValidationException before any rule: UserName of 64 characters', async () => {
    setup();
    await registerDirectory();
    const e = await failure(client.send(new CreateWorkspacesCommand({ Workspaces: [request('u'.repeat(64))] })));
    expect(e).toBeInstanceOf(ValidationException);
    expect(e).toMatchObject({ name: 'ValidationException', $fault: 'client' });
    expect(e.message).toMatch(/Workspaces\[0\]\.UserName/);
    expect(model.workspaces()).toEqual([]);
    expect(model.callsTo('CreateWorkspaces')).toHaveLength(1);
  });

  test('a malformed request: BundleId that breaks the pattern', async () => {
    setup();
    const e = await failure(client.send(new CreateWorkspacesCommand({ Workspaces: [request('alice', { BundleId: 'wsb-Standard' })] })));
    expect(e.name).toBe('ValidationException');
    expect(e.message).toMatch(/BundleId.*\^wsb-/);
  });

  test('responses and recorded inputs are deep copies', async () => {
    setup();
    await registerDirectory();
    const tags = [{ Key: 'team', Value: 'a' }];
    const id = await create('alice', { Tags: tags });
    tags[0].Value = 'changed';
    const w = (await describe1(id))!;
    w.WorkspaceProperties!.RootVolumeSizeGib = 2000;
    w.State = 'ERROR';
    expect(model.tagsOf(id)).toEqual([{ Key: 'team', Value: 'a' }]);
    expect(await describe1(id)).toMatchObject({ State: 'PENDING', WorkspaceProperties: { RootVolumeSizeGib: 80 } });
    model.workspaces()[0].WorkspaceProperties!.UserVolumeSizeGib = 1;
    expect(model.workspaces()[0].WorkspaceProperties!.UserVolumeSizeGib).toBe(50);
  });
});

describe('faults', () => {
  test('throttleNext: ThrottlingException, then normal answers', async () => {
    setup();
    model.throttleNext('DescribeWorkspaces', 2);
    for (let n = 0; n < 2; n++) {
      const e = await failure(client.send(new DescribeWorkspacesCommand({})));
      expect(e).toMatchObject({ name: 'ThrottlingException', $fault: 'client', $metadata: {} });
    }
    await expect(client.send(new DescribeWorkspacesCommand({}))).resolves.toMatchObject({ Workspaces: [] });
  });

  test('failNext throws the SDK exception class when there is one, else a named error', async () => {
    setup();
    model.failNext('DescribeWorkspaces', 'ResourceNotFoundException', 'gone');
    model.failNext('DescribeWorkspaces', 'InternalFailure');
    const e1 = await failure(client.send(new DescribeWorkspacesCommand({})));
    expect(e1).toBeInstanceOf(ResourceNotFoundException);
    expect(e1).toMatchObject({ name: 'ResourceNotFoundException', message: 'gone', $fault: 'client' });
    const e2 = await failure(client.send(new DescribeWorkspacesCommand({})));
    expect(e2).toBeInstanceOf(WorkSpacesServiceException);
    expect(e2.name).toBe('InternalFailure');
    await client.send(new DescribeWorkspacesCommand({}));
  });
});

describe('directories', () => {
  test('REGISTERING for pollsToRegistered answers, then REGISTERED with the defaults', async () => {
    setup({ pollsToRegistered: 2 });
    model.addDirectoryServiceDirectory(DIR);
    const out = await client.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId: DIR, Tags: [{ Key: 'env', Value: 'test' }] }));
    expect(out).toMatchObject({ DirectoryId: DIR, State: 'REGISTERING' });
    const states = [];
    for (let n = 0; n < 3; n++) {
      const d = (await client.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [DIR] }))).Directories![0];
      states.push(d.State);
      if (d.State === 'REGISTERING') expect(d.RegistrationCode).toBeUndefined();
    }
    expect(states).toEqual(['REGISTERING', 'REGISTERING', 'REGISTERED']);
    const d = (await client.send(new DescribeWorkspaceDirectoriesCommand({}))).Directories![0];
    expect(d).toMatchObject({
      DirectoryId: DIR,
      DirectoryType: 'SIMPLE_AD',
      Tenancy: 'SHARED',
      ipGroupIds: [],
      SelfservicePermissions: {
        RestartWorkspace: 'ENABLED', IncreaseVolumeSize: 'DISABLED', ChangeComputeType: 'DISABLED', SwitchRunningMode: 'DISABLED', RebuildWorkspace: 'DISABLED',
      },
      WorkspaceAccessProperties: { DeviceTypeWindows: 'ALLOW', DeviceTypeWeb: 'DENY', DeviceTypeLinux: 'DENY' },
      WorkspaceCreationProperties: { EnableInternetAccess: false, UserEnabledAsLocalAdministrator: true, EnableMaintenanceMode: true },
    });
    expect(d.RegistrationCode).toMatch(/^.{1,20}$/);
    expect(d.WorkspaceSecurityGroupId).toMatch(/^sg-[0-9a-f]{17}$/);
    expect(d.SubnetIds).toHaveLength(2);
    expect((await client.send(new DescribeTagsCommand({ ResourceId: DIR }))).TagList).toEqual([{ Key: 'env', Value: 'test' }]);
  });

  test('EnableSelfService enables every self-service permission', async () => {
    setup();
    await registerDirectory(DIR, { EnableSelfService: true });
    expect(Object.values(model.directories()[0].SelfservicePermissions!)).toEqual(Array(5).fill('ENABLED'));
  });

  test('registration refusals: unknown, not Active yet, already registered, no default role, bad subnets', async () => {
    setup();
    const register = (DirectoryId = DIR, extra: object = {}) =>
      failure(client.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId, ...extra })));
    expect(await register()).toBeInstanceOf(ResourceNotFoundException);

    model.addDirectoryServiceDirectory(DIR, { activeAfterRegisterAttempts: 2 });
    model.defaultRoleExists = false;
    expect((await register()).name).toBe('WorkspacesDefaultRoleNotFoundException');
    model.defaultRoleExists = true;
    for (let n = 0; n < 2; n++) {
      const e = await register();
      expect(e).toBeInstanceOf(InvalidResourceStateException);
      expect(e.message).toMatch(/not Active/);
    }
    expect((await register(DIR, { SubnetIds: ['subnet-0123456789abcdef0'] })).name).toBe('OperationNotSupportedException');
    await client.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId: DIR }));
    expect((await register()).name).toBe('ResourceAlreadyExistsException');
  });

  test('directory changes need REGISTERED; the error is one the operation models', async () => {
    setup({ pollsToRegistered: 5 });
    model.addDirectoryServiceDirectory(DIR);
    await client.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId: DIR }));
    // ModifySelfservicePermissions does not list InvalidResourceStateException.
    const e1 = await failure(client.send(new ModifySelfservicePermissionsCommand({ ResourceId: DIR, SelfservicePermissions: { RebuildWorkspace: 'ENABLED' } })));
    expect(e1.name).toBe('ResourceNotFoundException');
    const e2 = await failure(client.send(new AssociateIpGroupsCommand({ DirectoryId: DIR, GroupIds: ['wsipg-abcd1234'] })));
    expect(e2.name).toBe('InvalidResourceStateException');
    const e3 = await failure(client.send(new ModifySelfservicePermissionsCommand({ ResourceId: 'd-0000000000', SelfservicePermissions: {} })));
    expect(e3.name).toBe('ResourceNotFoundException');
  });

  test('self-service, access, creation and client properties merge into the directory', async () => {
    setup();
    await registerDirectory();
    await client.send(new ModifySelfservicePermissionsCommand({ ResourceId: DIR, SelfservicePermissions: { RebuildWorkspace: 'ENABLED' } }));
    await client.send(new ModifyWorkspaceAccessPropertiesCommand({ ResourceId: DIR, WorkspaceAccessProperties: { DeviceTypeWeb: 'ALLOW' } }));
    await client.send(new ModifyWorkspaceCreationPropertiesCommand({ ResourceId: DIR, WorkspaceCreationProperties: { DefaultOu: 'OU=ws,DC=corp', EnableInternetAccess: true } }));
    await client.send(new ModifyClientPropertiesCommand({ ResourceId: DIR, ClientProperties: { ReconnectEnabled: 'DISABLED' } }));
    expect(model.directories()[0]).toMatchObject({
      SelfservicePermissions: { RestartWorkspace: 'ENABLED', RebuildWorkspace: 'ENABLED' },
      WorkspaceAccessProperties: { DeviceTypeWeb: 'ALLOW', DeviceTypeWindows: 'ALLOW' },
      WorkspaceCreationProperties: { DefaultOu: 'OU=ws,DC=corp', EnableInternetAccess: true, EnableMaintenanceMode: true },
    });
    const { ClientPropertiesList } = await client.send(new DescribeClientPropertiesCommand({ ResourceIds: [DIR] }));
    expect(ClientPropertiesList).toEqual([{ ResourceId: DIR, ClientProperties: { ReconnectEnabled: 'DISABLED', LogUploadEnabled: 'ENABLED' } }]);
  });

  test('deregistration is refused while any WorkSpace of the directory exists, then DEREGISTERING until gone', async () => {
    setup({ pollsToGone: 2 });
    await registerDirectory();
    const id = await create('alice');
    const deregister = () => client.send(new DeregisterWorkspaceDirectoryCommand({ DirectoryId: DIR }));
    expect(await failure(deregister())).toBeInstanceOf(InvalidResourceStateException);
    await client.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: id }] }));
    expect((await failure(deregister())).message).toMatch(/still has 1 WorkSpace/);
    await until(id, undefined);
    await deregister();
    const states = [];
    for (let n = 0; n < 3; n++) {
      states.push((await client.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [DIR] }))).Directories![0]?.State);
    }
    expect(states).toEqual(['DEREGISTERING', 'DEREGISTERING', undefined]);
    expect(model.isEmpty()).toBe(true);
    expect((await failure(deregister())).name).toBe('ResourceNotFoundException');
  });

  test('IP groups: must exist, non-empty list, at most 25 per directory; disassociation', async () => {
    setup();
    await registerDirectory();
    const associate = (GroupIds: string[]) => client.send(new AssociateIpGroupsCommand({ DirectoryId: DIR, GroupIds }));
    expect((await failure(associate(['wsipg-abcd1234']))).name).toBe('ResourceNotFoundException');
    expect((await failure(associate([]))).name).toBe('InvalidParameterValuesException');
    const ids: string[] = [];
    for (let n = 0; n < 26; n++) ids.push((await client.send(new CreateIpGroupCommand({ GroupName: `g${n}` }))).GroupId!);
    await associate(ids.slice(0, 25));
    await associate(ids.slice(0, 2)); // already associated: no change
    expect(model.directories()[0].ipGroupIds).toHaveLength(25);
    expect((await failure(associate([ids[25]]))).name).toBe('ResourceLimitExceededException');
    expect((await failure(client.send(new DisassociateIpGroupsCommand({ DirectoryId: DIR, GroupIds: [] })))).name).toBe('InvalidParameterValuesException');
    await client.send(new DisassociateIpGroupsCommand({ DirectoryId: DIR, GroupIds: [ids[0]] }));
    expect(model.directories()[0].ipGroupIds).toHaveLength(24);
    expect(model.directories()[0].ipGroupIds).not.toContain(ids[0]);
  });
});

describe('IP access control groups', () => {
  const rules = (n: number, base = 0) => Array.from({ length: n }, (_, i) => ({ ipRule: `10.${base}.${i}.0/24`, ruleDesc: `r${i}` }));

  test('create, describe, authorize, revoke, update, delete', async () => {
    setup();
    const { GroupId } = await client.send(new CreateIpGroupCommand({ GroupName: 'office', GroupDesc: 'Office', UserRules: rules(2), Tags: [{ Key: 'k', Value: 'v' }] }));
    expect(GroupId).toMatch(/^wsipg-[0-9a-z]{8}$/);
    await client.send(new AuthorizeIpRulesCommand({ GroupId, UserRules: rules(1, 1) }));
    await client.send(new RevokeIpRulesCommand({ GroupId, UserRules: ['10.0.0.0/24'] }));
    const { Result } = await client.send(new DescribeIpGroupsCommand({ GroupIds: [GroupId!] }));
    expect(Result).toEqual([{ groupId: GroupId, groupName: 'office', groupDesc: 'Office', userRules: [rules(2)[1], rules(1, 1)[0]] }]);
    await client.send(new UpdateRulesOfIpGroupCommand({ GroupId, UserRules: rules(10) }));
    expect(model.ipGroups()[0].userRules).toHaveLength(10);
    expect(model.tagsOf(GroupId!)).toEqual([{ Key: 'k', Value: 'v' }]);
    await client.send(new DeleteIpGroupCommand({ GroupId }));
    expect(model.isEmpty()).toBe(true);
    expect((await failure(client.send(new DeleteIpGroupCommand({ GroupId })))).name).toBe('ResourceNotFoundException');
  });

  test('at most 10 rules, valid CIDRs, unique names', async () => {
    setup();
    expect((await failure(client.send(new CreateIpGroupCommand({ GroupName: 'big', UserRules: rules(11) })))).name).toBe('ResourceLimitExceededException');
    expect((await failure(client.send(new CreateIpGroupCommand({ GroupName: 'bad', UserRules: [{ ipRule: '10.0.0.0/33' }] })))).name)
      .toBe('InvalidParameterValuesException');
    const { GroupId } = await client.send(new CreateIpGroupCommand({ GroupName: 'office', UserRules: rules(9) }));
    expect((await failure(client.send(new CreateIpGroupCommand({ GroupName: 'office' })))).name).toBe('ResourceAlreadyExistsException');
    expect((await failure(client.send(new AuthorizeIpRulesCommand({ GroupId, UserRules: rules(2, 1) })))).name).toBe('ResourceLimitExceededException');
    expect((await failure(client.send(new AuthorizeIpRulesCommand({ GroupId, UserRules: rules(1) })))).name).toBe('InvalidParameterValuesException');
    expect((await failure(client.send(new UpdateRulesOfIpGroupCommand({ GroupId, UserRules: rules(11) })))).name).toBe('ResourceLimitExceededException');
    expect(model.ipGroups()[0].userRules).toHaveLength(9);
  });

  test('a group associated with a directory cannot be deleted', async () => {
    setup();
    await registerDirectory();
    const { GroupId } = await client.send(new CreateIpGroupCommand({ GroupName: 'office' }));
    await client.send(new AssociateIpGroupsCommand({ DirectoryId: DIR, GroupIds: [GroupId!] }));
    expect((await failure(client.send(new DeleteIpGroupCommand({ GroupId })))).name).toBe('ResourceAssociatedException');
    await client.send(new DisassociateIpGroupsCommand({ DirectoryId: DIR, GroupIds: [GroupId!] }));
    await client.send(new DeleteIpGroupCommand({ GroupId }));
  });

  test('DescribeIpGroups pages with MaxResults', async () => {
    setup();
    for (let n = 0; n < 3; n++) await client.send(new CreateIpGroupCommand({ GroupName: `g${n}` }));
    const first = await client.send(new DescribeIpGroupsCommand({ MaxResults: 2 }));
    expect(first.Result!.map(g => g.groupName)).toEqual(['g0', 'g1']);
    const second = await client.send(new DescribeIpGroupsCommand({ MaxResults: 2, NextToken: first.NextToken }));
    expect(second.Result!.map(g => g.groupName)).toEqual(['g2']);
    expect(second.NextToken).toBeUndefined();
  });
});

describe('volume rule', () => {
  test.each([
    [80, 10, 'STANDARD', true], [80, 50, 'STANDARD', true], [80, 100, 'VALUE', true], [80, 20, 'STANDARD', false],
    [175, 100, 'POWER', true], [2000, 2000, 'POWERPRO', true], [174, 100, 'POWER', false], [175, 50, 'POWER', false],
    [2001, 100, 'POWER', false], [100, 100, 'STANDARD', false], [100, 100, 'GRAPHICS_G4DN', true], [80, 100, 'GRAPHICSPRO', false],
    [175, 99, 'GRAPHICS_G6_XLARGE', false],
  ])('root %i / user %i on %s allowed: %s', (root, user, compute, ok) => {
    expect(volumeProblem(root, user, compute) === undefined).toBe(ok);
  });
});

describe('CreateWorkspaces and DescribeWorkspaces', () => {
  test('PENDING for pollsToAvailable answers, then AVAILABLE with the bundle\'s properties', async () => {
    setup({ pollsToAvailable: 2 });
    await registerDirectory();
    const out = await client.send(new CreateWorkspacesCommand({ Workspaces: [request('alice', { Tags: [{ Key: 'owner', Value: 'x' }] })] }));
    const pending = out.PendingRequests![0];
    expect(pending).toMatchObject({ State: 'PENDING', DirectoryId: DIR, UserName: 'alice', BundleId: BUNDLES.STANDARD });
    expect(pending.WorkspaceId).toMatch(/^ws-[0-9a-z]{9}$/);
    expect(await until(pending.WorkspaceId!, 'AVAILABLE')).toEqual(['PENDING', 'PENDING', 'AVAILABLE']);
    expect(await describe1(pending.WorkspaceId!)).toMatchObject({
      RootVolumeEncryptionEnabled: false,
      UserVolumeEncryptionEnabled: false,
      WorkspaceProperties: { RunningMode: 'ALWAYS_ON', ComputeTypeName: 'STANDARD', RootVolumeSizeGib: 80, UserVolumeSizeGib: 50, Protocols: ['PCOIP'] },
    });
    expect(model.workspaces()[0].Tags).toEqual([{ Key: 'owner', Value: 'x' }]);
  });

  test('AUTO_STOP WorkSpaces become AVAILABLE too, with a 60-minute default timeout', async () => {
    setup();
    await registerDirectory();
    const id = await available('alice', { WorkspaceProperties: { RunningMode: 'AUTO_STOP' } });
    expect((await describe1(id))!.WorkspaceProperties).toMatchObject({ RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 60 });
  });

  test('one WorkSpace per user per directory (case-insensitive), also within one batch', async () => {
    setup();
    await registerDirectory();
    const out = await client.send(new CreateWorkspacesCommand({ Workspaces: [request('alice'), request('ALICE')] }));
    expect(out.PendingRequests).toHaveLength(1);
    expect(out.FailedRequests).toEqual([{ WorkspaceRequest: request('ALICE'), ErrorCode: 'ResourceExists.WorkSpace', ErrorMessage: expect.any(String) }]);
    const again = await client.send(new CreateWorkspacesCommand({ Workspaces: [request('alice')] }));
    expect(again.FailedRequests![0].ErrorCode).toBe('ResourceExists.WorkSpace');
  });

  test.each([
    ['a volume combination', { WorkspaceProperties: { RootVolumeSizeGib: 80, UserVolumeSizeGib: 20 } }, 'InvalidParameterValuesException', /80\/10, 80\/50/],
    ['a graphics bundle below 100/100', { BundleId: BUNDLES.GRAPHICS, WorkspaceProperties: { RootVolumeSizeGib: 80, UserVolumeSizeGib: 100 } },
      'InvalidParameterValuesException', /graphics/],
    ['a timeout that is not a multiple of 60', { WorkspaceProperties: { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 90 } },
      'InvalidParameterValuesException', /multiple of 60/],
    ['a timeout without AUTO_STOP', { WorkspaceProperties: { RunningModeAutoStopTimeoutInMinutes: 60 } }, 'InvalidParameterValuesException', /AUTO_STOP/],
    ['an aws: tag', { Tags: [{ Key: 'aws:cloudformation:stack-name', Value: 's' }] }, 'InvalidParameterValuesException', /aws:/],
    ['an unknown bundle', { BundleId: 'wsb-unknown00' }, 'ResourceNotFound.Bundle', /wsb-unknown00/],
    ['an unregistered directory', { DirectoryId: 'd-0000000000' }, 'ResourceNotFound.Directory', /d-0000000000/],
    ['a graphics compute on a non-graphics bundle', { WorkspaceProperties: { ComputeTypeName: 'GRAPHICS_G4DN', RootVolumeSizeGib: 175, UserVolumeSizeGib: 100 } },
      'UnsupportedWorkspaceConfigurationException', /GRAPHICS_G4DN/],
  ])('rejects %s in FailedRequests', async (_what, extra, code, message) => {
    setup();
    await registerDirectory();
    const out = await client.send(new CreateWorkspacesCommand({ Workspaces: [request('alice', extra as Partial<WorkspaceRequest>), request('bob')] }));
    expect(out.FailedRequests).toHaveLength(1);
    expect(out.FailedRequests![0]).toMatchObject({ ErrorCode: code, ErrorMessage: expect.stringMatching(message) });
    expect(out.PendingRequests!.map(w => w.UserName)).toEqual(['bob']);
  });

  test('accepts explicit sizes that satisfy the rule, and graphics bundles at 100/100', async () => {
    setup();
    await registerDirectory();
    const id = await create('alice', { WorkspaceProperties: { RootVolumeSizeGib: 175, UserVolumeSizeGib: 100 } });
    await create('bob', { BundleId: BUNDLES.GRAPHICS });
    expect((await describe1(id))!.WorkspaceProperties).toMatchObject({ RootVolumeSizeGib: 175, UserVolumeSizeGib: 100, ComputeTypeName: 'STANDARD' });
  });

  test('a directory that is not REGISTERED yet, and a user the directory does not know', async () => {
    setup({ pollsToRegistered: 3 });
    model.addDirectoryServiceDirectory(DIR, { users: ['alice'] });
    await client.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId: DIR }));
    let out = await client.send(new CreateWorkspacesCommand({ Workspaces: [request('alice')] }));
    expect(out.FailedRequests![0].ErrorCode).toBe('InvalidResourceState.Directory');
    for (let n = 0; n < 4; n++) await client.send(new DescribeWorkspaceDirectoriesCommand({}));
    out = await client.send(new CreateWorkspacesCommand({ Workspaces: [request('carol'), request('Alice')] }));
    expect(out.FailedRequests!.map(f => f.ErrorCode)).toEqual(['ResourceNotFound.User']);
    expect(out.PendingRequests).toHaveLength(1);
  });

  test('eventual consistency: a new WorkSpace is missing from the first invisibleDescribes answers', async () => {
    setup({ invisibleDescribes: 2, pollsToAvailable: 1 });
    await registerDirectory();
    const id = await create('alice');
    expect(await describe1(id)).toBeUndefined();
    expect((await client.send(new DescribeWorkspacesCommand({ DirectoryId: DIR, UserName: 'alice' }))).Workspaces).toEqual([]);
    // Answers that do not include it (another user) do not count.
    await client.send(new DescribeWorkspacesCommand({ DirectoryId: DIR, UserName: 'bob' }));
    expect(await until(id, 'AVAILABLE')).toEqual(['PENDING', 'AVAILABLE']);
  });

  test('filters: by directory and user, by bundle; WorkspaceIds combine with nothing; UserName needs DirectoryId', async () => {
    setup();
    await registerDirectory();
    await create('alice');
    await create('bob', { BundleId: BUNDLES.POWER });
    const names = async (input: object) => (await client.send(new DescribeWorkspacesCommand(input))).Workspaces!.map(w => w.UserName);
    expect(await names({ DirectoryId: DIR })).toEqual(['alice', 'bob']);
    expect(await names({ DirectoryId: DIR, UserName: 'Bob' })).toEqual(['bob']);
    expect(await names({ BundleId: BUNDLES.POWER })).toEqual(['bob']);
    expect(await names({ DirectoryId: 'd-0000000000' })).toEqual([]);
    expect((await failure(names({ WorkspaceIds: ['ws-abc123def'], DirectoryId: DIR }))).name).toBe('InvalidParameterValuesException');
    expect((await failure(names({ UserName: 'alice' }))).name).toBe('InvalidParameterValuesException');
    expect((await failure(names({ DirectoryId: DIR, BundleId: BUNDLES.POWER }))).name).toBe('InvalidParameterValuesException');
  });

  test('pages with Limit and NextToken (25 by default)', async () => {
    setup();
    await registerDirectory();
    const users = Array.from({ length: 27 }, (_, n) => `user${String(n).padStart(2, '0')}`);
    await client.send(new CreateWorkspacesCommand({ Workspaces: users.slice(0, 25).map(u => request(u)) }));
    await client.send(new CreateWorkspacesCommand({ Workspaces: users.slice(25).map(u => request(u)) }));
    const first = await client.send(new DescribeWorkspacesCommand({ DirectoryId: DIR }));
    expect(first.Workspaces).toHaveLength(25);
    const second = await client.send(new DescribeWorkspacesCommand({ DirectoryId: DIR, NextToken: first.NextToken }));
    expect(second.Workspaces!.map(w => w.UserName)).toEqual(['user25', 'user26']);
    expect(second.NextToken).toBeUndefined();
    const small = await client.send(new DescribeWorkspacesCommand({ Limit: 10 }));
    expect(small.Workspaces).toHaveLength(10);
    expect((await failure(client.send(new DescribeWorkspacesCommand({ NextToken: 'garbage' })))).name).toBe('InvalidParameterValuesException');
  });
});

describe('TerminateWorkspaces', () => {
  test('TERMINATING for pollsToGone answers, then gone; unknown ids go to FailedRequests', async () => {
    setup({ pollsToGone: 2 });
    await registerDirectory();
    const id = await available('alice');
    const out = await client.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: id }, { WorkspaceId: 'ws-unknown00' }] }));
    expect(out.FailedRequests).toEqual([{ WorkspaceId: 'ws-unknown00', ErrorCode: 'ResourceNotFound.WorkSpace', ErrorMessage: expect.any(String) }]);
    // Terminating again while TERMINATING is accepted.
    expect((await client.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: id }] }))).FailedRequests).toEqual([]);
    expect(await until(id, undefined)).toEqual(['TERMINATING', 'TERMINATING', undefined]);
    expect(model.isEmpty()).toBe(false); // the directory registration remains
    expect(model.workspaces()).toEqual([]);
  });
});

describe('ModifyWorkspaceProperties', () => {
  beforeEach(async () => {
    setup({ modificationPolls: 2 });
    await registerDirectory();
  });

  test('refused unless AVAILABLE or STOPPED', async () => {
    const id = await create('alice');
    expect(await failure(modify(id, { RunningMode: 'AUTO_STOP' }))).toBeInstanceOf(InvalidResourceStateException);
    expect((await failure(modify('ws-unknown00', { RunningMode: 'AUTO_STOP' }))).name).toBe('ResourceNotFoundException');
  });

  test.each([
    ['volume and compute in one call', { ComputeTypeName: 'PERFORMANCE', RootVolumeSizeGib: 80 }, 'InvalidParameterValuesException', /same request/],
    ['root and user increased in one call', { RootVolumeSizeGib: 175, UserVolumeSizeGib: 100 }, 'InvalidParameterValuesException', /root and the user volume/],
    ['a decrease', { UserVolumeSizeGib: 10 }, 'InvalidParameterValuesException', /cannot be decreased/],
    ['a combination outside the rule', { UserVolumeSizeGib: 60 }, 'InvalidParameterValuesException', /not a supported combination/],
    ['root 175 with user 50', { RootVolumeSizeGib: 175 }, 'InvalidParameterValuesException', /175 GiB \/ user 50/],
    ['entering a graphics family', { ComputeTypeName: 'GRAPHICS_G4DN' }, 'UnsupportedWorkspaceConfigurationException', /graphics/],
    ['a timeout without AUTO_STOP', { RunningModeAutoStopTimeoutInMinutes: 120 }, 'InvalidParameterValuesException', /AUTO_STOP/],
    ['a timeout that is not a multiple of 60', { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 45 }, 'InvalidParameterValuesException', /multiple of 60/],
    ['nothing to change', {}, 'InvalidParameterValuesException', /at least one/],
  ])('refuses %s', async (_what, props, name, message) => {
    const id = await available('alice'); // STANDARD 80/50
    const e = await failure(modify(id, props as WorkspaceProperties));
    expect(e.name).toBe(name);
    expect(e.message).toMatch(message);
    expect((await describe1(id))!.WorkspaceProperties).toMatchObject({ RootVolumeSizeGib: 80, UserVolumeSizeGib: 50, ComputeTypeName: 'STANDARD' });
  });

  test('leaving a graphics family is refused', async () => {
    const id = await available('alice', { BundleId: BUNDLES.GRAPHICS });
    expect((await failure(modify(id, { ComputeTypeName: 'POWER' }))).name).toBe('UnsupportedWorkspaceConfigurationException');
    await modify(id, { ComputeTypeName: 'GRAPHICSPRO_G4DN' }); // graphics to graphics is fine
  });

  test('running mode, timeout and protocols apply at once', async () => {
    const id = await available('alice');
    await modify(id, { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 120, Protocols: ['WSP'] });
    const w = (await describe1(id))!;
    expect(w.State).toBe('AVAILABLE');
    expect(w.ModificationStates).toBeUndefined();
    expect(w.WorkspaceProperties).toMatchObject({ RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 120, Protocols: ['WSP'] });
    await modify(id, { RunningMode: 'ALWAYS_ON' });
    expect((await describe1(id))!.WorkspaceProperties!.RunningModeAutoStopTimeoutInMinutes).toBeUndefined();
  });

  test('a volume change: UPDATING with UPDATE_INITIATED, then UPDATE_IN_PROGRESS, then applied', async () => {
    const id = await available('alice');
    await modify(id, { UserVolumeSizeGib: 100 });
    const seen = [];
    for (let n = 0; n < 3; n++) {
      const w = (await describe1(id))!;
      seen.push([w.State, w.ModificationStates?.[0]?.State, w.WorkspaceProperties!.UserVolumeSizeGib]);
    }
    expect(seen).toEqual([
      ['UPDATING', 'UPDATE_INITIATED', 50],
      ['UPDATING', 'UPDATE_IN_PROGRESS', 50],
      ['AVAILABLE', undefined, 100],
    ]);
  });

  test('a modification in progress refuses another with OperationInProgressException', async () => {
    const id = await available('alice');
    await modify(id, { ComputeTypeName: 'PERFORMANCE' });
    expect((await describe1(id))!.ModificationStates).toEqual([{ Resource: 'COMPUTE_TYPE', State: 'UPDATE_INITIATED' }]);
    expect((await failure(modify(id, { RootVolumeSizeGib: 175, UserVolumeSizeGib: 50 }))).name).toBe('OperationInProgressException');
    await until(id, 'AVAILABLE');
    expect((await describe1(id))!.WorkspaceProperties!.ComputeTypeName).toBe('PERFORMANCE');
    // One volume at a time, in the order the rule allows: user first (80/100), then root (175/100).
    await modify(id, { UserVolumeSizeGib: 100 });
    await until(id, 'AVAILABLE');
    await modify(id, { RootVolumeSizeGib: 175 });
    await until(id, 'AVAILABLE');
    expect((await describe1(id))!.WorkspaceProperties).toMatchObject({ RootVolumeSizeGib: 175, UserVolumeSizeGib: 100 });
  });

  test('failModification: UPDATE_FAILED is left, nothing is applied, the WorkSpace is AVAILABLE again', async () => {
    const id = await available('alice');
    await modify(id, { UserVolumeSizeGib: 100 });
    model.failModification(id, 'USER_VOLUME');
    await until(id, 'AVAILABLE');
    const w = (await describe1(id))!;
    expect(w.ModificationStates).toEqual([{ Resource: 'USER_VOLUME', State: 'UPDATE_FAILED' }]);
    expect(w.WorkspaceProperties!.UserVolumeSizeGib).toBe(50);
    // A new attempt is allowed and succeeds.
    await modify(id, { UserVolumeSizeGib: 100 });
    await until(id, 'AVAILABLE');
    expect((await describe1(id))!).toMatchObject({ WorkspaceProperties: { UserVolumeSizeGib: 100 } });
    expect((await describe1(id))!.ModificationStates).toBeUndefined();
  });
});

describe('MigrateWorkspace', () => {
  test('a new WorkSpace for the same user with the new bundle and the old user volume; the source goes; tags are not copied', async () => {
    setup({ pollsToGone: 1, pollsToAvailable: 1 });
    await registerDirectory();
    const source = await available('alice', { BundleId: BUNDLES.PERFORMANCE, Tags: [{ Key: 'team', Value: 'a' }] }); // 80/100
    const out = await client.send(new MigrateWorkspaceCommand({ SourceWorkspaceId: source, BundleId: BUNDLES.POWER }));
    expect(out.SourceWorkspaceId).toBe(source);
    const target = out.TargetWorkspaceId!;
    expect(target).not.toBe(source);
    expect(await until(source, undefined)).toEqual(['TERMINATING', undefined]);
    expect(await until(target, 'AVAILABLE')).toEqual(['PENDING', 'AVAILABLE']);
    expect(await describe1(target)).toMatchObject({
      UserName: 'alice',
      DirectoryId: DIR,
      BundleId: BUNDLES.POWER,
      WorkspaceProperties: { ComputeTypeName: 'POWER', RootVolumeSizeGib: 175, UserVolumeSizeGib: 100 },
    });
    expect(model.tagsOf(target)).toEqual([]);
  });

  test('refusals: in progress, unknown bundle, same bundle', async () => {
    setup();
    await registerDirectory();
    const id = await create('alice');
    const migrate = (BundleId: string) => failure(client.send(new MigrateWorkspaceCommand({ SourceWorkspaceId: id, BundleId })));
    expect((await migrate(BUNDLES.POWER)).name).toBe('OperationInProgressException');
    await until(id, 'AVAILABLE');
    expect((await migrate('wsb-unknown00')).name).toBe('ResourceNotFoundException');
    expect((await migrate(BUNDLES.STANDARD)).name).toBe('InvalidParameterValuesException');
    await client.send(new ModifyWorkspaceStateCommand({ WorkspaceId: id, WorkspaceState: 'ADMIN_MAINTENANCE' }));
    expect((await migrate(BUNDLES.POWER)).name).toBe('OperationNotSupportedException');
  });

  test('a WorkSpace in the middle of a migration blocks deregistration and a new WorkSpace for the user', async () => {
    setup();
    await registerDirectory();
    const id = await available('alice');
    await client.send(new MigrateWorkspaceCommand({ SourceWorkspaceId: id, BundleId: BUNDLES.PERFORMANCE }));
    expect(model.workspaces().map(w => w.State).sort()).toEqual(['PENDING', 'TERMINATING']);
    const out = await client.send(new CreateWorkspacesCommand({ Workspaces: [request('alice')] }));
    expect(out.FailedRequests![0].ErrorCode).toBe('ResourceExists.WorkSpace');
  });
});

describe('WorkSpace state changes', () => {
  test('ModifyWorkspaceState: AVAILABLE <-> ADMIN_MAINTENANCE only', async () => {
    setup();
    await registerDirectory();
    const id = await create('alice');
    const set = (WorkspaceState: 'AVAILABLE' | 'ADMIN_MAINTENANCE') => client.send(new ModifyWorkspaceStateCommand({ WorkspaceId: id, WorkspaceState }));
    expect(await failure(set('ADMIN_MAINTENANCE'))).toBeInstanceOf(InvalidResourceStateException);
    await until(id, 'AVAILABLE');
    await set('ADMIN_MAINTENANCE');
    expect((await describe1(id))!.State).toBe('ADMIN_MAINTENANCE');
    expect((await failure(modify(id, { UserVolumeSizeGib: 100 }))).name).toBe('InvalidResourceStateException');
    await set('AVAILABLE');
    expect((await describe1(id))!.State).toBe('AVAILABLE');
  });

  test('Stop and Start need AUTO_STOP; Reboot', async () => {
    setup({ pollsToAvailable: 1 });
    await registerDirectory();
    const always = await available('alice');
    const auto = await available('bob', { WorkspaceProperties: { RunningMode: 'AUTO_STOP' } });
    const stop = await client.send(new StopWorkspacesCommand({ StopWorkspaceRequests: [{ WorkspaceId: always }, { WorkspaceId: auto }] }));
    expect(stop.FailedRequests!.map(f => f.WorkspaceId)).toEqual([always]);
    expect(await until(auto, 'STOPPED')).toEqual(['STOPPING', 'STOPPED']);
    await modify(auto, { UserVolumeSizeGib: 100 }); // STOPPED WorkSpaces can be modified
    await until(auto, 'STOPPED');
    await client.send(new StartWorkspacesCommand({ StartWorkspaceRequests: [{ WorkspaceId: auto }] }));
    expect(await until(auto, 'AVAILABLE')).toEqual(['STARTING', 'AVAILABLE']);
    await client.send(new RebootWorkspacesCommand({ RebootWorkspaceRequests: [{ WorkspaceId: always }] }));
    expect(await until(always, 'AVAILABLE')).toEqual(['REBOOTING', 'AVAILABLE']);
  });
});

describe('tags', () => {
  test('CreateTags, DeleteTags and DescribeTags on WorkSpaces, directories and IP groups', async () => {
    setup();
    await registerDirectory();
    const ws = await create('alice');
    const { GroupId } = await client.send(new CreateIpGroupCommand({ GroupName: 'office' }));
    for (const ResourceId of [ws, DIR, GroupId!]) {
      await client.send(new CreateTagsCommand({ ResourceId, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
      await client.send(new CreateTagsCommand({ ResourceId, Tags: [{ Key: 'a', Value: '3' }] }));
      await client.send(new DeleteTagsCommand({ ResourceId, TagKeys: ['b', 'missing'] }));
      expect((await client.send(new DescribeTagsCommand({ ResourceId }))).TagList).toEqual([{ Key: 'a', Value: '3' }]);
    }
  });

  test('limits: 50 per resource, no aws: keys, unknown resources', async () => {
    setup();
    await registerDirectory();
    const ws = await create('alice');
    const tags = (n: number, prefix = 't') => Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: 'v' }));
    await client.send(new CreateTagsCommand({ ResourceId: ws, Tags: tags(50) }));
    await client.send(new CreateTagsCommand({ ResourceId: ws, Tags: tags(50) })); // same keys: still 50
    expect((await failure(client.send(new CreateTagsCommand({ ResourceId: ws, Tags: tags(1, 'x') })))).name).toBe('ResourceLimitExceededException');
    expect((await failure(client.send(new CreateTagsCommand({ ResourceId: DIR, Tags: [{ Key: 'AWS:x', Value: 'v' }] })))).name).toBe('InvalidParameterValuesException');
    expect((await failure(client.send(new CreateTagsCommand({ ResourceId: 'ws-unknown00', Tags: tags(1) })))).name).toBe('ResourceNotFoundException');
    expect((await failure(client.send(new DescribeTagsCommand({ ResourceId: 'wsipg-unknown00' })))).name).toBe('ResourceNotFoundException');
    expect((await failure(client.send(new DeleteTagsCommand({ ResourceId: 'd-0000000000', TagKeys: ['a'] })))).name).toBe('ResourceNotFoundException');
    expect(model.tagsOf(ws)).toHaveLength(50);
    expect(model.tagsOf('ws-unknown00')).toEqual([]);
  });
});
