// Drives the real handlers the way the CloudFormation Provider framework does: onEvent once,
// then isComplete until complete, with properties stringified as CloudFormation sends them.
import { randomUUID } from 'crypto';
import { isComplete, onEvent } from '../../lambda';
import { IsCompleteResponse, OnEventResponse, ResourceEvent } from '../../lambda/common/reconciler';

export const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/11111111-2222-3333-4444-555555555555';

/** CloudFormation passes every scalar of a custom resource's properties as a string. */
export function asCloudFormationSends(value: unknown): any {
  if (Array.isArray(value)) return value.map(asCloudFormationSends);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asCloudFormationSends(v)]));
  }
  return value === undefined || value === null ? value : String(value);
}

export interface EventOptions {
  readonly requestType: 'Create' | 'Update' | 'Delete';
  readonly resourceType: string;
  readonly properties: Record<string, unknown>;
  readonly oldProperties?: Record<string, unknown>;
  readonly physicalResourceId?: string;
  readonly logicalResourceId?: string;
  readonly requestId?: string;
  readonly stackId?: string;
}

export function cfnEvent(o: EventOptions): ResourceEvent {
  return {
    RequestType: o.requestType,
    RequestId: o.requestId ?? randomUUID(),
    StackId: o.stackId ?? STACK_ID,
    LogicalResourceId: o.logicalResourceId ?? 'Resource',
    ResourceType: o.resourceType,
    PhysicalResourceId: o.physicalResourceId,
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider', ...asCloudFormationSends(o.properties) },
    OldResourceProperties: o.oldProperties && { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider', ...asCloudFormationSends(o.oldProperties) },
  };
}

export interface Outcome {
  readonly physicalResourceId: string;
  readonly data: Record<string, string>;
  /** isComplete polls made (the first onEvent is not counted). */
  readonly polls: number;
}

/** onEvent, then isComplete until complete; throws what the handler throws, or after maxPolls. */
export async function runToCompletion(event: ResourceEvent, maxPolls = 50): Promise<Outcome> {
  const started: OnEventResponse = await onEvent(event);
  const polling: ResourceEvent = { ...event, PhysicalResourceId: started.PhysicalResourceId ?? event.PhysicalResourceId };
  for (let polls = 1; polls <= maxPolls; polls++) {
    const r: IsCompleteResponse = await isComplete(polling);
    if (r.IsComplete) {
      return { physicalResourceId: polling.PhysicalResourceId!, data: { ...started.Data, ...r.Data }, polls };
    }
  }
  throw new Error(`not complete after ${maxPolls} polls (${event.RequestType} ${event.ResourceType} ${polling.PhysicalResourceId})`);
}

/** Like runToCompletion, but reports the physical id onEvent returned even when a poll fails. */
export async function runExpectingFailure(event: ResourceEvent, maxPolls = 50): Promise<{ physicalResourceId?: string; error: Error }> {
  let physicalResourceId: string | undefined;
  try {
    const started = await onEvent(event);
    physicalResourceId = started.PhysicalResourceId;
    const polling = { ...event, PhysicalResourceId: physicalResourceId ?? event.PhysicalResourceId };
    for (let polls = 1; polls <= maxPolls; polls++) {
      if ((await isComplete(polling)).IsComplete) break;
    }
  } catch (e) {
    return { physicalResourceId, error: e as Error };
  }
  throw new Error(`expected ${event.RequestType} of ${event.ResourceType} to fail, but it succeeded`);
}

/** isComplete until complete (onEvent already ran); returns the final Data, throws after maxPolls. */
export async function pollToCompletion(event: ResourceEvent, maxPolls = 50): Promise<Record<string, string> | undefined> {
  for (let n = 0; n < maxPolls; n++) {
    const r = await isComplete(event);
    if (r.IsComplete) return r.Data;
  }
  throw new Error('not complete');
}
