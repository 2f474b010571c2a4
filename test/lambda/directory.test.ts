// Custom::WorkSpacesDirectory handler against the in-memory WorkSpaces model, driven the way the
// Provider framework drives it (onEvent, then isComplete polls, properties as strings).
import {
  CreateIpGroupCommand,
  CreateWorkspacesCommand,
  DescribeWorkspaceDirectoriesCommand,
  ModifySelfservicePermissionsCommand,
  RegisterWorkspaceDirectoryCommand,
  TerminateWorkspacesCommand,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { AwsClientStub } from 'aws-sdk-client-mock';
import { isComplete, onEvent } from '../../lambda';
import { DirectoryAttributes, OWNER_TAG_KEY, REQUEST_TAG_KEY, ResourceTypes } from '../../src/custom-resources/contract';
import { cfnEvent, EventOptions, runExpectingFailure, runToCompletion, STACK_ID } from '../support/provider-framework';
import { BUNDLES, ModelCall, WorkspacesModel } from '../support/workspaces-model';

const DIR = 'd-1234567890';
const OTHER_DIR = 'd-abcdef0123';
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'];
const OTHER_SUBNETS = ['subnet-11111111', 'subnet-22222222'];
const LOGICAL_ID = 'Directory';
const OWNER = `${STACK_ID}|${LOGICAL_ID}`;

/** What a test can send: the construct's properties, before CloudFormation stringifies them. */
type Props = Record<string, unknown>;
const BASE: Props = { DirectoryId: DIR, SubnetIds: SUBNETS };

let model: WorkspacesModel;
let stub: AwsClientStub<WorkSpacesClient>;
// A client of "someone else" (the console, another tool): routed to the same model.
const outside = new WorkSpacesClient({ region: 'us-east-1' });

beforeEach(() => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  model = new WorkspacesModel({ pollsToRegistered: 2, pollsToGone: 2, pollsToAvailable: 1 });
  stub = model.install();
  model.addDirectoryServiceDirectory(DIR, { subnetIds: SUBNETS });
  model.addDirectoryServiceDirectory(OTHER_DIR);
});

afterEach(() => {
  stub.restore();
  jest.restoreAllMocks();
});

function event(requestType: EventOptions['requestType'], properties: Props, extra: Partial<EventOptions> = {}) {
  return cfnEvent({ requestType, resourceType: ResourceTypes.DIRECTORY, logicalResourceId: LOGICAL_ID, properties, ...extra });
}

function createEvent(properties: Props = BASE, extra: Partial<EventOptions> = {}) {
  return event('Create', properties, extra);
}

function updateEvent(oldProperties: Props, properties: Props, extra: Partial<EventOptions> = {}) {
  return event('Update', properties, { oldProperties, physicalResourceId: DIR, ...extra });
}

function deleteEvent(properties: Props = BASE, physicalResourceId = DIR) {
  return event('Delete', properties, { physicalResourceId });
}

/** Every call that changes something (anything but Describe*), optionally from an index on. */
function mutatingCalls(from = 0): ModelCall[] {
  return model.calls.slice(from).filter(c => !c.operation.startsWith('Describe'));
}

function operations(calls: ModelCall[]): string[] {
  return calls.map(c => c.operation);
}

function directory(id = DIR) {
  const found = model.directories().find(d => d.DirectoryId === id);
  if (!found) throw new Error(`no registration of ${id} in the model`);
  return found;
}

function tagMap(id = DIR): Record<string, string | undefined> {
  return Object.fromEntries(model.tagsOf(id).map(t => [t.Key!, t.Value]));
}

/** Creates the directory resource and returns the number of calls made so far. */
async function created(properties: Props = BASE): Promise<number> {
  await runToCompletion(createEvent(properties));
  return model.calls.length;
}

/** Registers DIR the way someone outside this stack would, and waits until it is REGISTERED. */
async function registerOutside(tags: Array<{ Key: string; Value: string }> = []) {
  await outside.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId: DIR, SubnetIds: SUBNETS, Tags: tags }));
  for (let i = 0; i < 5; i++) await outside.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [DIR] }));
  expect(directory().State).toBe('REGISTERED');
}

async function ipGroups(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push((await outside.send(new CreateIpGroupCommand({ GroupName: `group-${i}`, UserRules: [{ ipRule: `10.0.${i}.0/24` }] }))).GroupId!);
  }
  return ids;
}

async function workspaceIn(directoryId: string, userName: string): Promise<string> {
  const out = await outside.send(new CreateWorkspacesCommand({
    Workspaces: [{ DirectoryId: directoryId, UserName: userName, BundleId: BUNDLES.STANDARD }],
  }));
  expect(out.FailedRequests).toEqual([]);
  return out.PendingRequests![0].WorkspaceId!;
}

describe('create', () => {
  test('registers the directory with what the user set, tags it, and returns its attributes', async () => {
    const outcome = await runToCompletion(createEvent({ ...BASE, Tenancy: 'SHARED', EnableSelfService: true, Tags: [{ Key: 'Team', Value: 'euc' }] }));

    expect(outcome.physicalResourceId).toBe(DIR);
    const registered = directory();
    expect(registered.State).toBe('REGISTERED');
    expect(outcome.data).toEqual({
      [DirectoryAttributes.DIRECTORY_ID]: DIR,
      [DirectoryAttributes.REGISTRATION_CODE]: registered.RegistrationCode,
      [DirectoryAttributes.WORKSPACE_SECURITY_GROUP_ID]: registered.WorkspaceSecurityGroupId,
    });
    expect(registered.RegistrationCode).toBeTruthy();
    expect(registered.WorkspaceSecurityGroupId).toMatch(/^sg-/);
    // Only what the user set, parsed back from CloudFormation's strings.
    const [register] = model.callsTo('RegisterWorkspaceDirectory');
    expect(register).toEqual({
      DirectoryId: DIR,
      SubnetIds: SUBNETS,
      Tenancy: 'SHARED',
      EnableSelfService: true,
      Tags: [
        { Key: 'Team', Value: 'euc' },
        { Key: OWNER_TAG_KEY, Value: OWNER },
        { Key: REQUEST_TAG_KEY, Value: expect.any(String) },
      ],
    });
    expect(tagMap()).toEqual({ Team: 'euc', [OWNER_TAG_KEY]: OWNER, [REQUEST_TAG_KEY]: register.Tags[2].Value });
    // One registration, nothing else changed: the settings are the ones registration gave.
    expect(operations(mutatingCalls())).toEqual(['RegisterWorkspaceDirectory']);
  });

  test('sends nothing the user did not set', async () => {
    await runToCompletion(createEvent({ DirectoryId: DIR }));
    expect(model.callsTo('RegisterWorkspaceDirectory')).toEqual([{
      DirectoryId: DIR,
      Tags: [{ Key: OWNER_TAG_KEY, Value: OWNER }, { Key: REQUEST_TAG_KEY, Value: expect.any(String) }],
    }]);
    expect(directory().SubnetIds).toEqual(SUBNETS); // the directory's own subnets
  });

  test('applies the settings after registration, one call per poll', async () => {
    const [g1] = await ipGroups(1);
    const before = model.calls.length;
    await runToCompletion(createEvent({
      ...BASE,
      SelfservicePermissions: { RebuildWorkspace: 'ENABLED' },
      WorkspaceAccessProperties: { DeviceTypeWeb: 'ALLOW' },
      WorkspaceCreationProperties: { EnableInternetAccess: true },
      ClientProperties: { ReconnectEnabled: 'DISABLED' },
      IpGroupIds: [g1],
    }));

    expect(operations(mutatingCalls(before))).toEqual([
      'RegisterWorkspaceDirectory',
      'ModifySelfservicePermissions',
      'ModifyWorkspaceAccessProperties',
      'ModifyWorkspaceCreationProperties',
      'ModifyClientProperties',
      'AssociateIpGroups',
    ]);
    // Each request carries only the fields the user set, typed as the API wants them.
    expect(model.callsTo('ModifySelfservicePermissions')).toEqual([{ ResourceId: DIR, SelfservicePermissions: { RebuildWorkspace: 'ENABLED' } }]);
    expect(model.callsTo('ModifyWorkspaceAccessProperties')).toEqual([{ ResourceId: DIR, WorkspaceAccessProperties: { DeviceTypeWeb: 'ALLOW' } }]);
    expect(model.callsTo('ModifyWorkspaceCreationProperties')).toEqual([{ ResourceId: DIR, WorkspaceCreationProperties: { EnableInternetAccess: true } }]);
    expect(model.callsTo('ModifyClientProperties')).toEqual([{ ResourceId: DIR, ClientProperties: { ReconnectEnabled: 'DISABLED' } }]);
    expect(model.callsTo('AssociateIpGroups')).toEqual([{ DirectoryId: DIR, GroupIds: [g1] }]);
    const d = directory();
    expect(d.SelfservicePermissions?.RebuildWorkspace).toBe('ENABLED');
    expect(d.WorkspaceAccessProperties?.DeviceTypeWeb).toBe('ALLOW');
    expect(d.WorkspaceCreationProperties?.EnableInternetAccess).toBe(true);
    expect(d.ipGroupIds).toEqual([g1]);
  });

  test('a directory that is not Active yet is retried on the next poll, then registered', async () => {
    model.addDirectoryServiceDirectory(DIR, { subnetIds: SUBNETS, activeAfterRegisterAttempts: 3 });

    const outcome = await runToCompletion(createEvent());

    expect(outcome.physicalResourceId).toBe(DIR);
    expect(directory().State).toBe('REGISTERED');
    // Three refusals (InvalidResourceState), then one registration.
    expect(model.callsTo('RegisterWorkspaceDirectory')).toHaveLength(4);
    expect(model.directories()).toHaveLength(1);
  });

  test('Register answering ResourceAlreadyExists (a registration not visible yet) is re-read on the next poll, not failed', async () => {
    model.failNext('RegisterWorkspaceDirectory', 'ResourceAlreadyExistsException', 'Directory d-1234567890 is already registered');

    const outcome = await runToCompletion(createEvent());

    expect(outcome.physicalResourceId).toBe(DIR);
    expect(model.callsTo('RegisterWorkspaceDirectory')).toHaveLength(2);
    expect(model.directories()).toHaveLength(1);
  });

  test('a missing workspaces_DefaultRole fails with a message naming it, without a registration', async () => {
    model.defaultRoleExists = false;

    const { physicalResourceId, error } = await runExpectingFailure(createEvent());

    expect(physicalResourceId).toBe(DIR);
    expect(error.message).toMatch(/^WorkspacesDefaultRoleNotFoundException: .* \(resource d-1234567890\)\. /);
    expect(error.message).toContain('Create the workspaces_DefaultRole IAM role first');
    expect(model.directories()).toEqual([]);
  });

  test('the same Create twice registers once; the second adopts the registration', async () => {
    const create = createEvent();
    // The first attempt gets as far as the registration…
    await onEvent(create);
    expect((await isComplete({ ...create, PhysicalResourceId: DIR })).IsComplete).toBe(false);
    expect(model.callsTo('RegisterWorkspaceDirectory')).toHaveLength(1);
    // …then the same request arrives again (Provider framework retry) and runs to the end.
    const outcome = await runToCompletion(create);
    // …and once more after it completed.
    const again = await runToCompletion(create);

    expect(model.callsTo('RegisterWorkspaceDirectory')).toHaveLength(1);
    expect(model.directories()).toHaveLength(1);
    expect(outcome.data[DirectoryAttributes.REGISTRATION_CODE]).toBe(directory().RegistrationCode);
    expect(again.data).toEqual(outcome.data);
  });

  test('refuses a directory registered outside the stack, and its rollback deregisters nothing', async () => {
    await registerOutside([{ Key: 'Team', Value: 'someone-else' }]);
    const before = model.calls.length;

    const { physicalResourceId, error } = await runExpectingFailure(createEvent());

    // Refused in onEvent: CloudFormation keeps a placeholder id, nothing was made.
    expect(physicalResourceId).toBeUndefined();
    expect(error.message).toMatch(/^ResourceAlreadyExistsException: directory d-1234567890 is already registered with WorkSpaces outside this stack/);
    expect(error.message).toContain('WorkspacesDirectory.fromDirectoryId');
    expect(mutatingCalls(before)).toEqual([]);

    // Even a Delete naming the directory (worst case) leaves the foreign registration alone.
    await runToCompletion(deleteEvent());
    expect(model.callsTo('DeregisterWorkspaceDirectory')).toEqual([]);
    expect(mutatingCalls(before)).toEqual([]);
    expect(directory().State).toBe('REGISTERED');
    expect(tagMap()).toEqual({ Team: 'someone-else' });
  });

  test('refuses a registration owned by another resource of the same stack', async () => {
    await runToCompletion(createEvent(BASE, { logicalResourceId: 'FirstDirectory' }));

    const { error } = await runExpectingFailure(createEvent());

    expect(error.message).toContain(`owner tag ${OWNER_TAG_KEY}=${STACK_ID}|FirstDirectory`);
    expect(model.callsTo('RegisterWorkspaceDirectory')).toHaveLength(1);
  });

  test('refuses a registration someone else starts between onEvent and the first poll', async () => {
    const create = createEvent();
    const started = await onEvent(create);
    expect(started.PhysicalResourceId).toBe(DIR);
    await outside.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId: DIR, SubnetIds: SUBNETS }));

    await expect(isComplete({ ...create, PhysicalResourceId: DIR })).rejects.toThrow(/already registered with WorkSpaces outside this stack/);
    // The rollback Delete gets the real id but does not touch the foreign registration.
    await runToCompletion(deleteEvent());
    expect(model.callsTo('DeregisterWorkspaceDirectory')).toEqual([]);
    expect(model.directories()).toHaveLength(1);
  });

  test('invalid properties are refused in onEvent, before any call', async () => {
    const { physicalResourceId, error } = await runExpectingFailure(createEvent({
      ...BASE, Tags: [{ Key: 'aws:team', Value: 'x' }],
    }));
    expect(physicalResourceId).toBeUndefined();
    expect(error.message).toMatch(/^InvalidParameterValuesException: tag keys starting with "aws:" are reserved/);
    await expect(runToCompletion(createEvent({ ...BASE, Tenancy: 'SOMETIMES' }))).rejects.toThrow(/Tenancy must be one of DEDICATED, SHARED/);
    await expect(runToCompletion(createEvent({ ...BASE, SelfservicePermissions: { RestartWorkspace: 'YES' } })))
      .rejects.toThrow(/SelfservicePermissions.RestartWorkspace must be one of ENABLED, DISABLED/);
    await expect(runToCompletion(createEvent({ ...BASE, Tags: [{ Key: OWNER_TAG_KEY, Value: 'x' }] }))).rejects.toThrow(/reserved for cdk-workspaces/);
    expect(model.calls).toEqual([]);
  });
});

describe('transient and terminal failures', () => {
  test('throttling of Register and of Describe is retried, and the Create completes', async () => {
    model.throttleNext('DescribeWorkspaceDirectories', 3);
    model.throttleNext('RegisterWorkspaceDirectory', 2);

    const outcome = await runToCompletion(createEvent());

    expect(outcome.data[DirectoryAttributes.DIRECTORY_ID]).toBe(DIR);
    expect(directory().State).toBe('REGISTERED');
    expect(model.directories()).toHaveLength(1);
    // 2 throttled + 1 successful registration.
    expect(model.callsTo('RegisterWorkspaceDirectory')).toHaveLength(3);
  });

  test('throttling of DescribeTags in onEvent postpones the ownership check to the polls', async () => {
    await registerOutside();
    model.throttleNext('DescribeTags', 1);

    const { physicalResourceId, error } = await runExpectingFailure(createEvent());

    expect(physicalResourceId).toBe(DIR);
    expect(error.message).toContain('outside this stack');
    expect(model.callsTo('RegisterWorkspaceDirectory')).toHaveLength(1); // only the outside one
  });

  test('a registration in ERROR fails with the code, the directory id and what to do', async () => {
    await runToCompletion(createEvent());
    const registered = directory();
    const { Tags: _tags, ...rendered } = registered;
    stub.on(DescribeWorkspaceDirectoriesCommand).resolves({
      Directories: [{ ...rendered, State: 'ERROR', ErrorMessage: 'The directory DNS servers are unreachable.' }],
    });

    const { error } = await runExpectingFailure(updateEvent(BASE, { ...BASE, Tags: [{ Key: 'a', Value: 'b' }] }));

    expect(error.message).toBe(
      'DirectoryRegistrationFailed: the registration of directory d-1234567890 is in state ERROR: The directory DNS servers are unreachable '
      + '(resource d-1234567890). Check the directory in AWS Directory Service (it must be Active, its subnets in Availability Zones '
      + 'WorkSpaces supports, its DNS reachable). Deleting this resource (the stack rollback does it) deregisters the failed registration; then deploy again.');
    expect(model.callsTo('CreateTags').map(c => c.Tags)).toEqual([[{ Key: REQUEST_TAG_KEY, Value: expect.any(String) }]]);
  });

  test('AccessDenied fails with the code, the directory id and advice, and registers nothing', async () => {
    model.failNext('RegisterWorkspaceDirectory', 'AccessDeniedException', 'User is not authorized to perform workspaces:RegisterWorkspaceDirectory.');

    const { physicalResourceId, error } = await runExpectingFailure(createEvent());

    expect(physicalResourceId).toBe(DIR);
    expect(error.message).toBe('AccessDeniedException: User is not authorized to perform workspaces:RegisterWorkspaceDirectory (resource d-1234567890). '
      + 'The handler role lacks a permission cdk-workspaces grants it; check permission boundaries and SCPs.');
    expect(model.directories()).toEqual([]);
  });

  test('an Update of a registration deregistered outside CloudFormation fails clearly', async () => {
    await runToCompletion(createEvent());
    // Deregistered outside CloudFormation (the model still holds its tags): Describe no longer lists it.
    stub.on(DescribeWorkspaceDirectoriesCommand).resolves({ Directories: [] });

    const { error } = await runExpectingFailure(updateEvent(BASE, { ...BASE, Tags: [{ Key: 'a', Value: 'b' }] }));

    expect(error.message).toMatch(/^ResourceNotFoundException: directory d-1234567890 is no longer registered with WorkSpaces \(resource d-1234567890\)\. It was deregistered outside CloudFormation/);
    expect(model.callsTo('RegisterWorkspaceDirectory')).toHaveLength(1);
  });
});

describe('update in place', () => {
  test('self-service permissions: only the changed fields the user set are sent', async () => {
    const old = { ...BASE, SelfservicePermissions: { RebuildWorkspace: 'ENABLED' } };
    const before = await created(old);

    await runToCompletion(updateEvent(old, { ...BASE, SelfservicePermissions: { RebuildWorkspace: 'DISABLED', SwitchRunningMode: 'ENABLED' } }));

    expect(model.callsTo('ModifySelfservicePermissions').slice(1)).toEqual([
      { ResourceId: DIR, SelfservicePermissions: { RebuildWorkspace: 'DISABLED', SwitchRunningMode: 'ENABLED' } },
    ]);
    expect(directory().SelfservicePermissions).toEqual({
      RestartWorkspace: 'ENABLED', IncreaseVolumeSize: 'DISABLED', ChangeComputeType: 'DISABLED', SwitchRunningMode: 'ENABLED', RebuildWorkspace: 'DISABLED',
    });
    expect(operations(mutatingCalls(before))).toEqual(['CreateTags', 'ModifySelfservicePermissions']);
  });

  test('EnableSelfService changed in an Update maps onto the permissions a registration with it gets; explicit fields win', async () => {
    const old = { ...BASE, EnableSelfService: false };
    const before = await created(old);
    expect(directory().SelfservicePermissions?.ChangeComputeType).toBe('DISABLED');

    await runToCompletion(updateEvent(old, { ...BASE, EnableSelfService: true, SelfservicePermissions: { RebuildWorkspace: 'DISABLED' } }));

    expect(model.callsTo('ModifySelfservicePermissions')).toEqual([{
      ResourceId: DIR,
      SelfservicePermissions: {
        RestartWorkspace: 'ENABLED', IncreaseVolumeSize: 'ENABLED', ChangeComputeType: 'ENABLED', SwitchRunningMode: 'ENABLED', RebuildWorkspace: 'DISABLED',
      },
    }]);
    expect(operations(mutatingCalls(before))).toEqual(['CreateTags', 'ModifySelfservicePermissions']);

    // Its rollback restores what the registration had.
    const rollbackFrom = { ...BASE, EnableSelfService: true, SelfservicePermissions: { RebuildWorkspace: 'DISABLED' } };
    await runToCompletion(updateEvent(rollbackFrom, old));
    expect(directory().SelfservicePermissions).toEqual({
      RestartWorkspace: 'ENABLED', IncreaseVolumeSize: 'DISABLED', ChangeComputeType: 'DISABLED', SwitchRunningMode: 'DISABLED', RebuildWorkspace: 'DISABLED',
    });
  });

  test('access properties', async () => {
    const before = await created();

    await runToCompletion(updateEvent(BASE, { ...BASE, WorkspaceAccessProperties: { DeviceTypeWeb: 'ALLOW', DeviceTypeLinux: 'ALLOW', DeviceTypeWindows: 'ALLOW' } }));

    expect(model.callsTo('ModifyWorkspaceAccessProperties')).toEqual([{
      ResourceId: DIR, WorkspaceAccessProperties: { DeviceTypeWeb: 'ALLOW', DeviceTypeLinux: 'ALLOW', DeviceTypeWindows: 'ALLOW' },
    }]);
    expect(directory().WorkspaceAccessProperties).toMatchObject({ DeviceTypeWeb: 'ALLOW', DeviceTypeLinux: 'ALLOW', DeviceTypeOsx: 'ALLOW' });
    expect(operations(mutatingCalls(before))).toEqual(['CreateTags', 'ModifyWorkspaceAccessProperties']);

    // Setting only values the directory already has makes no call.
    const mark = model.calls.length;
    await runToCompletion(updateEvent(BASE, { ...BASE, WorkspaceAccessProperties: { DeviceTypeWindows: 'ALLOW', DeviceTypeWeb: 'ALLOW' } }));
    expect(operations(mutatingCalls(mark))).toEqual(['CreateTags']);
  });

  test('creation properties, booleans sent as booleans', async () => {
    const before = await created();
    const creation = {
      EnableInternetAccess: true,
      UserEnabledAsLocalAdministrator: false,
      DefaultOu: 'OU=WorkSpaces,DC=corp,DC=example,DC=com',
      CustomSecurityGroupId: 'sg-0123456789abcdef0',
    };

    await runToCompletion(updateEvent(BASE, { ...BASE, WorkspaceCreationProperties: creation }));

    expect(model.callsTo('ModifyWorkspaceCreationProperties')).toEqual([{ ResourceId: DIR, WorkspaceCreationProperties: creation }]);
    expect(directory().WorkspaceCreationProperties).toEqual({ ...creation, EnableMaintenanceMode: true });
    expect(operations(mutatingCalls(before))).toEqual(['CreateTags', 'ModifyWorkspaceCreationProperties']);
  });

  test('client properties are compared with DescribeClientProperties', async () => {
    const before = await created();

    await runToCompletion(updateEvent(BASE, { ...BASE, ClientProperties: { ReconnectEnabled: 'DISABLED' } }));

    expect(model.callsTo('ModifyClientProperties')).toEqual([{ ResourceId: DIR, ClientProperties: { ReconnectEnabled: 'DISABLED' } }]);
    expect(operations(mutatingCalls(before))).toEqual(['CreateTags', 'ModifyClientProperties']);
    expect(model.callsTo('DescribeClientProperties').length).toBeGreaterThanOrEqual(2); // compared before and after

    const mark = model.calls.length;
    const desired = { ...BASE, ClientProperties: { ReconnectEnabled: 'DISABLED', LogUploadEnabled: 'ENABLED' } };
    await runToCompletion(updateEvent(BASE, desired));
    expect(operations(mutatingCalls(mark))).toEqual(['CreateTags']);
  });

  test('IP groups: missing ones associated, extra ones disassociated, never an empty call', async () => {
    const [g1, g2, g3] = await ipGroups(3);
    const v1 = { ...BASE, IpGroupIds: [g1, g2] };
    await created(v1);
    expect(directory().ipGroupIds).toEqual([g1, g2]);

    const v2 = { ...BASE, IpGroupIds: [g2, g3] };
    let mark = model.calls.length;
    await runToCompletion(updateEvent(v1, v2));
    // Associate first, so the directory is never left without the groups it should have.
    expect(mutatingCalls(mark).slice(1)).toEqual([
      { operation: 'AssociateIpGroups', input: { DirectoryId: DIR, GroupIds: [g3] } },
      { operation: 'DisassociateIpGroups', input: { DirectoryId: DIR, GroupIds: [g1] } },
    ]);
    expect(directory().ipGroupIds?.sort()).toEqual([g2, g3].sort());

    // IpGroupIds unset: no opinion, the associations stay.
    mark = model.calls.length;
    await runToCompletion(updateEvent(v2, BASE));
    expect(operations(mutatingCalls(mark))).toEqual(['CreateTags']);
    expect(directory().ipGroupIds?.sort()).toEqual([g2, g3].sort());

    // An empty list means "none".
    mark = model.calls.length;
    await runToCompletion(updateEvent(BASE, { ...BASE, IpGroupIds: [] }));
    expect(mutatingCalls(mark).slice(1)).toEqual([{ operation: 'DisassociateIpGroups', input: { DirectoryId: DIR, GroupIds: [g2, g3] } }]);
    expect(directory().ipGroupIds).toEqual([]);

    // And "none" again changes nothing.
    mark = model.calls.length;
    await runToCompletion(updateEvent({ ...BASE, IpGroupIds: [] }, { ...BASE, IpGroupIds: [] }));
    expect(operations(mutatingCalls(mark))).toEqual(['CreateTags']);

    for (const c of [...model.callsTo('AssociateIpGroups'), ...model.callsTo('DisassociateIpGroups')]) {
      expect(c.GroupIds.length).toBeGreaterThan(0);
    }
  });

  test('IP groups: disassociates first when associating first would exceed 25 per directory', async () => {
    const groups = await ipGroups(26);
    const v1 = { ...BASE, IpGroupIds: groups.slice(0, 25) };
    await created(v1);
    const v2 = { ...BASE, IpGroupIds: groups.slice(1, 26) };

    const mark = model.calls.length;
    await runToCompletion(updateEvent(v1, v2));

    expect(mutatingCalls(mark).slice(1)).toEqual([
      { operation: 'DisassociateIpGroups', input: { DirectoryId: DIR, GroupIds: [groups[0]] } },
      { operation: 'AssociateIpGroups', input: { DirectoryId: DIR, GroupIds: [groups[25]] } },
    ]);
    expect(directory().ipGroupIds?.sort()).toEqual(groups.slice(1, 26).sort());
  });

  test('tags: added, changed and removed; the internal tags are untouched', async () => {
    const v1 = { ...BASE, Tags: [{ Key: 'Team', Value: 'euc' }, { Key: 'Env', Value: 'dev' }] };
    await created(v1);
    const v2 = { ...BASE, Tags: [{ Key: 'Team', Value: 'platform' }, { Key: 'CostCenter', Value: '42' }, { Key: 'Empty', Value: '' }] };
    const update = updateEvent(v1, v2);

    const mark = model.calls.length;
    await runToCompletion(update);

    expect(mutatingCalls(mark)).toEqual([
      { operation: 'CreateTags', input: { ResourceId: DIR, Tags: [{ Key: REQUEST_TAG_KEY, Value: update.RequestId }] } },
      { operation: 'DeleteTags', input: { ResourceId: DIR, TagKeys: ['Env'] } },
      {
        operation: 'CreateTags',
        input: { ResourceId: DIR, Tags: [{ Key: 'Team', Value: 'platform' }, { Key: 'CostCenter', Value: '42' }, { Key: 'Empty', Value: '' }] },
      },
    ]);
    expect(tagMap()).toEqual({ Team: 'platform', CostCenter: '42', Empty: '', [OWNER_TAG_KEY]: OWNER, [REQUEST_TAG_KEY]: update.RequestId });

    // Removing every user tag keeps the internal ones.
    await runToCompletion(updateEvent(v2, BASE));
    expect(Object.keys(tagMap()).sort()).toEqual([OWNER_TAG_KEY, REQUEST_TAG_KEY]);
  });

  test('old and new properties that differ only in string/boolean form make no change', async () => {
    const props = {
      ...BASE,
      EnableSelfService: false,
      WorkspaceCreationProperties: { EnableInternetAccess: true, UserEnabledAsLocalAdministrator: false },
      SelfservicePermissions: { RebuildWorkspace: 'ENABLED' },
    };
    await created(props);
    // A permission the template does not mention, changed in the console: not the stack's business.
    await outside.send(new ModifySelfservicePermissionsCommand({ ResourceId: DIR, SelfservicePermissions: { IncreaseVolumeSize: 'ENABLED' } }));
    const update = updateEvent(props, props);
    // Old properties as CloudFormation stored them ("true"), new ones typed (true).
    const raw = { ...update, ResourceProperties: { ServiceToken: update.ResourceProperties.ServiceToken, ...props } };
    expect(raw.OldResourceProperties!.EnableSelfService).toBe('false');
    expect(raw.ResourceProperties.EnableSelfService).toBe(false);

    const mark = model.calls.length;
    await runToCompletion(raw);

    // Only the engine's claim of the resource for this request; no setting is sent again.
    expect(mutatingCalls(mark)).toEqual([
      { operation: 'CreateTags', input: { ResourceId: DIR, Tags: [{ Key: REQUEST_TAG_KEY, Value: update.RequestId }] } },
    ]);
    expect(directory().SelfservicePermissions?.IncreaseVolumeSize).toBe('ENABLED');
  });
});

describe('updates refused', () => {
  test('DirectoryId: refused before any call', async () => {
    await created();
    const mark = model.calls.length;

    const { error } = await runExpectingFailure(updateEvent(BASE, { ...BASE, DirectoryId: OTHER_DIR }));

    expect(error.message).toBe('UpdateNotSupported: DirectoryId cannot change in place (registered: d-1234567890, desired: d-abcdef0123) '
      + '(resource d-1234567890). A registration belongs to one directory. To register another directory, give the WorkspacesDirectory a new '
      + 'construct id (CloudFormation registers the new directory, then deregisters this one once its WorkSpaces are gone), or keep this one.');
    expect(model.calls.slice(mark)).toEqual([]);
  });

  test('SubnetIds: refused with no change made; the rollback that restores them succeeds', async () => {
    await created();
    const mark = model.calls.length;
    const changed = { ...BASE, SubnetIds: OTHER_SUBNETS };

    const { error } = await runExpectingFailure(updateEvent(BASE, changed));

    expect(error.message).toMatch(/^UpdateNotSupported: SubnetIds cannot change in place: WorkSpaces fixes a directory's subnets when it is registered /);
    expect(error.message).toContain(`(registered: ${SUBNETS.join(', ')}, desired: ${OTHER_SUBNETS.join(', ')})`);
    expect(error.message).toContain('deregister deliberately: remove the WorkspacesDirectory from the stack and deploy');
    expect(mutatingCalls(mark)).toEqual([]);

    // CloudFormation's rollback swaps old and new: desired is what the directory has.
    const rollback = updateEvent(changed, BASE);
    await runToCompletion(rollback);
    expect(mutatingCalls(mark)).toEqual([
      { operation: 'CreateTags', input: { ResourceId: DIR, Tags: [{ Key: REQUEST_TAG_KEY, Value: rollback.RequestId }] } },
    ]);
    expect(directory().SubnetIds).toEqual(SUBNETS);
  });

  test('SubnetIds: the same subnets in another order are not a change', async () => {
    await created();
    const mark = model.calls.length;
    await runToCompletion(updateEvent(BASE, { ...BASE, SubnetIds: [...SUBNETS].reverse() }));
    expect(operations(mutatingCalls(mark))).toEqual(['CreateTags']);
  });

  test('Tenancy: refused with no change made; the rollback succeeds', async () => {
    const old = { ...BASE, Tenancy: 'SHARED' };
    await created(old);
    const mark = model.calls.length;
    const changed = { ...BASE, Tenancy: 'DEDICATED' };

    const { error } = await runExpectingFailure(updateEvent(old, changed));

    expect(error.message).toMatch(/^UpdateNotSupported: Tenancy cannot change in place: WorkSpaces fixes it when the directory is registered \(registered: SHARED, desired: DEDICATED\) \(resource d-1234567890\)\. To change it, deregister deliberately/);
    expect(mutatingCalls(mark)).toEqual([]);

    await runToCompletion(updateEvent(changed, old));
    expect(operations(mutatingCalls(mark))).toEqual(['CreateTags']);
    expect(directory().Tenancy).toBe('SHARED');
  });
});

describe('delete', () => {
  test('deregisters the directory and waits until it is gone', async () => {
    await created();
    const mark = model.calls.length;

    await runToCompletion(deleteEvent());

    expect(operations(mutatingCalls(mark))).toEqual(['DeregisterWorkspaceDirectory']);
    expect(model.callsTo('DeregisterWorkspaceDirectory')).toEqual([{ DirectoryId: DIR }]);
    expect(model.directories()).toEqual([]);
    expect(model.isEmpty()).toBe(true);
    // Waited through DEREGISTERING: the last Describe no longer listed it.
    expect(model.calls[model.calls.length - 1].operation).toBe('DescribeWorkspaceDirectories');
  });

  test('a registration that is already gone is success, with a single Describe', async () => {
    await runToCompletion(deleteEvent());
    expect(model.calls).toEqual([{ operation: 'DescribeWorkspaceDirectories', input: { DirectoryIds: [DIR] } }]);
  });

  test('a placeholder physical id (failed Create) makes no call at all', async () => {
    await runToCompletion(deleteEvent(BASE, 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED'));
    await runToCompletion(deleteEvent(BASE, '8f1c2a4e-4b8e-4cf1-9f3d-4c1d2e3f4a5b'));
    expect(model.calls).toEqual([]);
  });

  test('Delete works from the physical id even when the old properties no longer parse', async () => {
    await created();
    await runToCompletion(deleteEvent({ DirectoryId: DIR, SomethingFromANewerVersion: 'x' }));
    expect(model.directories()).toEqual([]);
  });

  test('a retained WorkSpace keeps the registration: success, no Deregister call', async () => {
    await created();
    const ws = await workspaceIn(DIR, 'alice');
    const mark = model.calls.length;

    await runToCompletion(deleteEvent());

    expect(mutatingCalls(mark)).toEqual([]);
    expect(model.callsTo('DeregisterWorkspaceDirectory')).toEqual([]);
    expect(directory().State).toBe('REGISTERED');
    expect(model.workspaces().map(w => w.WorkspaceId)).toEqual([ws]);
    const logged = (console.log as jest.Mock).mock.calls.map(c => String(c[0])).join('\n');
    expect(logged).toContain(`still has WorkSpaces that are not being terminated (${ws}`);
  });

  test('a retained WorkSpace on a later page is found (DescribeWorkspaces is paginated)', async () => {
    await created();
    // 25 terminating WorkSpaces fill the first page; the retained one is on the second.
    const terminating: string[] = [];
    for (let i = 0; i < 25; i++) terminating.push(await workspaceIn(DIR, `user${i}`));
    const retained = await workspaceIn(DIR, 'zoe');
    await outside.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: terminating.map(WorkspaceId => ({ WorkspaceId })) }));

    await runToCompletion(deleteEvent());

    expect(model.callsTo('DeregisterWorkspaceDirectory')).toEqual([]);
    expect(model.callsTo('DescribeWorkspaces')[1]).toEqual({ DirectoryId: DIR, NextToken: expect.any(String) });
    expect(directory().State).toBe('REGISTERED');
    expect(model.workspaces().map(w => w.WorkspaceId)).toContain(retained);
  });

  test('a WorkSpace still TERMINATING is waited for, then the directory is deregistered', async () => {
    await created();
    const ws = await workspaceIn(DIR, 'alice');
    await outside.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: ws }] }));
    const mark = model.calls.length;

    const outcome = await runToCompletion(deleteEvent());

    // Deregistered once, only after the WorkSpace was gone (the service would refuse before).
    expect(model.callsTo('DeregisterWorkspaceDirectory')).toEqual([{ DirectoryId: DIR }]);
    const calls = model.calls.slice(mark).map(c => c.operation);
    const deregisteredAt = calls.indexOf('DeregisterWorkspaceDirectory');
    expect(calls.slice(0, deregisteredAt).filter(o => o === 'DescribeWorkspaces').length).toBeGreaterThanOrEqual(2);
    expect(model.workspaces()).toEqual([]);
    expect(model.directories()).toEqual([]);
    expect(outcome.polls).toBeGreaterThanOrEqual(4);
  });

  test('a registration made by someone else is left alone', async () => {
    await registerOutside();
    const mark = model.calls.length;

    await runToCompletion(deleteEvent());

    expect(mutatingCalls(mark)).toEqual([]);
    expect(directory().State).toBe('REGISTERED');
  });

  test('transient refusals of Deregister are retried', async () => {
    await created();
    model.failNext('DeregisterWorkspaceDirectory', 'InvalidResourceStateException', 'Directory is busy', 2);
    model.throttleNext('DescribeWorkspaces', 1);

    await runToCompletion(deleteEvent());

    expect(model.callsTo('DeregisterWorkspaceDirectory')).toHaveLength(3);
    expect(model.directories()).toEqual([]);
  });

  test('Deregister answering ResourceNotFound is success', async () => {
    await created();
    model.failNext('DeregisterWorkspaceDirectory', 'ResourceNotFoundException', 'Directory d-1234567890 is not registered');

    const outcome = await runToCompletion(deleteEvent());

    expect(outcome.polls).toBe(1);
    expect(model.callsTo('DeregisterWorkspaceDirectory')).toHaveLength(1);
  });

  test('create, then delete, leaves the model empty', async () => {
    const [g1] = await ipGroups(1);
    await runToCompletion(createEvent({ ...BASE, IpGroupIds: [g1], Tags: [{ Key: 'a', Value: 'b' }] }));
    await runToCompletion(deleteEvent());
    expect(model.directories()).toEqual([]);
    expect(model.ipGroups().map(g => g.groupId)).toEqual([g1]);
  });
});
