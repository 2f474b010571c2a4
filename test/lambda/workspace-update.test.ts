// Custom::WorkSpacesWorkspace updates (issue #3), through the real handler against the in-memory
// WorkSpaces model. Every test shows the exact ModifyWorkspaceProperties requests the model got.
import {
  CreateTagsCommand, DeleteTagsCommand, MigrateWorkspaceCommand, StopWorkspacesCommand, TerminateWorkspacesCommand, WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { AwsClientStub } from 'aws-sdk-client-mock';
import { isComplete, onEvent } from '../../lambda';
import { ResourceEvent } from '../../lambda/common/reconciler';
import { PREVIOUS_TAG_KEY, STEP_TAG_KEY, WorkspaceReconciler } from '../../lambda/workspace';
import {
  OWNER_TAG_KEY, REQUEST_TAG_KEY, ResourceTypes, WorkspacePropertiesProperty, WorkspaceResourceProperties,
} from '../../src/custom-resources/contract';
import { cfnEvent, pollToCompletion, runExpectingFailure, runToCompletion, STACK_ID } from '../support/provider-framework';
import { modelWithDirectory, settle } from '../support/scenarios';
import { BUNDLES, WorkspacesModel, WorkspacesModelOptions } from '../support/workspaces-model';

const DIRECTORY = 'd-1234567890';
const OWNER = `${STACK_ID}|Resource`;
const VALUE_BUNDLE = 'wsb-value0001'; // VALUE compute, 80/10
const BASE: WorkspaceResourceProperties = { DirectoryId: DIRECTORY, UserName: 'alice', BundleId: BUNDLES.STANDARD, Tags: [{ Key: 'team', Value: 'data' }] };

let model: WorkspacesModel;
let stub: AwsClientStub<WorkSpacesClient>;
const client = new WorkSpacesClient({ region: 'us-east-1' });
const originalSleep = WorkspaceReconciler.sleep;

async function setUp(options: WorkspacesModelOptions = {}): Promise<void> {
  stub?.restore();
  ({ model, stub } = await modelWithDirectory({
    directoryId: DIRECTORY,
    model: options,
    prepare: (m: WorkspacesModel) => m.addBundle({ BundleId: VALUE_BUNDLE, ComputeTypeName: 'VALUE', RootVolumeSizeGib: 80, UserVolumeSizeGib: 10 }),
  }));
}

beforeEach(async () => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  WorkspaceReconciler.sleep = async () => undefined;
  await setUp();
});

afterEach(() => {
  stub.restore();
  WorkspaceReconciler.sleep = originalSleep;
});

// ------------------------------------------------------------------------------------ helpers

function props(workspaceProperties?: WorkspacePropertiesProperty, more: Partial<WorkspaceResourceProperties> = {}): WorkspaceResourceProperties {
  return { ...BASE, ...(workspaceProperties ? { WorkspaceProperties: workspaceProperties } : {}), ...more };
}

/** Creates the WorkSpace, lets every modification finish, and clears the model's call log. */
async function deploy(properties: WorkspaceResourceProperties): Promise<string> {
  const { physicalResourceId } = await runToCompletion(cfnEvent({ requestType: 'Create', resourceType: ResourceTypes.WORKSPACE, properties: { ...properties } }));
  await settle(physicalResourceId);
  model.calls.length = 0;
  return physicalResourceId;
}

function updateEvent(id: string, oldProperties: WorkspaceResourceProperties, properties: WorkspaceResourceProperties): ResourceEvent {
  return cfnEvent({ requestType: 'Update', resourceType: ResourceTypes.WORKSPACE, physicalResourceId: id, properties: { ...properties }, oldProperties: { ...oldProperties } });
}

/** CloudFormation's rollback of `failed`: a new request with old and new properties swapped. */
function rollbackOf(failed: ResourceEvent): ResourceEvent {
  const rollback = updateEvent(failed.PhysicalResourceId!, BASE, BASE); // a new RequestId
  return { ...rollback, ResourceProperties: failed.OldResourceProperties!, OldResourceProperties: failed.ResourceProperties };
}

const modifications = () => model.callsTo('ModifyWorkspaceProperties').map(c => c.WorkspaceProperties);
const mutatingCalls = () => model.calls.map(c => c.operation).filter(op => /^(Create|Terminate|Modify|Migrate|Delete|Start|Stop|Reboot)/.test(op));
const workspace = (id: string) => model.workspaces().find(w => w.WorkspaceId === id)!;
const tag = (id: string, key: string) => model.tagsOf(id).find(t => t.Key === key)?.Value;

// ------------------------------------------------------------------------------------ in place

describe('in-place steps, one call per poll, in an order the service accepts', () => {
  test('compute type only', async () => {
    const id = await deploy(props());
    await runToCompletion(updateEvent(id, props(), props({ ComputeTypeName: 'PERFORMANCE' })));

    expect(modifications()).toEqual([{ ComputeTypeName: 'PERFORMANCE' }]);
    await settle(id);
    expect(workspace(id).WorkspaceProperties).toMatchObject({ ComputeTypeName: 'PERFORMANCE', RootVolumeSizeGib: 80, UserVolumeSizeGib: 50 });
  });

  test('root 80 → 175 with a 10 GiB user volume: the user volume goes to 100 first, then the root', async () => {
    const id = await deploy(props(undefined, { BundleId: VALUE_BUNDLE }));
    const value = props(undefined, { BundleId: VALUE_BUNDLE });
    await runToCompletion(updateEvent(id, value, props({ RootVolumeSizeGib: 175 }, { BundleId: VALUE_BUNDLE })));

    expect(modifications()).toEqual([{ UserVolumeSizeGib: 100 }, { RootVolumeSizeGib: 175 }]);
    await settle(id);
    expect(workspace(id).WorkspaceProperties).toMatchObject({ RootVolumeSizeGib: 175, UserVolumeSizeGib: 100 });
  });

  test('80/10 → 300/200 takes three steps, each leaving an allowed combination', async () => {
    const id = await deploy(props(undefined, { BundleId: VALUE_BUNDLE }));
    await runToCompletion(updateEvent(id, props(undefined, { BundleId: VALUE_BUNDLE }),
      props({ RootVolumeSizeGib: 300, UserVolumeSizeGib: 200 }, { BundleId: VALUE_BUNDLE })));

    expect(modifications()).toEqual([{ UserVolumeSizeGib: 100 }, { RootVolumeSizeGib: 300 }, { UserVolumeSizeGib: 200 }]);
  });

  test('user volume 50 → 100 and compute in one deploy: two calls, volume first', async () => {
    const id = await deploy(props());
    await runToCompletion(updateEvent(id, props(), props({ UserVolumeSizeGib: 100, ComputeTypeName: 'PERFORMANCE' })));

    expect(modifications()).toEqual([{ UserVolumeSizeGib: 100 }, { ComputeTypeName: 'PERFORMANCE' }]);
  });

  test('auto-stop timeout 60 → 120 only: sent with RunningMode AUTO_STOP', async () => {
    const before = props({ RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 60 });
    const id = await deploy(before);
    await runToCompletion(updateEvent(id, before, props({ RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 120 })));

    expect(modifications()).toEqual([{ RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 120 }]);
    expect(workspace(id).WorkspaceProperties?.RunningModeAutoStopTimeoutInMinutes).toBe(120);
  });

  test('ALWAYS_ON → AUTO_STOP with a timeout: one call', async () => {
    const id = await deploy(props({ RunningMode: 'ALWAYS_ON' }));
    await runToCompletion(updateEvent(id, props({ RunningMode: 'ALWAYS_ON' }), props({ RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 180 })));

    expect(modifications()).toEqual([{ RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 180 }]);
  });

  test('protocols alone', async () => {
    const id = await deploy(props());
    await runToCompletion(updateEvent(id, props(), props({ Protocols: ['WSP'] })));

    expect(modifications()).toEqual([{ Protocols: ['WSP'] }]);
  });

  test('a graphics WorkSpace at 100/100: root 100 → 175 is one call (graphics allow root 100-2000 with user 100+)', async () => {
    const graphics = props(undefined, { BundleId: BUNDLES.GRAPHICS });
    const id = await deploy(graphics);
    await runToCompletion(updateEvent(id, graphics, props({ RootVolumeSizeGib: 175 }, { BundleId: BUNDLES.GRAPHICS })));
    await settle(id);
    await runToCompletion(updateEvent(id, props({ RootVolumeSizeGib: 175 }, { BundleId: BUNDLES.GRAPHICS }),
      props({ RootVolumeSizeGib: 300, UserVolumeSizeGib: 300 }, { BundleId: BUNDLES.GRAPHICS })));

    expect(modifications()).toEqual([{ RootVolumeSizeGib: 175 }, { UserVolumeSizeGib: 300 }, { RootVolumeSizeGib: 300 }]);
  });

  test('OperationInProgressException on the first try is "not yet": the update still converges', async () => {
    const id = await deploy(props());
    model.failNext('ModifyWorkspaceProperties', 'OperationInProgressException');
    await runToCompletion(updateEvent(id, props(), props({ ComputeTypeName: 'PERFORMANCE' })));

    expect(modifications()).toEqual([{ ComputeTypeName: 'PERFORMANCE' }, { ComputeTypeName: 'PERFORMANCE' }]);
  });

  test('user tags: one call per poll, the library\'s own tags untouched', async () => {
    const id = await deploy(props());
    const event = updateEvent(id, props(), props(undefined, { Tags: [{ Key: 'cost', Value: 'c1' }] }));
    await runToCompletion(event);

    expect(model.callsTo('DeleteTags')).toEqual([{ ResourceId: id, TagKeys: ['team'] }]);
    expect(model.callsTo('CreateTags').at(-1)).toEqual({ ResourceId: id, Tags: [{ Key: 'cost', Value: 'c1' }] });
    expect(tag(id, OWNER_TAG_KEY)).toBe(OWNER);
    expect(tag(id, REQUEST_TAG_KEY)).toBe(event.RequestId);
    expect(modifications()).toEqual([]);
  });

  test('"60" and 60 are the same value: no change is made', async () => {
    const before = props({ RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 60 });
    const id = await deploy(before);
    const event = updateEvent(id, before, before);
    (event.ResourceProperties.WorkspaceProperties as any).RunningModeAutoStopTimeoutInMinutes = 60; // old: "60"

    const outcome = await runToCompletion(event);

    expect(outcome.data).toEqual({ WorkspaceId: id, State: 'AVAILABLE' });
    // The only write: this request's ownership of the WorkSpace (so that its poll answers).
    expect(model.callsTo('CreateTags')).toEqual([{ ResourceId: id, Tags: [{ Key: REQUEST_TAG_KEY, Value: event.RequestId }] }]);
    expect(mutatingCalls()).toEqual(['CreateTags']);
  });
});

// ------------------------------------------------------------------------------------ target state

describe('target State', () => {
  test('ADMIN_MAINTENANCE is left for a property change and restored after it', async () => {
    const maintained = props(undefined, { State: 'ADMIN_MAINTENANCE' });
    const id = await deploy(maintained);
    await runToCompletion(updateEvent(id, maintained, props({ ComputeTypeName: 'PERFORMANCE' }, { State: 'ADMIN_MAINTENANCE' })));

    expect(model.calls.filter(c => c.operation.startsWith('Modify')).map(c => [c.operation, c.input.WorkspaceState ?? c.input.WorkspaceProperties])).toEqual([
      ['ModifyWorkspaceState', 'AVAILABLE'],
      ['ModifyWorkspaceProperties', { ComputeTypeName: 'PERFORMANCE' }],
      ['ModifyWorkspaceState', 'ADMIN_MAINTENANCE'],
    ]);
    expect(workspace(id)).toMatchObject({ State: 'ADMIN_MAINTENANCE', WorkspaceProperties: { ComputeTypeName: 'PERFORMANCE' } });
  });

  test('STOPPED satisfies AVAILABLE (not started); ADMIN_MAINTENANCE starts it first', async () => {
    const autoStop = props({ RunningMode: 'AUTO_STOP' });
    const id = await deploy(autoStop);
    await client.send(new StopWorkspacesCommand({ StopWorkspaceRequests: [{ WorkspaceId: id }] }));
    await settle(id);
    model.calls.length = 0;

    await runToCompletion(updateEvent(id, autoStop, props({ RunningMode: 'AUTO_STOP', ComputeTypeName: 'PERFORMANCE' })));
    expect(modifications()).toEqual([{ ComputeTypeName: 'PERFORMANCE' }]);
    await settle(id);
    expect(workspace(id).State).toBe('STOPPED');
    expect(model.callsTo('StartWorkspaces')).toEqual([]);

    const before = props({ RunningMode: 'AUTO_STOP', ComputeTypeName: 'PERFORMANCE' });
    await runToCompletion(updateEvent(id, before, { ...before, State: 'ADMIN_MAINTENANCE' }));
    expect(model.callsTo('StartWorkspaces')).toEqual([{ StartWorkspaceRequests: [{ WorkspaceId: id }] }]);
    expect(model.callsTo('ModifyWorkspaceState')).toEqual([{ WorkspaceId: id, WorkspaceState: 'ADMIN_MAINTENANCE' }]);
  });
});

// ------------------------------------------------------------------------------------ refusals

describe('refused before any change', () => {
  test('a volume decrease', async () => {
    const id = await deploy(props({ UserVolumeSizeGib: 100 }));
    const { error } = await runExpectingFailure(updateEvent(id, props({ UserVolumeSizeGib: 100 }), props({ UserVolumeSizeGib: 50 })));

    expect(error.message).toBe(`UpdateRefused: UserVolumeSizeGib cannot decrease from 100 to 50 GiB: WorkSpaces volumes only grow (resource ${id}). `
      + 'Keep UserVolumeSizeGib at 100 or more. For smaller volumes, create a new WorkSpace (a new construct id).');
    // Reads only: the WorkSpace, and the record that tells a rollback from a deliberate decrease.
    expect(model.calls.map(c => c.operation)).toEqual(['DescribeWorkspaces', 'DescribeTags']);
  });

  test('a combination that is not allowed, with no call at all', async () => {
    const id = await deploy(props());
    const { error } = await runExpectingFailure(updateEvent(id, props(), props({ RootVolumeSizeGib: 80, UserVolumeSizeGib: 20 })));

    expect(error.message).toMatch(/^UpdateRefused: root 80 GiB \/ user 20 GiB is not allowed: use root\/user GiB 80\/10, 80\/50, 80\/100, or 175-2000 \/ 100-2000/);
    expect(model.calls).toEqual([]);
  });

  test('a final combination that is not allowed once combined with the WorkSpace', async () => {
    const id = await deploy(props());
    const { error } = await runExpectingFailure(updateEvent(id, props(), props({ RootVolumeSizeGib: 120 })));

    expect(error.message).toMatch(/^UpdateRefused: RootVolumeSizeGib 120 is not allowed|^UpdateRefused: the resulting volumes \(root 120 GiB \/ user 50 GiB is not allowed/);
    expect(mutatingCalls()).toEqual([]);
  });

  test('leaving a graphics compute family', async () => {
    const graphics = props(undefined, { BundleId: BUNDLES.GRAPHICS });
    const id = await deploy(graphics);
    const { error } = await runExpectingFailure(updateEvent(id, graphics, props({ ComputeTypeName: 'POWER' }, { BundleId: BUNDLES.GRAPHICS })));

    expect(error.message).toMatch(/^UpdateRefused: ComputeTypeName cannot change from GRAPHICS_G4DN to POWER: WorkSpaces does not move a WorkSpace between graphics and non-graphics/);
    expect(mutatingCalls()).toEqual([]);
  });

  test('a user name change: refused, nothing changed; its rollback (back to what the WorkSpace has) passes', async () => {
    const id = await deploy(props());
    const renamed = updateEvent(id, props(), props(undefined, { UserName: 'bob' }));
    const { error } = await runExpectingFailure(renamed);

    expect(error.message).toBe(`UpdateRefused: changing UserName ("alice" → "bob") would replace WorkSpace ${id} and destroy its user volume (resource ${id}). `
      + 'To do it deliberately, give the Workspace construct a new construct id: CloudFormation then creates a new WorkSpace, and the old one is '
      + 'retained or terminated according to its removal policy (RETAIN by default). Otherwise restore the previous value.');
    // One read, to compare with what the WorkSpace has (see the rollback below); no write at all.
    expect(model.calls.map(c => c.operation)).toEqual(['DescribeWorkspaces']);

    await runToCompletion(rollbackOf(renamed));
    expect(mutatingCalls()).toEqual(['CreateTags']);
    expect(workspace(id)).toMatchObject({ UserName: 'alice', State: 'AVAILABLE' });
  });

  test.each([
    [{ RunningModeAutoStopTimeoutInMinutes: 90 }, /RunningModeAutoStopTimeoutInMinutes 90 is not allowed: use a positive multiple of 60/],
    [{ RunningMode: 'ALWAYS_ON', RunningModeAutoStopTimeoutInMinutes: 60 }, /RunningModeAutoStopTimeoutInMinutes is only allowed with RunningMode AUTO_STOP/],
    [{ RootVolumeSizeGib: 90 }, /RootVolumeSizeGib 90 is not allowed/],
    [{ UserVolumeSizeGib: 20 }, /UserVolumeSizeGib 20 is not allowed/],
    [{ ComputeTypeName: 'GRAPHICS_G4DN', RootVolumeSizeGib: 80, UserVolumeSizeGib: 100 }, /root 80 GiB \/ user 100 GiB is not allowed for a graphics compute type/],
  ] as Array<[WorkspacePropertiesProperty, RegExp]>)('invalid desired properties %j: refused with no call at all', async (wanted, message) => {
    const id = await deploy(props());
    const { error } = await runExpectingFailure(updateEvent(id, props(), props(wanted)));

    expect(error.message).toMatch(message);
    expect(model.calls).toEqual([]);
  });

  test('a timeout without AUTO_STOP on an ALWAYS_ON WorkSpace', async () => {
    const id = await deploy(props());
    const { error } = await runExpectingFailure(updateEvent(id, props(), props({ RunningModeAutoStopTimeoutInMinutes: 120 })));

    expect(error.message).toMatch(/RunningModeAutoStopTimeoutInMinutes needs RunningMode AUTO_STOP \(the WorkSpace runs ALWAYS_ON\)/);
    expect(mutatingCalls()).toEqual([]);
  });

  test('encryption changes', async () => {
    const id = await deploy(props());
    const { error } = await runExpectingFailure(updateEvent(id, props(), props(undefined, {
      VolumeEncryptionKey: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', UserVolumeEncryptionEnabled: true,
    })));

    expect(error.message).toMatch(/^UpdateRefused: changing VolumeEncryptionKey \(null → "arn:aws:kms:.*"\), UserVolumeEncryptionEnabled \(false → true\) would replace/);
    expect(mutatingCalls()).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------ bundle

describe('bundle change → MigrateWorkspace', () => {
  test('migrates (user volume kept), returns the new id, tags it, and the old id\'s Delete touches nothing', async () => {
    const id = await deploy(props());
    const event = updateEvent(id, props(), props({ RunningMode: 'AUTO_STOP' }, { BundleId: BUNDLES.PERFORMANCE }));
    const outcome = await runToCompletion(event);
    const newId = outcome.physicalResourceId;

    expect(newId).not.toBe(id);
    expect(outcome.data).toEqual({ WorkspaceId: newId, State: 'AVAILABLE' });
    expect(model.callsTo('MigrateWorkspace')).toEqual([{ SourceWorkspaceId: id, BundleId: BUNDLES.PERFORMANCE }]);
    expect(model.callsTo('ModifyWorkspaceProperties')).toEqual([{ WorkspaceId: newId, WorkspaceProperties: { RunningMode: 'AUTO_STOP' } }]);
    expect(workspace(newId)).toMatchObject({ BundleId: BUNDLES.PERFORMANCE, WorkspaceProperties: { UserVolumeSizeGib: 50, ComputeTypeName: 'PERFORMANCE' } });
    expect(model.tagsOf(newId)).toEqual(expect.arrayContaining([
      { Key: OWNER_TAG_KEY, Value: OWNER }, { Key: REQUEST_TAG_KEY, Value: event.RequestId }, { Key: 'team', Value: 'data' },
    ]));

    // CloudFormation deletes the old physical id afterwards.
    model.calls.length = 0;
    await runToCompletion(cfnEvent({ requestType: 'Delete', resourceType: ResourceTypes.WORKSPACE, properties: { ...props() }, physicalResourceId: id }));
    expect(mutatingCalls()).toEqual([]);
    expect(model.workspaces().map(w => w.WorkspaceId)).toEqual([newId]);
  });

  test('a retried migrate (same request twice) adopts the migrated WorkSpace: one MigrateWorkspace', async () => {
    const id = await deploy(props());
    const event = updateEvent(id, props(), props(undefined, { BundleId: BUNDLES.PERFORMANCE }));
    const first = await onEvent(event);
    const second = await onEvent(event);

    expect(second.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(model.callsTo('MigrateWorkspace')).toHaveLength(1);
  });

  test('a retry after a lost response (new WorkSpace untagged) adopts it only with proof that this request migrated it', async () => {
    await setUp({ pollsToGone: 10 }); // the source stays TERMINATING for a while
    const id = await deploy(props());
    const event = updateEvent(id, props(), props(undefined, { BundleId: BUNDLES.PERFORMANCE }));
    // The first attempt claimed the WorkSpace and migrated it, then died before tagging the new one.
    await client.send(new CreateTagsCommand({ ResourceId: id, Tags: [{ Key: REQUEST_TAG_KEY, Value: event.RequestId }] }));
    const { TargetWorkspaceId } = await client.send(new MigrateWorkspaceCommand({ SourceWorkspaceId: id, BundleId: BUNDLES.PERFORMANCE }));
    model.calls.length = 0;

    const another = await runExpectingFailure({ ...event, RequestId: 'another-request' });
    expect(another.error.message).toMatch(new RegExp(`^ResourceAlreadyExistsException: WorkSpace ${id} is TERMINATING, and WorkSpace ${TargetWorkspaceId} of user alice .* was not created by this stack`));

    const outcome = await runToCompletion(event);
    expect(outcome.physicalResourceId).toBe(TargetWorkspaceId);
    expect(tag(TargetWorkspaceId!, OWNER_TAG_KEY)).toBe(OWNER);
    expect(model.callsTo('MigrateWorkspace')).toEqual([]);
  });

  test('the new WorkSpace\'s tags are written by the polls when onEvent could not write them', async () => {
    const id = await deploy(props());
    const event = updateEvent(id, props(), props(undefined, { BundleId: BUNDLES.PERFORMANCE }));
    const { PhysicalResourceId: newId } = await onEvent(event);
    await client.send(new DeleteTagsCommand({ ResourceId: newId, TagKeys: model.tagsOf(newId).map(t => t.Key!) })); // as if that write had failed

    expect(await pollToCompletion({ ...event, PhysicalResourceId: newId })).toEqual({ WorkspaceId: newId, State: 'AVAILABLE' });
    expect(model.tagsOf(newId)).toEqual(expect.arrayContaining([
      { Key: OWNER_TAG_KEY, Value: OWNER }, { Key: REQUEST_TAG_KEY, Value: event.RequestId }, { Key: 'team', Value: 'data' },
    ]));
  });

  test('refused while a modification is in progress (nothing migrated)', async () => {
    await setUp({ modificationPolls: 6 });
    const perf = props(undefined, { BundleId: BUNDLES.PERFORMANCE });
    const id = await deploy(perf);
    await runToCompletion(updateEvent(id, perf, props({ RootVolumeSizeGib: 175 }, { BundleId: BUNDLES.PERFORMANCE })));

    const { error } = await runExpectingFailure(updateEvent(id, props({ RootVolumeSizeGib: 175 }, { BundleId: BUNDLES.PERFORMANCE }),
      props({ RootVolumeSizeGib: 175 }, { BundleId: BUNDLES.POWER })));
    expect(error.message).toMatch(new RegExp(`^OperationInProgressException: WorkSpace ${id} is UPDATING, ROOT_VOLUME UPDATE_IN_PROGRESS: its bundle can change only when`));
    expect(model.callsTo('MigrateWorkspace')).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------ long changes, failures, rollbacks

describe('the 1-hour rule', () => {
  test('completes once the last step is accepted and in progress; the next update waits for it first', async () => {
    await setUp({ modificationPolls: 6 });
    const perf = props(undefined, { BundleId: BUNDLES.PERFORMANCE });
    const id = await deploy(perf);
    const bigRoot = props({ RootVolumeSizeGib: 175 }, { BundleId: BUNDLES.PERFORMANCE });

    const first = await runToCompletion(updateEvent(id, perf, bigRoot));
    expect(first.data).toEqual({ WorkspaceId: id, State: 'UPDATING' });
    expect(workspace(id).ModificationStates).toEqual([{ Resource: 'ROOT_VOLUME', State: 'UPDATE_IN_PROGRESS' }]);
    expect(tag(id, STEP_TAG_KEY)).toBe('ROOT_VOLUME 175');

    const second = await runToCompletion(updateEvent(id, bigRoot, props({ RootVolumeSizeGib: 175, ComputeTypeName: 'POWER' }, { BundleId: BUNDLES.PERFORMANCE })));
    // One compute call, made only after the root modification finished (else the service refuses it).
    expect(modifications()).toEqual([{ RootVolumeSizeGib: 175 }, { ComputeTypeName: 'POWER' }]);
    expect(second.polls).toBeGreaterThan(4);
    await settle(id);
    expect(workspace(id).WorkspaceProperties).toMatchObject({ RootVolumeSizeGib: 175, ComputeTypeName: 'POWER' });
  });

  test('an UPDATE_FAILED modification of this update fails it clearly; the next deployment retries it', async () => {
    const id = await deploy(props());
    model.failModification(id, 'USER_VOLUME');
    const event = updateEvent(id, props(), props({ UserVolumeSizeGib: 100, ComputeTypeName: 'PERFORMANCE' }));
    const { error } = await runExpectingFailure(event);

    expect(error.message).toBe(`UPDATE_FAILED: the service could not apply UserVolumeSizeGib 50 → 100 to WorkSpace ${id} (ModificationStates: USER_VOLUME UPDATE_FAILED) `
      + `(resource ${id}). The WorkSpace keeps its previous value. Check it in the WorkSpaces console (a reboot, or AWS Support for a volume, may be needed), `
      + 'then deploy again: the next deployment retries the change. Or deploy the previous value.');
    expect(modifications()).toEqual([{ UserVolumeSizeGib: 100 }]);

    await runToCompletion({ ...event, RequestId: 'next-deployment' });
    expect(modifications()).toEqual([{ UserVolumeSizeGib: 100 }, { UserVolumeSizeGib: 100 }, { ComputeTypeName: 'PERFORMANCE' }]);
  });
});

describe('a WorkSpace terminated outside CloudFormation', () => {
  test('an update of a WorkSpace that is gone explains how to get a new one', async () => {
    const id = await deploy(props());
    await client.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: id }] }));
    await settle(id);
    await settle(id);
    model.calls.length = 0;

    const { error } = await runExpectingFailure(updateEvent(id, props(), props({ ComputeTypeName: 'PERFORMANCE' })));
    expect(error.message).toMatch(new RegExp(`^ResourceNotFoundException: WorkSpace ${id} is gone and no other WorkSpace exists for user alice`));
    expect(mutatingCalls()).toEqual([]);
  });

  test('terminated while an update polls: a clear failure', async () => {
    const id = await deploy(props());
    const event = updateEvent(id, props(), props({ ComputeTypeName: 'PERFORMANCE' }));
    await onEvent(event);
    await client.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: id }] }));

    await expect(isComplete(event)).rejects.toThrow(`WorkspaceTerminated: WorkSpace ${id} is TERMINATING (resource ${id}). It is being terminated outside`);
    expect(modifications()).toEqual([]);
  });
});

describe('rollbacks', () => {
  const before = props({ RunningMode: 'ALWAYS_ON', RootVolumeSizeGib: 80, UserVolumeSizeGib: 50, ComputeTypeName: 'STANDARD' });
  const after = props({ RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 60, RootVolumeSizeGib: 175, UserVolumeSizeGib: 100, ComputeTypeName: 'PERFORMANCE' });

  test('an update failing half-way, then its rollback: restores what can be restored, keeps the grown volume', async () => {
    const id = await deploy(before);
    model.failModification(id, 'ROOT_VOLUME');
    const update = updateEvent(id, before, after);
    const { error } = await runExpectingFailure(update);
    expect(error.message).toMatch(/^UPDATE_FAILED: the service could not apply RootVolumeSizeGib 80 → 175/);
    expect(modifications()).toEqual([{ RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 60 }, { UserVolumeSizeGib: 100 }, { RootVolumeSizeGib: 175 }]);
    expect(tag(id, PREVIOUS_TAG_KEY)).toMatch(/^[0-9a-f]{16}$/);

    model.calls.length = 0;
    const rollback = rollbackOf(update);
    const outcome = await runToCompletion(rollback);

    // The user volume cannot shrink back to 50 GiB: the rollback leaves it at 100 and completes.
    expect(outcome.data).toEqual({ WorkspaceId: id, State: 'AVAILABLE' });
    expect(modifications()).toEqual([{ RunningMode: 'ALWAYS_ON' }]);
    expect(workspace(id).WorkspaceProperties).toMatchObject({ RunningMode: 'ALWAYS_ON', RootVolumeSizeGib: 80, UserVolumeSizeGib: 100, ComputeTypeName: 'STANDARD' });

    // A deliberate decrease afterwards (not a return to the previous properties) is still refused.
    const { error: refused } = await runExpectingFailure(updateEvent(id, before, props({ RunningMode: 'ALWAYS_ON', UserVolumeSizeGib: 10 })));
    expect(refused.message).toMatch(/^UpdateRefused: UserVolumeSizeGib cannot decrease from 100 to 10 GiB/);
  });

  test('the rollback of a completed increase (another resource failed) completes, keeping the larger volume', async () => {
    const id = await deploy(before);
    const update = updateEvent(id, before, props({ RunningMode: 'ALWAYS_ON', RootVolumeSizeGib: 80, UserVolumeSizeGib: 100, ComputeTypeName: 'STANDARD' }));
    await runToCompletion(update);
    await settle(id);
    model.calls.length = 0;

    await runToCompletion(rollbackOf(update));
    expect(modifications()).toEqual([]);
    expect(workspace(id).WorkspaceProperties?.UserVolumeSizeGib).toBe(100);
  });

  test('a superseded poller takes no step: after the rollback\'s onEvent, the original update\'s isComplete stops', async () => {
    const id = await deploy(before);
    const update = updateEvent(id, before, props({ RunningMode: 'ALWAYS_ON', UserVolumeSizeGib: 100, ComputeTypeName: 'PERFORMANCE' }));
    await onEvent(update);
    while (modifications().length === 0) expect((await isComplete(update)).IsComplete).toBe(false);
    expect(modifications()).toEqual([{ UserVolumeSizeGib: 100 }]);

    const rollback = rollbackOf(update);
    await onEvent(rollback);
    model.calls.length = 0;
    expect(await isComplete(update)).toEqual({ IsComplete: true });
    expect(model.calls.map(c => c.operation)).toEqual(['DescribeTags']);

    // The rollback waits for the user volume change it did not start, then has nothing to undo.
    expect(await pollToCompletion(rollback)).toEqual({ WorkspaceId: id, State: 'AVAILABLE' });
    expect(modifications()).toEqual([]);
    expect(workspace(id).WorkspaceProperties).toMatchObject({ UserVolumeSizeGib: 100, ComputeTypeName: 'STANDARD' });
  });
});
