// Custom::WorkSpacesWorkspace: one WorkSpace (`ws-…`) for one user of a registered directory.
// Create adopts its own WorkSpace on a retry and refuses anyone else's; an update is reconciled
// one step per poll (lambda/workspace/steps.ts), a bundle change migrates the WorkSpace (new id),
// and changes that would destroy the user volume are refused. Delete terminates only a WorkSpace
// carrying this resource's ownership tag.
//
// Long modifications (the 1-hour rule). A volume resize can take hours, a custom resource gets one.
// An update therefore completes as soon as the service has accepted the LAST step it needs and
// reports it in ModificationStates (UPDATE_INITIATED / UPDATE_IN_PROGRESS); it does not wait for
// that modification to finish. Any other modification in progress - from an earlier step of the
// same update or from an earlier deployment - is waited for before the next step and before
// completing. An UPDATE_FAILED modification of a change this request made fails the update; a
// later deployment retries it. The WorkSpace records the modification the current request
// started in the tag STEP_TAG_KEY (cleared when a new request claims the WorkSpace), because
// DescribeWorkspaces shows the old value until a modification is done.
//
// Rollbacks. CloudFormation rolls a failed update back with another Update (old and new
// properties swapped), also for the resource whose own update failed or was refused. Refusals
// therefore compare with the WorkSpace's actual values, so that the rollback of a refused change
// (which asks for what the WorkSpace has) passes. Volume increases cannot be undone: desired sizes
// are floors, never decreased; a deliberate decrease is refused, but an update back to exactly
// the properties before the latest accepted update (PREVIOUS_TAG_KEY: a rollback, or a revert
// of the last deployment) is accepted, restores everything else and keeps the larger volumes.
import {
  CreateWorkspacesCommand, DescribeWorkspacesCommand, MigrateWorkspaceCommand, ModifyWorkspacePropertiesCommand,
  ModifyWorkspaceStateCommand, StartWorkspacesCommand, Tag, TerminateWorkspacesCommand, Workspace, WorkspaceRequest, WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { errorName, failIfFailedRequests, HandlerError, isTransient } from './common/errors';
import { Schema, sameValue } from './common/properties';
import { IsCompleteResponse, log, NOT_YET, Reconciler, ResourceEvent } from './common/reconciler';
import { dispositionOf, MODIFICATION_STATES, WORKSPACE_STATES } from './common/states';
import {
  decreases, desiredProblems, fingerprint, fixedPropertyChanges, targetVolumes, TARGET_STATES, transitionProblems,
} from './workspace/rules';
import { MODIFIED_PROPERTY, nextCall, PROPERTY_STATES, StepCall, StepContext } from './workspace/steps';
import {
  INTERNAL_TAG_PREFIX, OWNER_TAG_KEY, REQUEST_TAG_KEY, WorkspaceAttributes, WorkspaceResourceProperties,
} from '../src/custom-resources/contract';

const SCHEMA: Schema = {
  DirectoryId: 'string',
  UserName: 'string',
  BundleId: 'string',
  VolumeEncryptionKey: 'string',
  RootVolumeEncryptionEnabled: 'boolean',
  UserVolumeEncryptionEnabled: 'boolean',
  WorkspaceProperties: {
    object: {
      RunningMode: 'string',
      RunningModeAutoStopTimeoutInMinutes: 'number',
      RootVolumeSizeGib: 'number',
      UserVolumeSizeGib: 'number',
      ComputeTypeName: 'string',
      Protocols: 'string[]',
    },
  },
  Tags: { list: { Key: 'string', Value: 'string' } },
  State: 'string',
};
const REQUIRED = ['DirectoryId', 'UserName', 'BundleId'];
const WORKSPACE_ID = /^ws-[0-9a-z]{8,63}$/;

/** Fingerprint of the properties before the latest accepted update: what a rollback restores. */
export const PREVIOUS_TAG_KEY = `${INTERNAL_TAG_PREFIX}previous`;
/** `<ModificationResource> <target>` of the modification the current request started ('' = none). */
export const STEP_TAG_KEY = `${INTERNAL_TAG_PREFIX}step`;

const GOING = new Set(['TERMINATING', 'TERMINATED']);
/** FailedRequests codes of CreateWorkspaces meaning "this user already has a WorkSpace". */
const EXISTS_CODES = new Set(['ResourceExists.WorkSpace', 'ResourceAlreadyExistsException']);
/** Polls a WorkSpace may stay missing from DescribeWorkspaces (eventual consistency) before failing. */
export const MAX_INVISIBLE_POLLS = 20;
// Best effort across warm invocations; the provider's total timeout is the hard bound.
const invisiblePolls = new Map<string, number>();

const REFUSED = 'UpdateRefused';
const REPLACE_ADVICE = 'To do it deliberately, give the Workspace construct a new construct id: CloudFormation then creates a new WorkSpace, '
  + 'and the old one is retained or terminated according to its removal policy (RETAIN by default). Otherwise restore the previous value.';
const IMPORT_ADVICE = 'A user has at most one WorkSpace per directory. Import it with Workspace.fromWorkspaceId, or terminate it yourself, then deploy again.';

export class WorkspaceReconciler extends Reconciler<WorkspaceResourceProperties> {
  /** Pauses of the bounded retries and re-reads inside onEvent (a few seconds in all). */
  static retryDelaysMs: readonly number[] = [500, 1000, 2000, 3000];
  static sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));

  /** An Update whose properties equal the old ones once parsed ("60" and 60). */
  private readonly unchanged: boolean;
  /** The WorkSpace as validateUpdate read it. */
  private current?: Workspace;

  constructor(client: WorkSpacesClient, event: ResourceEvent) {
    super(client, event, SCHEMA, REQUIRED, WORKSPACE_ID);
    this.unchanged = event.RequestType === 'Update' && sameValue(this.props, this.oldProps);
  }

  // ------------------------------------------------------------------------------------ create

  protected async create(): Promise<string> {
    const p = this.props;
    if (p.State !== undefined && !TARGET_STATES.includes(p.State)) {
      throw new HandlerError('InvalidParameterValuesException', `State ${p.State} is not a target state: use ${TARGET_STATES.join(' or ')}`, undefined);
    }
    const existing = await this.retrying(() => this.workspacesOfUser());
    if (existing.some(w => !GOING.has(w.State!))) return this.adoptOrRefuse(existing);
    const request: WorkspaceRequest = {
      DirectoryId: p.DirectoryId,
      UserName: p.UserName,
      BundleId: p.BundleId,
      ...(p.VolumeEncryptionKey !== undefined ? { VolumeEncryptionKey: p.VolumeEncryptionKey } : {}),
      ...(p.RootVolumeEncryptionEnabled !== undefined ? { RootVolumeEncryptionEnabled: p.RootVolumeEncryptionEnabled } : {}),
      ...(p.UserVolumeEncryptionEnabled !== undefined ? { UserVolumeEncryptionEnabled: p.UserVolumeEncryptionEnabled } : {}),
      ...(p.WorkspaceProperties ? { WorkspaceProperties: p.WorkspaceProperties as WorkspaceRequest['WorkspaceProperties'] } : {}),
      Tags: [...this.userTags(), ...this.internalTags],
    };
    const response = await this.retrying(() => this.client.send(new CreateWorkspacesCommand({ Workspaces: [request] })))
      .catch(e => this.lostCreate(e));
    if (typeof response === 'string') return response;
    const failed = response.FailedRequests?.[0];
    if (failed && EXISTS_CODES.has(failed.ErrorCode ?? '')) {
      // The user has a WorkSpace the first read did not show (eventual consistency after a
      // retried Create, or a lost response): find it, adopt it only if it is ours.
      for (const delay of WorkspaceReconciler.retryDelaysMs) {
        await WorkspaceReconciler.sleep(delay);
        const found = await this.workspacesOfUser();
        if (found.some(w => !GOING.has(w.State!))) return this.adoptOrRefuse(found);
      }
      const going = existing.filter(w => GOING.has(w.State!)).map(w => w.WorkspaceId);
      if (going.length) {
        const message = (failed.ErrorMessage ?? 'the user already has a WorkSpace').replace(/\.$/, '');
        throw new HandlerError(failed.ErrorCode!, `${message} (${going.join(', ')} of user ${p.UserName} is TERMINATING)`,
          undefined, 'Deploy again once the terminating WorkSpace is gone.');
      }
    }
    if (failed) {
      throw new HandlerError(failed.ErrorCode ?? 'FailedRequest',
        `${(failed.ErrorMessage ?? 'CreateWorkspaces failed').replace(/\.$/, '')} (user ${p.UserName}, directory ${p.DirectoryId}, bundle ${p.BundleId})`, undefined);
    }
    const id = response.PendingRequests?.[0]?.WorkspaceId;
    if (!id) {
      throw new HandlerError('EmptyResponse', 'CreateWorkspaces answered with neither a pending nor a failed request', undefined,
        'The service reports nothing created; deploy again.');
    }
    log('created', id);
    return id;
  }

  /**
   * CreateWorkspaces failed without a definite refusal (a 5xx, a timeout, a reset connection): the
   * service may have made the WorkSpace and lost the answer. Returns its id when a live WorkSpace of
   * the user carries our ownership tag (rule 1: never throw after something was made), else rethrows.
   */
  private async lostCreate(e: unknown): Promise<string> {
    if ((e as { $fault?: string })?.$fault === 'client') throw e;
    for (const delay of [0, ...WorkspaceReconciler.retryDelaysMs]) {
      if (delay) await WorkspaceReconciler.sleep(delay);
      const live = (await this.workspacesOfUser().catch(() => [])).filter(w => !GOING.has(w.State!));
      for (const w of live) {
        if (await this.tagValue(w.WorkspaceId!, OWNER_TAG_KEY).catch(() => undefined) === this.owner) {
          log('CreateWorkspaces answered with an error but made the WorkSpace: adopting it', errorName(e), w.WorkspaceId);
          return w.WorkspaceId!;
        }
      }
      if (live.length) break; // someone else's: the original error stands
    }
    throw e;
  }

  /** Adopts a live WorkSpace of the user that carries our ownership tag; refuses any other. */
  private async adoptOrRefuse(found: Workspace[]): Promise<string> {
    const live = found.filter(w => !GOING.has(w.State!));
    for (const w of live) {
      if (await this.tagValue(w.WorkspaceId!, OWNER_TAG_KEY) === this.owner) {
        log('adopting the WorkSpace this resource already created (retried request)', w.WorkspaceId);
        return w.WorkspaceId!;
      }
    }
    const w = live[0];
    throw new HandlerError('ResourceAlreadyExistsException',
      `WorkSpace ${w.WorkspaceId} already exists for user ${this.props.UserName} in directory ${this.props.DirectoryId} and was not created by this stack`,
      w.WorkspaceId, IMPORT_ADVICE);
  }

  protected get createTarget(): string {
    return `user ${this.props.UserName} in directory ${this.props.DirectoryId}`;
  }

  // ------------------------------------------------------------------------------------ update

  protected async validateUpdate(): Promise<void> {
    const id = this.physicalId;
    if (!this.isServiceId(id)) throw new HandlerError('InvalidPhysicalId', `${id} is not a WorkSpace id`, id, 'Remove the resource from the stack and add it again.');
    if (this.unchanged) return;
    const problems = desiredProblems(this.props);
    if (problems.length) throw new HandlerError(REFUSED, problems.join('; '), id, 'Nothing was changed. Correct the Workspace props and deploy again.');
    const ws = this.current = await this.retrying(() => this.describe(id));
    if (!ws || GOING.has(ws.State!)) return; // migrated by a retried request, or gone: update() follows or explains
    const old = this.oldProps ?? {};
    const fixed = fixedPropertyChanges(this.props, old, ws);
    if (fixed.length) {
      throw new HandlerError(REFUSED, `changing ${fixed.join(', ')} would replace WorkSpace ${id} and destroy its user volume`, id, REPLACE_ADVICE);
    }
    const actual = ws.WorkspaceProperties ?? {};
    const sameBundle = this.props.BundleId === ws.BundleId;
    // A migration takes compute and root from the new bundle: only the user volume is carried over.
    const lower = decreases(this.props, old, actual).filter(d => sameBundle || d.property === 'UserVolumeSizeGib');
    if (lower.length && await this.retrying(() => this.tagValue(id, PREVIOUS_TAG_KEY)) !== fingerprint(this.props)) {
      throw new HandlerError(REFUSED, `${lower.map(d => `${d.property} cannot decrease from ${d.from} to ${d.to} GiB`).join('; ')}: WorkSpaces volumes only grow`,
        id, `Keep ${lower.map(d => `${d.property} at ${d.from} or more`).join(' and ')}. For smaller volumes, create a new WorkSpace (a new construct id).`);
    }
    if (lower.length) log('back to the properties before the latest update (rollback): volumes keep their larger size', lower);
    const transition = sameBundle ? transitionProblems(this.props, actual) : [];
    if (transition.length) throw new HandlerError(REFUSED, transition.join('; '), id, 'Nothing was changed. Correct the Workspace props and deploy again.');
  }

  /** Marks the WorkSpace as this request's, records what a rollback would restore, clears the step record. */
  protected async claim(id: string): Promise<void> {
    if (!this.unchanged && (!this.current || GOING.has(this.current.State!))) return; // update() claims the successor
    const tags = this.unchanged ? [{ Key: REQUEST_TAG_KEY, Value: this.event.RequestId }] : this.claimTags();
    await this.retrying(() => this.writeTags(id, tags));
  }

  protected async update(): Promise<string> {
    const ws = this.current;
    if (this.unchanged) return this.physicalId;
    if (!ws || GOING.has(ws.State!)) return this.followMigration(ws);
    if (this.props.BundleId !== ws.BundleId) return this.migrate(ws);
    return this.physicalId; // in-place steps: one per isComplete poll
  }

  private claimTags(): Tag[] {
    return [
      { Key: REQUEST_TAG_KEY, Value: this.event.RequestId },
      { Key: PREVIOUS_TAG_KEY, Value: fingerprint(this.oldProps ?? {}) },
      { Key: STEP_TAG_KEY, Value: '' },
    ];
  }

  /** MigrateWorkspace (one call): returns the new id. Nothing may throw once the service accepted it. */
  private async migrate(ws: Workspace): Promise<string> {
    const id = ws.WorkspaceId!;
    const busy = (ws.ModificationStates ?? []).filter(m => dispositionOf(MODIFICATION_STATES, m.State) === 'transient');
    if (busy.length || !PROPERTY_STATES.includes(ws.State!)) {
      throw new HandlerError('OperationInProgressException',
        `WorkSpace ${id} is ${ws.State}${busy.map(m => `, ${m.Resource} ${m.State}`).join('')}: its bundle can change only when it is AVAILABLE or STOPPED with no modification in progress`,
        id, 'Nothing was changed. Deploy again once the WorkSpace is AVAILABLE (a volume change can take hours).');
    }
    const result = await this.retrying(() => this.client.send(new MigrateWorkspaceCommand({ SourceWorkspaceId: id, BundleId: this.props.BundleId })));
    const target = result.TargetWorkspaceId;
    if (!target) throw new HandlerError('EmptyResponse', 'MigrateWorkspace answered without a target WorkSpace id', id, 'Check the user\'s WorkSpaces in the console, then deploy again.');
    log('migrated (the old id is deleted by CloudFormation, the service terminates it)', id, '→', target);
    try {
      // The service does not carry tags over: claim the new WorkSpace at once (the next poll retries).
      await this.writeTags(target, [{ Key: OWNER_TAG_KEY, Value: this.owner }, ...this.claimTags(), ...this.userTags()]);
    } catch (e) {
      log('tags of the new WorkSpace are written by the next poll', errorName(e));
    }
    return target;
  }

  /**
   * The physical id is TERMINATING or gone: a retried request whose migration already happened,
   * or a WorkSpace terminated outside CloudFormation. Safest rule: the successor is the user's one
   * live WorkSpace in the directory that carries our ownership tag; an untagged one is adopted
   * only with proof that this very request migrated it (the source is TERMINATING and carries our
   * ownership tag and this RequestId, the candidate is the user's only live WorkSpace and has
   * the desired bundle). Anything else is refused.
   */
  private async followMigration(source: Workspace | undefined): Promise<string> {
    const id = this.physicalId;
    for (let attempt = 0; ; attempt++) {
      const live = (await this.workspacesOfUser()).filter(w => !GOING.has(w.State!));
      const successor = await this.successor(live, source);
      if (successor) {
        const sid = successor.WorkspaceId!;
        log('continuing with the WorkSpace that replaced', id, '→', sid);
        await this.writeTags(sid, [{ Key: OWNER_TAG_KEY, Value: this.owner }, ...this.claimTags()]);
        return successor.BundleId === this.props.BundleId ? sid : this.migrate(successor);
      }
      if (live.length) {
        throw new HandlerError('ResourceAlreadyExistsException', `WorkSpace ${id} is ${source?.State ?? 'gone'}, and WorkSpace ${live[0].WorkspaceId} of user `
          + `${this.props.UserName} in directory ${this.props.DirectoryId} was not created by this stack`, id, IMPORT_ADVICE);
      }
      const delay = WorkspaceReconciler.retryDelaysMs[attempt];
      if (delay === undefined) {
        throw new HandlerError('ResourceNotFoundException', `WorkSpace ${id} is ${source?.State ?? 'gone'} and no other WorkSpace exists for user `
          + `${this.props.UserName} in directory ${this.props.DirectoryId}`, id,
        'It was terminated outside CloudFormation. To create a new WorkSpace, give the Workspace construct a new construct id.');
      }
      await WorkspaceReconciler.sleep(delay); // a migration target may not be visible yet
    }
  }

  private async successor(live: Workspace[], source: Workspace | undefined): Promise<Workspace | undefined> {
    for (const w of live) {
      if (await this.tagValue(w.WorkspaceId!, OWNER_TAG_KEY) === this.owner) return w;
    }
    const [only] = live;
    const proof = live.length === 1 && source?.State === 'TERMINATING' && only.BundleId === this.props.BundleId
      && await this.tagValue(only.WorkspaceId!, OWNER_TAG_KEY) === undefined
      && await this.tagValue(source.WorkspaceId!, OWNER_TAG_KEY) === this.owner
      && await this.tagValue(source.WorkspaceId!, REQUEST_TAG_KEY) === this.event.RequestId;
    return proof ? only : undefined;
  }

  // ------------------------------------------------------------------------------------ polls

  protected async reconcile(): Promise<IsCompleteResponse> {
    const id = this.physicalId;
    const key = `${this.event.RequestId}|${id}`;
    const ws = await this.describe(id);
    if (!ws) {
      const polls = (invisiblePolls.get(key) ?? 0) + 1;
      invisiblePolls.set(key, polls);
      if (polls > MAX_INVISIBLE_POLLS) {
        invisiblePolls.delete(key);
        throw new HandlerError('ResourceNotFoundException', `WorkSpace ${id} is missing from DescribeWorkspaces after ${MAX_INVISIBLE_POLLS} polls`, id,
          'It was terminated outside CloudFormation, or the service did not create it: check the user\'s WorkSpaces, then deploy again.');
      }
      log('not visible yet', id, polls);
      return NOT_YET;
    }
    invisiblePolls.delete(key);
    this.failIfUnusable(ws);
    if (await this.writeOwnership(id)) return NOT_YET;

    const mods = ws.ModificationStates ?? [];
    const running = mods.filter(m => dispositionOf(MODIFICATION_STATES, m.State) === 'transient');
    const [resource, target] = splitOnce(await this.tagValue(id, STEP_TAG_KEY) ?? '');
    // This request's last accepted step, still in progress: count it as done.
    const ours = running.length > 0 && running.every(m => m.Resource === resource);
    const actual = { ...ws.WorkspaceProperties, ...(ours ? MODIFIED_PROPERTY[resource]?.(target) : {}) };
    const context: StepContext = {
      workspaceId: id,
      desired: this.props,
      state: ws.State!,
      actual,
      volumes: targetVolumes(this.props.WorkspaceProperties ?? {}, actual),
      userTagsDiffer: this.userTagsDiffer(await this.tagsOf(id)),
    };
    const call = nextCall(context);
    const stable = dispositionOf(WORKSPACE_STATES, ws.State) === 'stable';
    if (!call) {
      if ((running.length && !ours) || (!stable && !ours)) return NOT_YET; // wait for an earlier modification / a stable state
      if (actual.RootVolumeSizeGib! < context.volumes.root || actual.UserVolumeSizeGib! < context.volumes.user) {
        throw new HandlerError('UnsupportedWorkspaceConfigurationException', `no allowed order of steps takes WorkSpace ${id} from `
          + `${actual.RootVolumeSizeGib}/${actual.UserVolumeSizeGib} GiB to ${context.volumes.root}/${context.volumes.user} GiB`, id);
      }
      log('complete', id, ws.State, ours ? `(${resource} ${target} still in progress)` : '');
      return { IsComplete: true, Data: { [WorkspaceAttributes.WORKSPACE_ID]: id, [WorkspaceAttributes.STATE]: ws.State! } };
    }
    if (running.length || !stable) {
      log('waiting before', call.summary, ws.State, running);
      return NOT_YET;
    }
    const failed = call.kind === 'properties' && mods.find(m => m.State === 'UPDATE_FAILED' && m.Resource === call.modification?.resource);
    if (failed && failed.Resource === resource) {
      throw new HandlerError('UPDATE_FAILED', `the service could not apply ${call.summary} to WorkSpace ${id} (ModificationStates: ${failed.Resource} UPDATE_FAILED)`, id,
        'The WorkSpace keeps its previous value. Check it in the WorkSpaces console (a reboot, or AWS Support for a volume, may be needed), then deploy '
        + 'again: the next deployment retries the change. Or deploy the previous value.');
    }
    if (failed) log('retrying a change that failed in an earlier deployment', failed);
    await this.take(call, ws);
    return NOT_YET;
  }

  private failIfUnusable(ws: Workspace): void {
    const id = ws.WorkspaceId!;
    const disposition = dispositionOf(WORKSPACE_STATES, ws.State);
    if (disposition === 'failed') {
      throw new HandlerError(ws.ErrorCode || `Workspace${ws.State}`, `WorkSpace ${id} is ${ws.State}${ws.ErrorMessage ? `: ${ws.ErrorMessage.replace(/\.$/, '')}` : ''}`, id,
        'Fix the cause (directory, subnets, bundle, user, quotas). A WorkSpace in ERROR is terminated when CloudFormation deletes the resource; '
        + 'an UNHEALTHY or IMPAIRED one may recover after a reboot: then deploy again.');
    }
    if (disposition === 'gone' || GOING.has(ws.State!)) {
      throw new HandlerError('WorkspaceTerminated', `WorkSpace ${id} is ${ws.State}`, id,
        'It is being terminated outside this deployment. To create a new WorkSpace, give the Workspace construct a new construct id.');
    }
  }

  /** Our ownership tags on a WorkSpace that lacks them (a migration target): one step. */
  private async writeOwnership(id: string): Promise<boolean> {
    const owner = await this.tagValue(id, OWNER_TAG_KEY);
    if (owner !== undefined && owner !== this.owner) {
      throw new HandlerError('ResourceAlreadyExistsException', `WorkSpace ${id} carries another owner (${OWNER_TAG_KEY}=${owner})`, id, IMPORT_ADVICE);
    }
    const wanted: Tag[] = [{ Key: OWNER_TAG_KEY, Value: this.owner }, { Key: REQUEST_TAG_KEY, Value: this.event.RequestId }];
    if (this.event.RequestType === 'Update' && !this.unchanged && await this.tagValue(id, PREVIOUS_TAG_KEY) === undefined) {
      wanted.push({ Key: PREVIOUS_TAG_KEY, Value: fingerprint(this.oldProps ?? {}) }, { Key: STEP_TAG_KEY, Value: '' });
    }
    const tags = await this.tagsOf(id);
    const missing = wanted.filter(w => !tags.some(t => t.Key === w.Key && t.Value === w.Value));
    if (!missing.length) return false;
    log('writing ownership tags', id, missing.map(t => t.Key));
    await this.writeTags(id, missing);
    return true;
  }

  private async take(call: StepCall, ws: Workspace): Promise<void> {
    const id = ws.WorkspaceId!;
    if (!call.from.includes(ws.State!)) {
      // ModifyWorkspaceProperties is refused in ADMIN_MAINTENANCE: leave it; the state step restores it.
      log(`leaving ${ws.State} for`, call.summary);
      await this.client.send(new ModifyWorkspaceStateCommand({ WorkspaceId: id, WorkspaceState: 'AVAILABLE' }));
      return;
    }
    log('step', id, call.summary);
    switch (call.kind) {
      case 'properties':
        await this.client.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: call.properties }));
        if (call.modification) await this.writeTags(id, [{ Key: STEP_TAG_KEY, Value: `${call.modification.resource} ${call.modification.target}` }]);
        return;
      case 'state':
        await this.client.send(new ModifyWorkspaceStateCommand({ WorkspaceId: id, WorkspaceState: call.state }));
        return;
      case 'start':
        const started = await this.client.send(new StartWorkspacesCommand({ StartWorkspaceRequests: [{ WorkspaceId: id }] }));
        failIfFailedRequests(started.FailedRequests, id);
        return;
      case 'tags':
        await this.reconcileTags(id, this.userTags().map(t => ({ Key: t.Key!, Value: t.Value! })));
        return;
    }
  }

  // ------------------------------------------------------------------------------------ delete

  protected async delete(): Promise<void> {
    try {
      await this.terminateStep(true);
    } catch (e) {
      if (!isTransient(e)) throw e;
      log('terminate not accepted yet; isComplete retries', errorName(e));
    }
  }

  protected async isDeleted(): Promise<boolean> {
    return this.terminateStep(false);
  }

  /** True once the WorkSpace is gone; else makes (or re-makes) the one terminate call and waits. */
  private async terminateStep(onEvent: boolean): Promise<boolean> {
    const id = this.physicalId;
    const ws = await this.describe(id);
    if (ws?.State === 'TERMINATED') return true;
    if (ws?.State === 'TERMINATING') return false;
    let owner: string | undefined;
    try {
      owner = await this.tagValue(id, OWNER_TAG_KEY);
    } catch (e) {
      if (errorName(e) === 'ResourceNotFoundException') return true; // gone (Describe and DescribeTags agree)
      throw e;
    }
    if (!ws && !onEvent) return false; // exists but not listed yet (eventual consistency): its terminate was sent by onEvent
    if (owner !== this.owner) {
      throw new HandlerError('NotOwnedByThisStack', `WorkSpace ${id} does not carry this resource's ownership tag (${OWNER_TAG_KEY}=${this.owner}), so it was not terminated`, id,
        'Terminate it yourself if it should go, or retain it (RemovalPolicy.RETAIN), then delete again.');
    }
    if (ws && (await this.workspacesOfUser(ws.DirectoryId!, ws.UserName!)).some(w => w.WorkspaceId !== id && !GOING.has(w.State!))) {
      log('the source of a migration: the service removes it, nothing to do', id);
      return true;
    }
    const response = await this.client.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: id }] }));
    const failed = response.FailedRequests?.[0];
    if (failed?.ErrorCode?.startsWith('ResourceNotFound')) return true;
    failIfFailedRequests(failed ? [failed] : undefined, id);
    log('terminating', id);
    return false;
  }

  // ------------------------------------------------------------------------------------ reads

  private async describe(id: string): Promise<Workspace | undefined> {
    const response = await this.client.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }));
    return response.Workspaces?.find(w => w.WorkspaceId === id);
  }

  /** Every WorkSpace of the user in the directory, any state. */
  private async workspacesOfUser(directoryId = this.props.DirectoryId, userName = this.props.UserName): Promise<Workspace[]> {
    const all: Workspace[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new DescribeWorkspacesCommand({ DirectoryId: directoryId, UserName: userName, NextToken: token }));
      all.push(...page.Workspaces ?? []);
      token = page.NextToken;
    } while (token);
    return all;
  }

  private userTags(): Tag[] {
    return (this.props.Tags ?? []).map(t => ({ Key: t.Key, Value: t.Value ?? '' }));
  }

  private userTagsDiffer(actual: Tag[]): boolean {
    const mine = actual.filter(t => !t.Key?.startsWith(INTERNAL_TAG_PREFIX));
    const wanted = this.userTags();
    return mine.length !== wanted.length || wanted.some(w => !mine.some(t => t.Key === w.Key && (t.Value ?? '') === w.Value));
  }
}

function splitOnce(text: string): [string, string] {
  const at = text.indexOf(' ');
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}
