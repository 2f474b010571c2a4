// The base of every resource handler. onEvent starts a change and returns the physical id;
// every isComplete poll reads the actual state and takes at most one step towards the desired
// properties. See docs/architecture.md for the rules this enforces.
import { CreateTagsCommand, DeleteTagsCommand, DescribeTagsCommand, Tag, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { errorName, HandlerError, isThrottling, isTransient, toHandlerError } from './errors';
import { parseProperties, Schema } from './properties';
import { INTERNAL_TAG_PREFIX, OWNER_TAG_KEY, REQUEST_TAG_KEY, TagProperty } from '../../src/custom-resources/contract';

export interface ResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly RequestId: string;
  readonly StackId: string;
  readonly LogicalResourceId: string;
  readonly ResourceType: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
}

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: Record<string, string>;
}

/** Returned by a poll that must wait. */
export const NOT_YET: IsCompleteResponse = { IsComplete: false };

/** CloudFormation refuses responses over 4096 bytes; Data stays far below that. */
const MAX_DATA_BYTES = 2048;

export abstract class Reconciler<P> {
  /** Pauses of the bounded throttling retries inside onEvent (a few seconds in all). */
  static retryDelaysMs: readonly number[] = [500, 1000, 2000, 3000];
  static sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));

  /** Desired properties (parsed). */
  protected readonly props: P;
  /** Previous properties on Update (parsed). */
  protected readonly oldProps?: P;
  private readonly tagCache = new Map<string, Tag[]>();

  protected constructor(
    protected readonly client: WorkSpacesClient,
    protected readonly event: ResourceEvent,
    schema: Schema,
    required: readonly string[],
    /** Matches the service ids this resource type uses as physical ids. */
    private readonly idPattern: RegExp,
  ) {
    if (event.RequestType === 'Delete') {
      // Delete works from the physical id: properties of an older version must not block it.
      this.props = parseLenient<P>(event.ResourceProperties, schema);
    } else {
      this.props = parseProperties<P>(event.ResourceProperties, schema, required);
      if (event.OldResourceProperties) this.oldProps = parseLenient<P>(event.OldResourceProperties, schema);
    }
  }

  /** Starts a Create; returns the physical id. Must not throw after something was made. */
  protected abstract create(): Promise<string>;
  /**
   * Refuses an Update that must not happen, before any mutating call is made. May read the
   * actual state (async) to tell a real change from a rollback that restores it.
   */
  protected validateUpdate(): void | Promise<void> {}
  /** Starts an Update (first step); returns the physical id. */
  protected abstract update(): Promise<string>;
  /** Starts a Delete of `physicalId` (already-gone is success). */
  protected abstract delete(): Promise<void>;
  /** One poll of Create/Update: at most one step; complete when actual equals desired and stable. */
  protected abstract reconcile(): Promise<IsCompleteResponse>;
  /** One poll of Delete: complete once the resource is gone. */
  protected abstract isDeleted(): Promise<boolean>;

  get physicalId(): string {
    return this.event.PhysicalResourceId ?? '';
  }

  /** `cdk-workspaces:owner` value of the resources this CloudFormation resource makes. */
  protected get owner(): string {
    return `${this.event.StackId}|${this.event.LogicalResourceId}`;
  }

  /** The library's own tags, written with every create. */
  protected get internalTags(): Tag[] {
    return [{ Key: OWNER_TAG_KEY, Value: this.owner }, { Key: REQUEST_TAG_KEY, Value: this.event.RequestId }];
  }

  async onEvent(): Promise<OnEventResponse> {
    log('onEvent', this.event);
    try {
      switch (this.event.RequestType) {
        case 'Create':
          return { PhysicalResourceId: await this.create() };
        case 'Update':
          await this.validateUpdate();
          await this.claim(this.physicalId);
          return { PhysicalResourceId: await this.update() };
        case 'Delete':
          if (this.isServiceId(this.physicalId)) await this.delete();
          else log('placeholder physical id: nothing was created, nothing to delete', this.physicalId);
          return { PhysicalResourceId: this.physicalId };
      }
    } catch (e) {
      throw toHandlerError(e, this.physicalId || this.createTarget);
    }
  }

  /** Names what a Create is about, for failures before there is a physical id. */
  protected get createTarget(): string | undefined {
    return undefined;
  }

  async isComplete(): Promise<IsCompleteResponse> {
    try {
      if (this.event.RequestType === 'Delete') {
        return { IsComplete: !this.isServiceId(this.physicalId) || await this.isDeleted() };
      }
      if (this.event.RequestType === 'Update' && await this.superseded(this.physicalId)) {
        log('a newer request owns this resource (cancelled update or rollback): taking no step', this.physicalId);
        return { IsComplete: true };
      }
      const result = await this.reconcile();
      if (result.Data && Buffer.byteLength(JSON.stringify(result.Data)) > MAX_DATA_BYTES) {
        throw new HandlerError('ResponseTooLarge', 'the handler built a response over the CloudFormation limit', this.physicalId);
      }
      return result;
    } catch (e) {
      if (isTransient(e)) {
        log('not yet', (e as Error).name, (e as Error).message);
        return NOT_YET;
      }
      throw toHandlerError(e, this.physicalId || undefined);
    }
  }

  protected isServiceId(id: string): boolean {
    return this.idPattern.test(id);
  }

  /** Tags of a resource, read once per invocation. */
  protected async tagsOf(resourceId: string): Promise<Tag[]> {
    let tags = this.tagCache.get(resourceId);
    if (!tags) {
      tags = (await this.client.send(new DescribeTagsCommand({ ResourceId: resourceId }))).TagList ?? [];
      this.tagCache.set(resourceId, tags);
    }
    return tags;
  }

  protected async tagValue(resourceId: string, key: string): Promise<string | undefined> {
    return (await this.tagsOf(resourceId)).find(t => t.Key === key)?.Value;
  }

  /** Marks `resourceId` as acted on by this request (rule: a superseded poller stops acting). */
  protected async claim(resourceId: string): Promise<void> {
    // Must succeed in onEvent: a poll of an unclaimed resource would see itself superseded.
    await this.retrying(() => this.writeTags(resourceId, [{ Key: REQUEST_TAG_KEY, Value: this.event.RequestId }]));
  }

  /** Retries throttling inside onEvent (bounded; the SDK retries too). */
  protected async retrying<T>(call: () => Promise<T>): Promise<T> {
    const type = this.constructor as typeof Reconciler;
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (e) {
        const delay = type.retryDelaysMs[attempt];
        if (!isThrottling(e) || delay === undefined) throw e;
        log('throttled; retrying', errorName(e), delay);
        await type.sleep(delay);
      }
    }
  }

  private async superseded(resourceId: string): Promise<boolean> {
    try {
      const owner = await this.tagValue(resourceId, REQUEST_TAG_KEY);
      return owner !== undefined && owner !== this.event.RequestId;
    } catch (e) {
      // A brand-new id (after a migration) may not be taggable yet: reconcile() waits for it.
      if (errorName(e) === 'ResourceNotFoundException') return false;
      throw e;
    }
  }

  /**
   * One step of the user tag diff (internal tags untouched): removes tags no longer desired,
   * then writes new or changed ones. Returns true when a call was made.
   */
  protected async reconcileTags(resourceId: string, desired: readonly TagProperty[] = []): Promise<boolean> {
    const actual = (await this.tagsOf(resourceId)).filter(t => !t.Key?.startsWith(INTERNAL_TAG_PREFIX));
    const removed = actual.filter(t => !desired.some(d => d.Key === t.Key)).map(t => t.Key!);
    if (removed.length > 0) {
      await this.client.send(new DeleteTagsCommand({ ResourceId: resourceId, TagKeys: removed }));
      this.tagCache.delete(resourceId);
      return true;
    }
    const changed = desired.filter(d => !actual.some(a => a.Key === d.Key && (a.Value ?? '') === d.Value));
    if (changed.length > 0) {
      await this.writeTags(resourceId, changed);
      return true;
    }
    return false;
  }

  protected async writeTags(resourceId: string, tags: Tag[]): Promise<void> {
    await this.client.send(new CreateTagsCommand({ ResourceId: resourceId, Tags: tags }));
    this.tagCache.delete(resourceId);
  }
}

function parseLenient<P>(raw: unknown, schema: Schema): P {
  try {
    return parseProperties<P>(raw, schema);
  } catch (e) {
    log('ignoring unparseable properties', (e as Error).message);
    return {} as P;
  }
}

export function log(...args: unknown[]): void {
  console.log(JSON.stringify(args));
}
