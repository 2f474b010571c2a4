// Custom::WorkSpacesWorkspace Create and Delete (issue #2), through the real handler against the
// in-memory WorkSpaces model.
import {
  CreateTagsCommand, CreateWorkspacesCommand, TerminateWorkspacesCommand, WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { AwsClientStub } from 'aws-sdk-client-mock';
import { isComplete, onEvent } from '../../lambda';
import { MAX_INVISIBLE_POLLS, WorkspaceReconciler } from '../../lambda/workspace';
import { OWNER_TAG_KEY, REQUEST_TAG_KEY, ResourceTypes, WorkspaceResourceProperties } from '../../src/custom-resources/contract';
import { cfnEvent, runExpectingFailure, runToCompletion, STACK_ID } from '../support/provider-framework';
import { modelWithDirectory } from '../support/scenarios';
import { BUNDLES, WorkspacesModel, WorkspacesModelOptions } from '../support/workspaces-model';

const DIRECTORY = 'd-1234567890';
const OWNER = `${STACK_ID}|Resource`;
const PROPS: WorkspaceResourceProperties = {
  DirectoryId: DIRECTORY,
  UserName: 'alice',
  BundleId: BUNDLES.STANDARD,
  Tags: [{ Key: 'team', Value: 'data' }],
};

let model: WorkspacesModel;
let stub: AwsClientStub<WorkSpacesClient>;
let sleeps: number[];
const client = new WorkSpacesClient({ region: 'us-east-1' });
const originalSleep = WorkspaceReconciler.sleep;

/** A model with a REGISTERED directory, registered through the model's own API; calls cleared. */
async function setUp(options: WorkspacesModelOptions = {}): Promise<void> {
  stub?.restore();
  ({ model, stub } = await modelWithDirectory({ directoryId: DIRECTORY, model: options }));
}

function createEvent(properties: Partial<WorkspaceResourceProperties> = {}, requestId?: string) {
  return cfnEvent({ requestType: 'Create', resourceType: ResourceTypes.WORKSPACE, properties: { ...PROPS, ...properties }, requestId });
}

function deleteEvent(physicalResourceId: string) {
  return cfnEvent({ requestType: 'Delete', resourceType: ResourceTypes.WORKSPACE, properties: { ...PROPS }, physicalResourceId });
}

const operations = () => model.calls.map(c => c.operation);
const MUTATING = /^(Create|Terminate|Modify|Migrate|Delete|Start|Stop|Reboot)/;

beforeEach(async () => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  sleeps = [];
  WorkspaceReconciler.sleep = async ms => {
    sleeps.push(ms);
  };
  await setUp();
});

afterEach(() => {
  stub.restore();
  WorkspaceReconciler.sleep = originalSleep;
});

describe('Create', () => {
  test('creates the WorkSpace with exactly the properties set, and completes once it is AVAILABLE', async () => {
    const event = createEvent({ WorkspaceProperties: { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 120 } });
    const outcome = await runToCompletion(event);

    expect(outcome.physicalResourceId).toMatch(/^ws-[0-9a-z]{8,63}$/);
    expect(outcome.data).toEqual({ WorkspaceId: outcome.physicalResourceId, State: 'AVAILABLE' });
    // No client-side defaults (compute, volumes, protocols): the bundle decides.
    expect(model.callsTo('CreateWorkspaces')).toEqual([{
      Workspaces: [{
        DirectoryId: DIRECTORY,
        UserName: 'alice',
        BundleId: BUNDLES.STANDARD,
        WorkspaceProperties: { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 120 },
        Tags: [
          { Key: 'team', Value: 'data' },
          { Key: OWNER_TAG_KEY, Value: OWNER },
          { Key: REQUEST_TAG_KEY, Value: event.RequestId },
        ],
      }],
    }]);
    expect(model.workspaces()).toEqual([expect.objectContaining({ WorkspaceId: outcome.physicalResourceId, State: 'AVAILABLE' })]);
    expect(operations().filter(op => MUTATING.test(op))).toEqual(['CreateWorkspaces']);
  });

  test('waits while the new WorkSpace is not visible yet (eventual consistency)', async () => {
    await setUp({ invisibleDescribes: 2 });
    const outcome = await runToCompletion(createEvent());

    expect(outcome.data.State).toBe('AVAILABLE');
    expect(model.workspaces()).toHaveLength(1);
    expect(model.callsTo('CreateWorkspaces')).toHaveLength(1);
  });

  test('fails clearly when the WorkSpace never becomes visible; a Delete still terminates it', async () => {
    await setUp({ invisibleDescribes: 1000 });
    const { physicalResourceId, error } = await runExpectingFailure(createEvent(), MAX_INVISIBLE_POLLS + 5);

    expect(error.message).toMatch(new RegExp(`^ResourceNotFoundException: WorkSpace ${physicalResourceId} is missing from DescribeWorkspaces after ${MAX_INVISIBLE_POLLS} polls`));
    await runToCompletion(deleteEvent(physicalResourceId!), 5).catch(() => undefined); // still invisible: polls cannot see it go
    expect(model.callsTo('TerminateWorkspaces')).toEqual([{ TerminateWorkspaceRequests: [{ WorkspaceId: physicalResourceId }] }]);
  });

  test('a retried Create (same request twice) adopts the WorkSpace it made: one WorkSpace, same id', async () => {
    const event = createEvent();
    const first = await onEvent(event);
    const second = await onEvent(event);

    expect(second.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(model.callsTo('CreateWorkspaces')).toHaveLength(1);
    expect((await runToCompletion(event)).physicalResourceId).toBe(first.PhysicalResourceId);
    expect(model.workspaces()).toHaveLength(1);
  });

  test('a retried Create that does not see its WorkSpace yet finds it after CreateWorkspaces says it exists', async () => {
    await setUp({ invisibleDescribes: 3 });
    const event = createEvent();
    const first = await onEvent(event);
    const second = await onEvent(event); // its first read misses the WorkSpace, CreateWorkspaces answers ResourceExists.WorkSpace

    expect(second.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(model.callsTo('CreateWorkspaces')).toHaveLength(2);
    expect(model.workspaces()).toHaveLength(1);
    expect(sleeps.length).toBeGreaterThan(0);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_000);
  });

  test('refuses to adopt a WorkSpace of the user that this stack did not create; nothing is created or terminated', async () => {
    const created = await client.send(new CreateWorkspacesCommand({
      Workspaces: [{ DirectoryId: DIRECTORY, UserName: 'alice', BundleId: BUNDLES.STANDARD, Tags: [{ Key: 'team', Value: 'other' }] }],
    }));
    const theirs = created.PendingRequests![0].WorkspaceId!;
    model.calls.length = 0;

    const { physicalResourceId, error } = await runExpectingFailure(createEvent());

    expect(physicalResourceId).toBeUndefined();
    expect(error.message).toBe(`ResourceAlreadyExistsException: WorkSpace ${theirs} already exists for user alice in directory ${DIRECTORY} `
      + `and was not created by this stack (resource ${theirs}). A user has at most one WorkSpace per directory. `
      + 'Import it with Workspace.fromWorkspaceId, or terminate it yourself, then deploy again.');
    expect(operations().filter(op => MUTATING.test(op))).toEqual([]);
    expect(model.workspaces().map(w => w.WorkspaceId)).toEqual([theirs]);
  });

  test('FailedRequests (a volume combination the service refuses) fails onEvent with the service\'s ErrorCode; nothing is left', async () => {
    const badVolumes = createEvent({ WorkspaceProperties: { RootVolumeSizeGib: 80, UserVolumeSizeGib: 20 } });
    const { physicalResourceId, error } = await runExpectingFailure(badVolumes);

    expect(physicalResourceId).toBeUndefined();
    expect(error.message).toMatch(/^InvalidParameterValuesException: Root 80 GiB \/ user 20 GiB .* \(user alice, directory d-1234567890, bundle wsb-standard01\)\. /);
    expect(model.workspaces()).toEqual([]);
  });

  test('an empty PendingRequests never yields a physical id', async () => {
    stub.on(CreateWorkspacesCommand).resolves({ FailedRequests: [], PendingRequests: [] });
    const { physicalResourceId, error } = await runExpectingFailure(createEvent());

    expect(physicalResourceId).toBeUndefined();
    expect(error.message).toMatch(/^EmptyResponse: CreateWorkspaces answered with neither a pending nor a failed request/);
  });

  test('throttling in onEvent is retried a few times (nothing was made yet), then reported', async () => {
    model.throttleNext('CreateWorkspaces', 2);
    const outcome = await runToCompletion(createEvent());
    expect(model.callsTo('CreateWorkspaces')).toHaveLength(3);
    expect(model.workspaces().map(w => w.WorkspaceId)).toEqual([outcome.physicalResourceId]);

    await setUp();
    model.throttleNext('CreateWorkspaces', 100);
    const { physicalResourceId, error } = await runExpectingFailure(createEvent());
    expect(physicalResourceId).toBeUndefined();
    expect(error.message).toMatch(/^ThrottlingException: Rate exceeded/);
    expect(model.workspaces()).toEqual([]);
  });

  test('throttling in a poll is "not yet", never a failure', async () => {
    const event = createEvent();
    const { PhysicalResourceId } = await onEvent(event);
    const polling = { ...event, PhysicalResourceId };
    model.throttleNext('DescribeWorkspaces', 3);
    for (let n = 0; n < 3; n++) expect(await isComplete(polling)).toEqual({ IsComplete: false });

    const outcome = await runToCompletion(event);
    expect(outcome.physicalResourceId).toBe(PhysicalResourceId);
    expect(model.callsTo('CreateWorkspaces')).toHaveLength(1);
  });

  test('a WorkSpace that goes to ERROR fails the Create with its ErrorCode and message; the Delete afterwards terminates it', async () => {
    const event = createEvent();
    const { PhysicalResourceId: id } = await onEvent(event);
    model.failWorkspace(id, 'ResourceLimitExceeded.Cores', 'The maximum number of cores in the account has been reached.');

    const polling = { ...event, PhysicalResourceId: id };
    await expect(isComplete(polling)).rejects.toThrow(`ResourceLimitExceeded.Cores: WorkSpace ${id} is ERROR: `
      + `The maximum number of cores in the account has been reached (resource ${id}). Fix the cause`);

    await runToCompletion(deleteEvent(id));
    expect(model.callsTo('TerminateWorkspaces')).toEqual([{ TerminateWorkspaceRequests: [{ WorkspaceId: id }] }]);
    expect(model.workspaces()).toEqual([]);
  });

  test('while the user\'s previous WorkSpace is still TERMINATING: a clear failure, nothing created', async () => {
    await setUp({ pollsToGone: 20 });
    const { physicalResourceId: old } = await runToCompletion(createEvent());
    await client.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: old }] }));

    const { error } = await runExpectingFailure(cfnEvent({ requestType: 'Create', resourceType: ResourceTypes.WORKSPACE, properties: { ...PROPS }, logicalResourceId: 'Other' }));

    expect(error.message).toMatch(new RegExp(`^ResourceExists.WorkSpace: A WorkSpace already exists for the specified user \\(${old} of user alice is TERMINATING\\)\\. `
      + 'Deploy again once the terminating WorkSpace is gone'));
    expect(model.workspaces().map(w => w.WorkspaceId)).toEqual([old]);
  });

  test('an unknown target State is refused before any call', async () => {
    const { error } = await runExpectingFailure(createEvent({ State: 'STOPPED' }));
    expect(error.message).toMatch(/^InvalidParameterValuesException: State STOPPED is not a target state: use AVAILABLE or ADMIN_MAINTENANCE/);
    expect(model.calls).toEqual([]);
  });

  test('State ADMIN_MAINTENANCE is set once the WorkSpace is AVAILABLE', async () => {
    const outcome = await runToCompletion(createEvent({ State: 'ADMIN_MAINTENANCE' }));
    expect(outcome.data.State).toBe('ADMIN_MAINTENANCE');
    expect(model.callsTo('ModifyWorkspaceState')).toEqual([{ WorkspaceId: outcome.physicalResourceId, WorkspaceState: 'ADMIN_MAINTENANCE' }]);
  });
});

describe('Delete', () => {
  test('terminates the WorkSpace and completes once it is gone', async () => {
    const { physicalResourceId: id } = await runToCompletion(createEvent());
    model.calls.length = 0;

    const outcome = await runToCompletion(deleteEvent(id));

    expect(outcome.physicalResourceId).toBe(id);
    expect(outcome.polls).toBeGreaterThan(1);
    expect(model.callsTo('TerminateWorkspaces')).toEqual([{ TerminateWorkspaceRequests: [{ WorkspaceId: id }] }]);
    expect(model.workspaces()).toEqual([]);
  });

  test('a throttled Terminate in onEvent is retried by the polls', async () => {
    const { physicalResourceId: id } = await runToCompletion(createEvent());
    model.throttleNext('TerminateWorkspaces');

    await runToCompletion(deleteEvent(id));
    expect(model.callsTo('TerminateWorkspaces')).toHaveLength(2);
    expect(model.workspaces()).toEqual([]);
  });

  test('a WorkSpace already gone is success, with no Terminate call', async () => {
    const { physicalResourceId: id } = await runToCompletion(createEvent());
    await runToCompletion(deleteEvent(id));
    model.calls.length = 0;

    await runToCompletion(deleteEvent(id));
    await runToCompletion(deleteEvent('ws-neverexisted0'));

    expect(operations().filter(op => MUTATING.test(op))).toEqual([]);
  });

  test('a WorkSpace already TERMINATING is waited for, not terminated again', async () => {
    const { physicalResourceId: id } = await runToCompletion(createEvent());
    await client.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: id }] }));
    model.calls.length = 0;

    await runToCompletion(deleteEvent(id));

    expect(model.callsTo('TerminateWorkspaces')).toEqual([]);
    expect(model.workspaces()).toEqual([]);
  });

  test('the placeholder id of a failed Create makes no call', async () => {
    await runToCompletion(deleteEvent('AWSCDK::CustomResourceProviderFramework::CREATE_FAILED'));
    expect(model.calls).toEqual([]);
  });

  test('a WorkSpace without this resource\'s ownership tag is not terminated', async () => {
    const created = await client.send(new CreateWorkspacesCommand({ Workspaces: [{ DirectoryId: DIRECTORY, UserName: 'alice', BundleId: BUNDLES.STANDARD }] }));
    const theirs = created.PendingRequests![0].WorkspaceId!;
    await client.send(new CreateTagsCommand({ ResourceId: theirs, Tags: [{ Key: OWNER_TAG_KEY, Value: `${STACK_ID}|Other` }] }));

    const { error } = await runExpectingFailure(deleteEvent(theirs));

    expect(error.message).toMatch(new RegExp(`^NotOwnedByThisStack: WorkSpace ${theirs} does not carry this resource's ownership tag`));
    expect(model.callsTo('TerminateWorkspaces')).toEqual([]);
    expect(model.workspaces()).toHaveLength(1);
  });

  test('FailedRequests on Terminate is a failure', async () => {
    const { physicalResourceId: id } = await runToCompletion(createEvent());
    stub.on(TerminateWorkspacesCommand).resolves({ FailedRequests: [{ WorkspaceId: id, ErrorCode: 'InvalidResourceState.WorkSpace', ErrorMessage: 'WorkSpace is SUSPENDED.' }] });

    const { error } = await runExpectingFailure(deleteEvent(id));
    expect(error.message).toMatch(new RegExp(`^InvalidResourceState.WorkSpace: WorkSpace is SUSPENDED \\(resource ${id}\\)`));
  });
});
