// Entry points of the one handler bundle shared by every custom resource of cdk-workspaces.
// The Provider framework calls onEvent once per CloudFormation request, then isComplete until
// it answers IsComplete: true (or the provider's total timeout of at most one hour).
import { WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { toHandlerError } from './common/errors';
import { IsCompleteResponse, OnEventResponse, Reconciler, ResourceEvent } from './common/reconciler';
import { DirectoryReconciler } from './directory';
import { WorkspaceReconciler } from './workspace';
import { ResourceTypes } from '../src/custom-resources/contract';

type ReconcilerClass = new (client: WorkSpacesClient, event: ResourceEvent) => Reconciler<unknown>;

const RECONCILERS: Record<string, ReconcilerClass> = {
  [ResourceTypes.WORKSPACE]: WorkspaceReconciler,
  [ResourceTypes.DIRECTORY]: DirectoryReconciler,
};

// Throttling is normal for WorkSpaces (about 2 calls/s): adaptive retries on top of the polls.
let client: WorkSpacesClient | undefined;

function reconcilerFor(event: ResourceEvent): Reconciler<unknown> {
  const Type = RECONCILERS[event.ResourceType];
  if (!Type) {
    throw new Error(`Unknown resource type ${event.ResourceType}; this handler serves ${Object.keys(RECONCILERS).join(', ')}`);
  }
  client ??= new WorkSpacesClient({ retryMode: 'adaptive', maxAttempts: 5 });
  try {
    return new Type(client, event);
  } catch (e) {
    // Properties that do not parse: name the resource, as every other failure does.
    throw toHandlerError(e, event.PhysicalResourceId || event.LogicalResourceId);
  }
}

export async function onEvent(event: ResourceEvent): Promise<OnEventResponse> {
  return reconcilerFor(event).onEvent();
}

export async function isComplete(event: ResourceEvent): Promise<IsCompleteResponse> {
  return reconcilerFor(event).isComplete();
}
