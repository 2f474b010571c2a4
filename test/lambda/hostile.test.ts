// Hostile but realistic event sequences against the real handlers and the in-memory WorkSpaces
// model: duplicated and concurrent requests, lost responses, stale pollers, placeholder ids,
// CloudFormation's string forms of properties, throttling everywhere, migration then Delete.
import {
  CreateTagsCommand, CreateWorkspacesCommand, RegisterWorkspaceDirectoryCommand, TerminateWorkspacesCommand, WorkSpacesClient,
  WorkSpacesServiceException,
} from '@aws-sdk/client-workspaces';
import { AwsClientStub } from 'aws-sdk-client-mock';
import { isComplete, onEvent } from '../../lambda';
import { Reconciler, ResourceEvent } from '../../lambda/common/reconciler';
import { WorkspaceReconciler } from '../../lambda/workspace';
import { OWNER_TAG_KEY, REQUEST_TAG_KEY, ResourceTypes, WorkspaceResourceProperties } from '../../src/custom-resources/contract';
import { cfnEvent, pollToCompletion, runExpectingFailure, runToCompletion, STACK_ID } from '../support/provider-framework';
import { modelWithDirectory, settle as settleWorkspace } from '../support/scenarios';
import { BUNDLES, WorkspacesModel, WorkspacesModelOptions } from '../support/workspaces-model';

const DIRECTORY = 'd-1234567890';
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'];
const PLACEHOLDER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';
const OWNER = `${STACK_ID}|Resource`;
const PROPS: WorkspaceResourceProperties = { DirectoryId: DIRECTORY, UserName: 'alice', BundleId: BUNDLES.STANDARD, Tags: [{ Key: 'team', Value: 'data' }] };
const MUTATING = /^(Create|Terminate|Modify|Migrate|Delete|Start|Stop|Reboot|Register|Deregister|Associate|Disassociate)/;

let model: WorkspacesModel;
let stub: AwsClientStub<WorkSpacesClient>;
const client = new WorkSpacesClient({ region: 'us-east-1' });
const originalSleep = WorkspaceReconciler.sleep;
const originalBaseSleep = Reconciler.sleep;

type Next = () => Promise<object>;
/** Puts `around` between the SDK mock and the model: it sees every call and decides what the handler gets. */
function intercept(around: (operation: string, input: any, next: Next) => Promise<object>): void {
  const m = model as unknown as { handle: (operation: string, input: unknown) => Promise<object> };
  const original = m.handle.bind(model);
  m.handle = (operation, input) => around(operation, input, () => original(operation, input));
}

/** A model with DIRECTORY registered (through the model's own API) and no calls recorded. */
async function setUp(options: WorkspacesModelOptions = {}, register = true): Promise<void> {
  stub?.restore();
  ({ model, stub } = await modelWithDirectory({ directoryId: DIRECTORY, subnetIds: SUBNETS, model: options, register }));
}

function wsEvent(requestType: 'Create' | 'Update' | 'Delete', extra: { properties?: object; oldProperties?: object; physicalResourceId?: string; requestId?: string; logicalResourceId?: string } = {}): ResourceEvent {
  return cfnEvent({ requestType, resourceType: ResourceTypes.WORKSPACE, properties: { ...PROPS }, ...extra } as never);
}

const createEvent = (requestId?: string, properties: object = PROPS) => wsEvent('Create', { properties, requestId });
const deleteEvent = (physicalResourceId: string) => wsEvent('Delete', { physicalResourceId });
const updateEvent = (id: string, oldProperties: object, properties: object, requestId?: string) =>
  wsEvent('Update', { physicalResourceId: id, oldProperties, properties, requestId });
const mutating = () => model.calls.map(c => c.operation).filter(op => MUTATING.test(op));
const tag = (id: string, key: string) => model.tagsOf(id).find(t => t.Key === key)?.Value;
const ids = () => model.workspaces().map(w => w.WorkspaceId);

/** Describes the WorkSpace until no modification runs (advances the model); throttled describes are retried. */
const settle = (id: string) => settleWorkspace(id, { stableStates: ['AVAILABLE', 'STOPPED', 'ERROR'], retryThrottling: true });

beforeEach(async () => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  WorkspaceReconciler.sleep = async () => undefined;
  Reconciler.sleep = async () => undefined;
  await setUp();
});

afterEach(() => {
  stub.restore();
  WorkspaceReconciler.sleep = originalSleep;
  Reconciler.sleep = originalBaseSleep;
  jest.restoreAllMocks();
});

// ------------------------------------------------------------------------------------ duplicates

describe('duplicated Create (same RequestId)', () => {
  test('delivered twice concurrently: one CreateWorkspaces succeeds, both answers name the same WorkSpace', async () => {
    const event = createEvent();
    const [a, b] = await Promise.all([onEvent(event), onEvent(event)]);

    expect(a.PhysicalResourceId).toMatch(/^ws-/);
    expect(b.PhysicalResourceId).toBe(a.PhysicalResourceId);
    expect(ids()).toEqual([a.PhysicalResourceId]);
    expect(model.callsTo('CreateWorkspaces').length).toBeLessThanOrEqual(2);
    expect(mutating().filter(op => op !== 'CreateWorkspaces')).toEqual([]);
    expect((await runToCompletion(event)).physicalResourceId).toBe(a.PhysicalResourceId);
    expect(ids()).toEqual([a.PhysicalResourceId]);
  });

  test('re-delivered after the first Lambda timed out, while its WorkSpace is still PENDING and invisible: no twin', async () => {
    await setUp({ invisibleDescribes: 2, pollsToAvailable: 5 });
    const event = createEvent();
    const first = await onEvent(event);
    const second = await onEvent(event);

    expect(second.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(ids()).toEqual([first.PhysicalResourceId]);
    expect(tag(first.PhysicalResourceId, OWNER_TAG_KEY)).toBe(OWNER);
    expect(tag(first.PhysicalResourceId, REQUEST_TAG_KEY)).toBe(event.RequestId);
  });

  test('a concurrent Create of another logical id for the same user is refused and neither creates a twin nor touches ours', async () => {
    const ours = createEvent();
    const theirs = wsEvent('Create', { logicalResourceId: 'Other' });
    const results = await Promise.allSettled([onEvent(ours), onEvent(theirs)]);

    expect(results[0]).toEqual({ status: 'fulfilled', value: { PhysicalResourceId: expect.stringMatching(/^ws-/) } });
    const id = (results[0] as PromiseFulfilledResult<{ PhysicalResourceId: string }>).value.PhysicalResourceId;
    expect(results[1].status).toBe('rejected');
    expect(String((results[1] as PromiseRejectedResult).reason.message)).toMatch(/^(ResourceAlreadyExistsException|ResourceExists\.WorkSpace): /);
    expect(ids()).toEqual([id]);
    expect(tag(id, OWNER_TAG_KEY)).toBe(OWNER);
    expect(mutating()).toEqual(['CreateWorkspaces', 'CreateWorkspaces']);
  });
});

describe('a lost response (the service applied the call, the handler saw an error)', () => {
  const lost = () => Object.assign(new WorkSpacesServiceException({ name: 'InternalFailure', $fault: 'server', $metadata: { httpStatusCode: 500 }, message: 'connection reset' }));

  test('CreateWorkspaces: onEvent returns the id of the WorkSpace it made (nothing orphaned), the Create completes', async () => {
    let armed = true;
    intercept(async (operation, _input, next) => {
      const out = await next();
      if (operation === 'CreateWorkspaces' && armed) {
        armed = false;
        throw lost();
      }
      return out;
    });
    const event = createEvent();
    const outcome = await runToCompletion(event);

    expect(ids()).toEqual([outcome.physicalResourceId]);
    expect(outcome.data).toEqual({ WorkspaceId: outcome.physicalResourceId, State: 'AVAILABLE' });
    expect(model.callsTo('CreateWorkspaces')).toHaveLength(1);
    await runToCompletion(deleteEvent(outcome.physicalResourceId));
    expect(model.workspaces()).toEqual([]);
  });

  test('a definite refusal before anything exists names what the Create is about (no physical id yet)', async () => {
    model.failNext('CreateWorkspaces', 'AccessDeniedException', 'User is not authorized to perform workspaces:CreateWorkspaces.');
    const { physicalResourceId, error } = await runExpectingFailure(createEvent());
    expect(physicalResourceId).toBeUndefined();
    expect(error.message).toBe('AccessDeniedException: User is not authorized to perform workspaces:CreateWorkspaces (resource user alice in directory d-1234567890). '
      + 'The handler role lacks a permission cdk-workspaces grants it; check permission boundaries and SCPs.');
    expect(model.callsTo('DescribeWorkspaces')).toHaveLength(1); // a definite refusal: no search for a WorkSpace made anyway
  });

  test('a refusal that made nothing is still reported as the service\'s error', async () => {
    intercept(async (operation, _input, next) => {
      if (operation === 'CreateWorkspaces') throw lost();
      return next();
    });
    const { physicalResourceId, error } = await runExpectingFailure(createEvent());
    expect(physicalResourceId).toBeUndefined();
    expect(error.message).toMatch(/^InternalFailure: connection reset/);
    expect(model.workspaces()).toEqual([]);
  });

  test('TerminateWorkspaces: the Delete still completes once the WorkSpace is gone', async () => {
    const { physicalResourceId: id } = await runToCompletion(createEvent());
    let armed = true;
    intercept(async (operation, _input, next) => {
      const out = await next();
      if (operation === 'TerminateWorkspaces' && armed) {
        armed = false;
        throw Object.assign(new Error('Task timed out'), { name: 'TimeoutError', $retryable: {} });
      }
      return out;
    });
    await runToCompletion(deleteEvent(id));
    expect(model.workspaces()).toEqual([]);
    expect(model.callsTo('TerminateWorkspaces')).toHaveLength(1);
  });
});

// ------------------------------------------------------------------------------------ delete

describe('Delete of ids that are not (or no longer) ours', () => {
  test.each([
    ['the framework placeholder', PLACEHOLDER],
    ['a random string', 'not-a-workspace-id'],
    ['an empty string', ''],
  ])('%s: success with no call at all', async (_name, id) => {
    const outcome = await runToCompletion(deleteEvent(id));
    expect(outcome.physicalResourceId).toBe(id);
    expect(model.calls).toEqual([]);
  });

  test('a Delete repeated after success (and a third time, concurrently) makes no further mutating call', async () => {
    const { physicalResourceId: id } = await runToCompletion(createEvent());
    await runToCompletion(deleteEvent(id));
    model.calls.length = 0;

    await runToCompletion(deleteEvent(id));
    await Promise.all([runToCompletion(deleteEvent(id)), runToCompletion(deleteEvent(id))]);
    expect(mutating()).toEqual([]);
  });

  test('two Deletes of the same WorkSpace concurrently: one Terminate accepted, both complete', async () => {
    const { physicalResourceId: id } = await runToCompletion(createEvent());
    model.calls.length = 0;
    await Promise.all([runToCompletion(deleteEvent(id)), runToCompletion(deleteEvent(id))]);
    expect(model.workspaces()).toEqual([]);
    expect(model.callsTo('TerminateWorkspaces').length).toBeGreaterThanOrEqual(1);
  });

  test('a Create that failed in isComplete (ERROR) is cleaned up by the rollback\'s Delete, even with throttling on Describe', async () => {
    const event = createEvent();
    const { PhysicalResourceId: id } = await onEvent(event);
    model.failWorkspace(id, 'ResourceNotFound.User', 'The user could not be found.');
    await expect(isComplete({ ...event, PhysicalResourceId: id })).rejects.toThrow(`ResourceNotFound.User: WorkSpace ${id} is ERROR: The user could not be found (resource ${id})`);

    model.throttleNext('DescribeWorkspaces', 2);
    await runToCompletion(deleteEvent(id));
    expect(model.workspaces()).toEqual([]);
    expect(model.callsTo('TerminateWorkspaces')).toEqual([{ TerminateWorkspaceRequests: [{ WorkspaceId: id }] }]);
  });
});

// ------------------------------------------------------------------------------------ update

describe('Update', () => {
  test('old and new properties identical (as CloudFormation sends them): no modification, the request claims the WorkSpace', async () => {
    const { physicalResourceId: id } = await runToCompletion(createEvent());
    const p = { ...PROPS, WorkspaceProperties: { RunningMode: 'ALWAYS_ON' } };
    await runToCompletion(updateEvent(id, PROPS, p));
    await settle(id);
    model.calls.length = 0;

    const event = updateEvent(id, p, p);
    const outcome = await runToCompletion(event);
    expect(outcome.data).toEqual({ WorkspaceId: id, State: 'AVAILABLE' });
    expect(mutating()).toEqual(['CreateTags']);
    expect(model.callsTo('CreateTags')).toEqual([{ ResourceId: id, Tags: [{ Key: REQUEST_TAG_KEY, Value: event.RequestId }] }]);
  });

  test('a stale isComplete of an older request, after a newer Update claimed the WorkSpace, takes no step', async () => {
    const { physicalResourceId: id } = await runToCompletion(createEvent());
    const older = updateEvent(id, PROPS, { ...PROPS, WorkspaceProperties: { ComputeTypeName: 'PERFORMANCE' } });
    await onEvent(older);
    const newer = updateEvent(id, PROPS, { ...PROPS, Tags: [{ Key: 'team', Value: 'ops' }] });
    await onEvent(newer);
    model.calls.length = 0;

    for (let n = 0; n < 3; n++) expect(await isComplete(older)).toEqual({ IsComplete: true });
    expect(mutating()).toEqual([]);

    expect(await pollToCompletion(newer)).toEqual({ WorkspaceId: id, State: 'AVAILABLE' });
    expect(model.callsTo('ModifyWorkspaceProperties')).toEqual([]);
    expect(tag(id, 'team')).toBe('ops');
  });

  test('an update interleaved with its rollback: the superseded poller never acts, the rollback converges', async () => {
    const { physicalResourceId: id } = await runToCompletion(createEvent());
    const wanted = { ...PROPS, WorkspaceProperties: { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 120, ComputeTypeName: 'PERFORMANCE' } };
    const update = updateEvent(id, PROPS, wanted);
    await onEvent(update);
    expect(await isComplete(update)).toEqual({ IsComplete: false }); // running mode applied
    const rollback = updateEvent(id, wanted, PROPS); // a new RequestId, properties swapped
    await onEvent(rollback);

    model.calls.length = 0;
    for (let n = 0; n < 20; n++) {
      expect(await isComplete(update)).toEqual({ IsComplete: true });
      const r = await isComplete(rollback);
      if (r.IsComplete) break;
    }
    expect(model.callsTo('ModifyWorkspaceProperties')).toEqual([]); // RunningMode was not in the old properties: nothing to restore
    expect(model.workspaces()[0].WorkspaceProperties).toMatchObject({ ComputeTypeName: 'STANDARD' });
  });
});

// ------------------------------------------------------------------------------------ properties

describe('properties in the forms CloudFormation sends', () => {
  test('"true"/"false", numbers as strings, empty strings and missing optional blocks', async () => {
    const raw = createEvent(undefined, {});
    const event: ResourceEvent = {
      ...raw,
      ResourceProperties: {
        ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider',
        DirectoryId: DIRECTORY,
        UserName: 'alice',
        BundleId: BUNDLES.STANDARD,
        VolumeEncryptionKey: '',
        RootVolumeEncryptionEnabled: 'false',
        UserVolumeEncryptionEnabled: 'false',
        WorkspaceProperties: { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: '120', ComputeTypeName: '' },
        State: '',
      },
    };
    const outcome = await runToCompletion(event);
    expect(model.callsTo('CreateWorkspaces')[0].Workspaces[0]).toEqual({
      DirectoryId: DIRECTORY,
      UserName: 'alice',
      BundleId: BUNDLES.STANDARD,
      RootVolumeEncryptionEnabled: false,
      UserVolumeEncryptionEnabled: false,
      WorkspaceProperties: { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 120 },
      Tags: [{ Key: OWNER_TAG_KEY, Value: OWNER }, { Key: REQUEST_TAG_KEY, Value: event.RequestId }],
    });

    // The same properties with native types (or the empty strings left out) are no change at all.
    model.calls.length = 0;
    const update: ResourceEvent = {
      ...updateEvent(outcome.physicalResourceId, {}, {}),
      OldResourceProperties: event.ResourceProperties,
      ResourceProperties: {
        DirectoryId: DIRECTORY,
        UserName: 'alice',
        BundleId: BUNDLES.STANDARD,
        RootVolumeEncryptionEnabled: false,
        UserVolumeEncryptionEnabled: false,
        WorkspaceProperties: { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 120 },
      },
    };
    await runToCompletion(update);
    expect(mutating()).toEqual(['CreateTags']);
  });

  test.each([
    ['a boolean that is not true/false', { RootVolumeEncryptionEnabled: 'yes' }, /^PropertyError: Invalid property RootVolumeEncryptionEnabled: got "yes"; expected true or false/],
    ['a number that is not a number', { WorkspaceProperties: { RootVolumeSizeGib: '80GiB' } }, /^PropertyError: Invalid property WorkspaceProperties.RootVolumeSizeGib: got "80GiB"; expected a number/],
    ['an unknown property', { Colour: 'blue' }, /^PropertyError: Invalid property Colour: got "blue"; expected one of the known properties/],
    ['a missing required property', { UserName: '' }, /^PropertyError: Invalid property UserName: got undefined; expected a value \(required\)/],
  ])('%s is refused before any call, with the property named', async (_name, extra, message) => {
    const { physicalResourceId, error } = await runExpectingFailure(createEvent(undefined, { ...PROPS, ...extra }));
    expect(physicalResourceId).toBeUndefined();
    expect(error.message).toMatch(message);
    expect(error.message).toContain('(resource Resource). The construct and the handler disagree');
    expect(model.calls).toEqual([]);
  });
});

describe('unknown ResourceType', () => {
  test.each(['Create', 'Update', 'Delete'] as const)('%s: a clear error naming the type and the types served, no call', async requestType => {
    const event = cfnEvent({ requestType, resourceType: 'Custom::WorkSpacesSomethingElse', properties: {}, physicalResourceId: requestType === 'Create' ? undefined : 'ws-abcdefgh1' });
    await expect(onEvent(event)).rejects.toThrow(/^Unknown resource type Custom::WorkSpacesSomethingElse; this handler serves Custom::WorkSpacesWorkspace, Custom::WorkSpacesDirectory/);
    await expect(isComplete(event)).rejects.toThrow(/^Unknown resource type/);
    expect(model.calls).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------ throttling

// Strictly every other call (with the SDK's own retries bypassed, as aws-sdk-client-mock does)
// phase-locks: a poll that needs two calls in a row never completes. In production the SDK's
// adaptive retries absorb that; here a third of all calls, chosen pseudo-randomly, is throttled.
describe('throttling on a third of all calls', () => {
  function throttleEveryOther(): void {
    let seed = 4242;
    intercept(async (operation, _input, next) => {
      seed = (seed * 48271) % 2147483647;
      if (seed % 3 === 0) throw new WorkSpacesServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: {}, message: `Rate exceeded (${operation})` });
      return next();
    });
  }

  test('a WorkSpace Create, in-place Update, migration and Delete all converge', async () => {
    throttleEveryOther();
    const created = await runToCompletion(createEvent(), 120);
    const id = created.physicalResourceId;
    expect(ids()).toEqual([id]);

    const bigger = { ...PROPS, WorkspaceProperties: { UserVolumeSizeGib: 100 } };
    await runToCompletion(updateEvent(id, PROPS, bigger), 120);
    await settle(id);
    await settle(id);

    const migrated = await runToCompletion(updateEvent(id, bigger, { ...bigger, BundleId: BUNDLES.PERFORMANCE }), 120);
    expect(migrated.physicalResourceId).not.toBe(id);
    await runToCompletion(deleteEvent(id), 120);
    await runToCompletion(deleteEvent(migrated.physicalResourceId), 120);
    expect(model.workspaces()).toEqual([]);
    expect(model.callsTo('MigrateWorkspace').filter(c => c.SourceWorkspaceId === id)).toHaveLength(1);
  });

  test('a directory Create, Update and Delete all converge', async () => {
    await setUp({}, false);
    throttleEveryOther();
    const dir = (requestType: 'Create' | 'Update' | 'Delete', properties: Record<string, unknown>, oldProperties?: Record<string, unknown>) =>
      cfnEvent({ requestType, resourceType: ResourceTypes.DIRECTORY, properties, oldProperties, physicalResourceId: requestType === 'Create' ? undefined : DIRECTORY });
    const base = { DirectoryId: DIRECTORY, SubnetIds: SUBNETS };
    await runToCompletion(dir('Create', base), 120);
    const changed = { ...base, SelfservicePermissions: { RebuildWorkspace: 'ENABLED' }, Tags: [{ Key: 'a', Value: 'b' }] };
    await runToCompletion(dir('Update', changed, base), 120);
    expect(model.directories()[0].SelfservicePermissions?.RebuildWorkspace).toBe('ENABLED');
    await runToCompletion(dir('Delete', changed), 120);
    expect(model.directories()).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------ migration

describe('migration followed by Delete', () => {
  test('CloudFormation deletes the old id (touches nothing); a later Delete of the new id terminates it', async () => {
    const { physicalResourceId: oldId } = await runToCompletion(createEvent());
    const moved = { ...PROPS, BundleId: BUNDLES.PERFORMANCE };
    const { physicalResourceId: newId } = await runToCompletion(updateEvent(oldId, PROPS, moved));
    expect(newId).not.toBe(oldId);
    model.calls.length = 0;

    await runToCompletion(deleteEvent(oldId));
    expect(mutating()).toEqual([]);
    expect(ids()).toEqual([newId]);
    expect(tag(newId, OWNER_TAG_KEY)).toBe(OWNER);

    await runToCompletion(deleteEvent(newId));
    expect(model.callsTo('TerminateWorkspaces')).toEqual([{ TerminateWorkspaceRequests: [{ WorkspaceId: newId }] }]);
    expect(model.workspaces()).toEqual([]);
  });

  test('the old id\'s Delete arriving while the new WorkSpace is still PENDING does not terminate the new one', async () => {
    await setUp({ pollsToAvailable: 6, pollsToGone: 6 });
    const { physicalResourceId: oldId } = await runToCompletion(createEvent());
    const moved = { ...PROPS, BundleId: BUNDLES.PERFORMANCE };
    const update = updateEvent(oldId, PROPS, moved);
    const { PhysicalResourceId: newId } = await onEvent(update);
    model.calls.length = 0;

    await runToCompletion(deleteEvent(oldId));
    expect(mutating()).toEqual([]);
    expect(await pollToCompletion({ ...update, PhysicalResourceId: newId })).toEqual({ WorkspaceId: newId, State: 'AVAILABLE' });
    expect(ids()).toEqual([newId]);
  });
});

// ------------------------------------------------------------------------------------ directory

describe('directory registration', () => {
  const dir = (requestType: 'Create' | 'Update' | 'Delete', properties: Record<string, unknown>, extra: { physicalResourceId?: string; requestId?: string } = {}) =>
    cfnEvent({ requestType, resourceType: ResourceTypes.DIRECTORY, logicalResourceId: 'Directory', properties, physicalResourceId: requestType === 'Create' ? undefined : DIRECTORY, ...extra });
  const base = { DirectoryId: DIRECTORY, SubnetIds: SUBNETS };

  beforeEach(async () => {
    await setUp({ pollsToGone: 3 }, false);
  });

  test('Delete while the stack\'s WorkSpaces are TERMINATING waits, then deregisters once; a repeated Delete makes no call', async () => {
    await runToCompletion(dir('Create', base));
    const created = await client.send(new CreateWorkspacesCommand({ Workspaces: [{ DirectoryId: DIRECTORY, UserName: 'bob', BundleId: BUNDLES.STANDARD }] }));
    const ws = created.PendingRequests![0].WorkspaceId!;
    await client.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: ws }] }));
    model.calls.length = 0;

    const outcome = await runToCompletion(dir('Delete', base));
    expect(outcome.polls).toBeGreaterThan(2);
    expect(model.callsTo('DeregisterWorkspaceDirectory')).toEqual([{ DirectoryId: DIRECTORY }]);
    expect(model.directories()).toEqual([]);

    model.calls.length = 0;
    await runToCompletion(dir('Delete', base));
    expect(mutating()).toEqual([]);
  });

  test('a throttled claim in an Update\'s onEvent is retried, so the update is not mistaken for a superseded one', async () => {
    await runToCompletion(dir('Create', base));
    model.throttleNext('CreateTags', 2);
    const update = cfnEvent({ requestType: 'Update', resourceType: ResourceTypes.DIRECTORY, logicalResourceId: 'Directory', physicalResourceId: DIRECTORY, properties: { ...base, Tags: [{ Key: 'v', Value: '1' }] }, oldProperties: base });
    await runToCompletion(update);
    expect(model.tagsOf(DIRECTORY)).toEqual(expect.arrayContaining([{ Key: REQUEST_TAG_KEY, Value: update.RequestId }, { Key: 'v', Value: '1' }]));
  });

  test('AccessDenied on the ownership check of a Create names the directory', async () => {
    model.failNext('DescribeWorkspaceDirectories', 'AccessDeniedException', 'User is not authorized to perform workspaces:DescribeWorkspaceDirectories.');
    const { physicalResourceId, error } = await runExpectingFailure(dir('Create', base));
    expect(physicalResourceId).toBeUndefined();
    expect(error.message).toBe(`AccessDeniedException: User is not authorized to perform workspaces:DescribeWorkspaceDirectories (resource ${DIRECTORY}). `
      + 'The handler role lacks a permission cdk-workspaces grants it; check permission boundaries and SCPs.');
    expect(model.directories()).toEqual([]);
  });

  test('Delete with the placeholder id or a random string makes no call', async () => {
    await runToCompletion(dir('Delete', base, { physicalResourceId: PLACEHOLDER }));
    await runToCompletion(dir('Delete', {}, { physicalResourceId: 'garbage' }));
    expect(model.calls).toEqual([]);
  });

  test('the same Create delivered twice concurrently registers once', async () => {
    const event = dir('Create', base);
    const [a, b] = await Promise.all([runToCompletion(event), runToCompletion(event)]);
    expect(a.physicalResourceId).toBe(DIRECTORY);
    expect(b.physicalResourceId).toBe(DIRECTORY);
    expect(model.callsTo('RegisterWorkspaceDirectory').length).toBeGreaterThanOrEqual(1);
    expect(model.directories().map(d => d.DirectoryId)).toEqual([DIRECTORY]);
    expect(model.tagsOf(DIRECTORY)).toContainEqual({ Key: OWNER_TAG_KEY, Value: `${STACK_ID}|Directory` });
  });

  test('a stale isComplete of an older directory Update takes no step after a newer one claimed it', async () => {
    await runToCompletion(dir('Create', base));
    const older = cfnEvent({ requestType: 'Update', resourceType: ResourceTypes.DIRECTORY, logicalResourceId: 'Directory', physicalResourceId: DIRECTORY, properties: { ...base, Tags: [{ Key: 'v', Value: '1' }] }, oldProperties: base });
    const newer = cfnEvent({ requestType: 'Update', resourceType: ResourceTypes.DIRECTORY, logicalResourceId: 'Directory', physicalResourceId: DIRECTORY, properties: base, oldProperties: { ...base, Tags: [{ Key: 'v', Value: '1' }] } });
    await onEvent(older);
    await onEvent(newer);
    model.calls.length = 0;
    expect(await isComplete(older)).toEqual({ IsComplete: true });
    expect(mutating()).toEqual([]);
    await pollToCompletion(newer);
    expect(model.tagsOf(DIRECTORY).map(t => t.Key)).not.toContain('v');
  });

  test('an outside registration tagged with our owner tag by someone else is adopted only when the tag is exactly ours', async () => {
    await client.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId: DIRECTORY, SubnetIds: SUBNETS, Tags: [{ Key: OWNER_TAG_KEY, Value: `${STACK_ID}|Directory2` }] }));
    await client.send(new CreateTagsCommand({ ResourceId: DIRECTORY, Tags: [{ Key: 'x', Value: 'y' }] }));
    const { error } = await runExpectingFailure(dir('Create', base));
    expect(error.message).toMatch(new RegExp(`^ResourceAlreadyExistsException: directory ${DIRECTORY} is already registered with WorkSpaces outside this stack`));
    await runToCompletion(dir('Delete', base));
    expect(model.callsTo('DeregisterWorkspaceDirectory')).toEqual([]);
    expect(model.directories().map(d => d.DirectoryId)).toEqual([DIRECTORY]);
  });
});
