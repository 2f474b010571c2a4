// Shared set-ups for the handler tests: an installed in-memory WorkSpaces model with a Directory
// Service directory (registered through the model's own API), and settling a WorkSpace.
import { DescribeWorkspaceDirectoriesCommand, DescribeWorkspacesCommand, RegisterWorkspaceDirectoryCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { AwsClientStub } from 'aws-sdk-client-mock';
import { WorkspacesModel, WorkspacesModelOptions } from './workspaces-model';

// The model mocks WorkSpacesClient#send for every instance, so this client reaches the installed model.
const client = new WorkSpacesClient({ region: 'us-east-1' });

export interface ModelWithDirectoryOptions {
  /** The Directory Service directory added to the model. */
  readonly directoryId: string;
  /** Its subnets (the model picks two random ones when not given). */
  readonly subnetIds?: string[];
  /** Options of the new model. */
  readonly model?: WorkspacesModelOptions;
  /** Register the directory and describe it until REGISTERED (default true). */
  readonly register?: boolean;
  /** Clear the model's call log at the end (default true). */
  readonly clearCalls?: boolean;
  /** Runs after the model is installed, before the directory is added (e.g. to add bundles). */
  readonly prepare?: (model: WorkspacesModel) => void;
}

/** Registers `directoryId` through the model's own API and describes it until it is REGISTERED (at most 10 times). */
export async function registerDirectory(directoryId: string): Promise<void> {
  await client.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId: directoryId }));
  for (let polls = 0; polls < 10; polls++) {
    const { Directories } = await client.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [directoryId] }));
    if (Directories?.[0]?.State === 'REGISTERED') break;
  }
}

/** A new, installed model with the directory added (and by default registered); the caller restores any previous stub first. */
export async function modelWithDirectory(o: ModelWithDirectoryOptions): Promise<{ model: WorkspacesModel; stub: AwsClientStub<WorkSpacesClient> }> {
  const model = new WorkspacesModel(o.model ?? {});
  const stub = model.install();
  o.prepare?.(model);
  model.addDirectoryServiceDirectory(o.directoryId, { subnetIds: o.subnetIds });
  if (o.register ?? true) await registerDirectory(o.directoryId);
  if (o.clearCalls ?? true) model.calls.length = 0;
  return { model, stub };
}

export interface SettleOptions {
  /** States a WorkSpace without a running modification is settled in. */
  readonly stableStates?: string[];
  /** Describe again (counting as an attempt) when DescribeWorkspaces is throttled, instead of failing. */
  readonly retryThrottling?: boolean;
  /** Describes at most this many times. */
  readonly maxDescribes?: number;
}

const DEFAULT_STABLE_STATES = ['AVAILABLE', 'STOPPED', 'ADMIN_MAINTENANCE', 'ERROR'];

/** Describes the WorkSpace (advancing the model) until no modification runs and it is stable, or it is gone. */
export async function settle(id: string, o: SettleOptions = {}): Promise<void> {
  const stableStates = o.stableStates ?? DEFAULT_STABLE_STATES;
  for (let n = 0; n < (o.maxDescribes ?? 30); n++) {
    const answer = await client.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] })).catch(e => {
      if (o.retryThrottling && (e as Error).name === 'ThrottlingException') return undefined;
      throw e;
    });
    if (!answer) continue;
    const w = answer.Workspaces?.[0];
    if (!w || (!w.ModificationStates?.some(m => m.State !== 'UPDATE_FAILED') && stableStates.includes(w.State!))) return;
  }
  throw new Error(`${id} did not settle`);
}
