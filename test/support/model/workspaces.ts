// WorkSpaces of the in-memory WorkSpaces model: create, describe (polls), terminate, start/stop/
// reboot, state, property modifications and migration.
import type {
  CreateWorkspacesRequest, DescribeWorkspacesRequest, FailedCreateWorkspaceRequest, FailedWorkspaceChangeRequest, MigrateWorkspaceRequest,
  ModificationResourceEnum, ModifyWorkspacePropertiesRequest, Workspace, WorkspaceRequest, WorkspaceState,
} from '@aws-sdk/client-workspaces';
import { DirectoryOperations } from './directories';
import { autoStopProblem, isGraphics, serviceError, tagProblem, volumeProblem } from './rules';
import { invalid, page, sameUser, TRANSIENT_WORKSPACE_STATES, WorkspaceProps, Ws } from './state';

export abstract class WorkspaceOperations extends DirectoryOperations {
  /** Why one WorkspaceRequest of CreateWorkspaces fails, or its initial properties. */
  protected admit(r: WorkspaceRequest): { ErrorCode: string; ErrorMessage: string } | WorkspaceProps {
    const d = this.dirs.get(r.DirectoryId!);
    if (!d) return { ErrorCode: 'ResourceNotFound.Directory', ErrorMessage: `The directory ${r.DirectoryId} is not registered with WorkSpaces.` };
    if (d.state !== 'REGISTERED') return { ErrorCode: 'InvalidResourceState.Directory', ErrorMessage: `The directory ${r.DirectoryId} is ${d.state}.` };
    const bundle = this.bundles.get(r.BundleId!);
    if (!bundle) return { ErrorCode: 'ResourceNotFound.Bundle', ErrorMessage: `The bundle ${r.BundleId} does not exist.` };
    if (d.ds.users && !d.ds.users.some(u => sameUser(u, r.UserName!))) {
      return { ErrorCode: 'ResourceNotFound.User', ErrorMessage: 'The specified user could not be found in the directory.' };
    }
    if ([...this.ws.values()].some(w => w.directoryId === r.DirectoryId && sameUser(w.userName, r.UserName!))) {
      return { ErrorCode: 'ResourceExists.WorkSpace', ErrorMessage: 'A WorkSpace already exists for the specified user.' };
    }
    const p = r.WorkspaceProperties ?? {};
    const props: WorkspaceProps = {
      RunningMode: p.RunningMode ?? 'ALWAYS_ON',
      RootVolumeSizeGib: p.RootVolumeSizeGib ?? bundle.RootVolumeSizeGib,
      UserVolumeSizeGib: p.UserVolumeSizeGib ?? bundle.UserVolumeSizeGib,
      ComputeTypeName: p.ComputeTypeName ?? bundle.ComputeTypeName,
      Protocols: p.Protocols ?? ['PCOIP'],
    };
    if (isGraphics(props.ComputeTypeName) !== isGraphics(bundle.ComputeTypeName)) {
      return { ErrorCode: 'UnsupportedWorkspaceConfigurationException', ErrorMessage: `Compute type ${props.ComputeTypeName} is not supported with bundle ${bundle.BundleId}.` };
    }
    const problem = volumeProblem(props.RootVolumeSizeGib, props.UserVolumeSizeGib, props.ComputeTypeName)
      ?? autoStopProblem(props.RunningMode, p.RunningModeAutoStopTimeoutInMinutes)
      ?? tagProblem(new Map(), r.Tags ?? [])?.message;
    if (problem) return { ErrorCode: 'InvalidParameterValuesException', ErrorMessage: problem };
    if (props.RunningMode === 'AUTO_STOP') props.RunningModeAutoStopTimeoutInMinutes = p.RunningModeAutoStopTimeoutInMinutes ?? 60;
    return props;
  }

  protected createWorkspaces(i: CreateWorkspacesRequest): object {
    const FailedRequests: FailedCreateWorkspaceRequest[] = [];
    const PendingRequests: Workspace[] = [];
    for (const r of i.Workspaces!) {
      const admitted = this.admit(r);
      if ('ErrorCode' in admitted) {
        FailedRequests.push({ WorkspaceRequest: r, ...admitted });
        continue;
      }
      const w = this.newWorkspace(r.DirectoryId!, r.UserName!, r.BundleId!, admitted, {
        VolumeEncryptionKey: r.VolumeEncryptionKey,
        RootVolumeEncryptionEnabled: r.RootVolumeEncryptionEnabled ?? false,
        UserVolumeEncryptionEnabled: r.UserVolumeEncryptionEnabled ?? false,
      }, r.WorkspaceName);
      (r.Tags ?? []).forEach(t => w.tags.set(t.Key!, t.Value));
      PendingRequests.push(this.renderWorkspace(w));
    }
    return { FailedRequests, PendingRequests };
  }

  protected newWorkspace(directoryId: string, userName: string, bundleId: string, props: WorkspaceProps, encryption: Ws['encryption'], name?: string): Ws {
    const w: Ws = {
      seq: ++this.seq,
      id: this.nextId('ws-', 9),
      directoryId,
      userName,
      bundleId,
      state: 'PENDING',
      props,
      encryption,
      workspaceName: name,
      tags: new Map(),
      invisible: this.opts.invisibleDescribes,
      provisioned: false,
      modificationStates: [],
    };
    w.timeline = { polls: 0, after: this.opts.pollsToAvailable, done: () => Object.assign(w, { state: 'AVAILABLE', provisioned: true }) };
    this.ws.set(w.id, w);
    return w;
  }

  protected describeWorkspaces(i: DescribeWorkspacesRequest): object {
    const filters = [i.DirectoryId, i.BundleId, i.WorkspaceName].filter(f => f !== undefined).length;
    if (i.WorkspaceIds && (filters > 0 || i.UserName !== undefined)) throw invalid('WorkspaceIds cannot be combined with any other filter');
    if (i.UserName !== undefined && i.DirectoryId === undefined) throw invalid('UserName must be specified with DirectoryId');
    if (filters > 1) throw invalid('Only one of DirectoryId, BundleId and WorkspaceName can be specified');
    const matched = [...this.ws.values()].filter(w => (!i.WorkspaceIds || i.WorkspaceIds.includes(w.id))
      && (i.DirectoryId === undefined || w.directoryId === i.DirectoryId)
      && (i.UserName === undefined || sameUser(w.userName, i.UserName))
      && (i.BundleId === undefined || w.bundleId === i.BundleId)
      && (i.WorkspaceName === undefined || w.workspaceName === i.WorkspaceName));
    // Eventual consistency: a new WorkSpace is missing from the first `invisibleDescribes` answers that would include it.
    const visible = matched.filter(w => {
      if (w.invisible === 0) return true;
      w.invisible--;
      return false;
    });
    const { items, next } = page(visible, i.Limit, i.NextToken);
    const Workspaces = items.map(w => this.poll(w, () => this.ws.has(w.id), () => {
      const out = this.renderWorkspace(w);
      // The first answer shows UPDATE_INITIATED, later ones UPDATE_IN_PROGRESS.
      if (w.timeline) w.modificationStates = w.modificationStates.map(m => (m.State === 'UPDATE_INITIATED' ? { ...m, State: 'UPDATE_IN_PROGRESS' } : m));
      return out;
    })).filter(x => x);
    return { Workspaces, ...(next ? { NextToken: next } : {}) };
  }

  /** Terminate/Start/Stop/Reboot: per-id failures go to FailedRequests, never thrown. */
  protected changeWorkspaces(requests: Array<{ WorkspaceId?: string }>, change: (w: Ws) => string | undefined): object {
    const FailedRequests: FailedWorkspaceChangeRequest[] = [];
    for (const { WorkspaceId } of requests) {
      const w = WorkspaceId ? this.ws.get(WorkspaceId) : undefined;
      const problem = w ? change(w) : `WorkSpace ${WorkspaceId} does not exist.`;
      if (problem) FailedRequests.push({ WorkspaceId, ErrorCode: w ? 'InvalidResourceState.WorkSpace' : 'ResourceNotFound.WorkSpace', ErrorMessage: problem });
    }
    return { FailedRequests };
  }

  protected terminate(w: Ws): string | undefined {
    if (w.state === 'SUSPENDED') return `WorkSpace ${w.id} is SUSPENDED and cannot be terminated.`;
    if (w.state !== 'TERMINATING') {
      w.state = 'TERMINATING';
      w.modificationStates = [];
      w.timeline = { polls: 0, after: this.opts.pollsToGone, done: () => this.ws.delete(w.id) };
    }
    return undefined;
  }

  /** Start/Stop/Reboot: `from` states only (Start/Stop only for AUTO_STOP or MANUAL running modes). */
  protected transition(w: Ws, from: string[], via: WorkspaceState, needsStoppableMode = false): string | undefined {
    if (!from.includes(w.state)) return `WorkSpace ${w.id} is ${w.state}; expected one of ${from.join(', ')}.`;
    if (needsStoppableMode && w.props.RunningMode === 'ALWAYS_ON') return `WorkSpace ${w.id} runs ALWAYS_ON and cannot be started or stopped.`;
    const to: WorkspaceState = via === 'STOPPING' ? 'STOPPED' : 'AVAILABLE';
    w.state = via;
    w.timeline = { polls: 0, after: this.opts.pollsToAvailable, done: () => (w.state = to) };
    return undefined;
  }

  protected modifyWorkspaceState(id: string, target: WorkspaceState): object {
    const w = this.workspace(id);
    const allowed = ['AVAILABLE', 'ADMIN_MAINTENANCE'];
    if (!allowed.includes(w.state) || w.timeline) throw serviceError('InvalidResourceStateException', `WorkSpace ${id} is ${w.state}; expected AVAILABLE or ADMIN_MAINTENANCE`);
    w.state = target;
    return {};
  }

  protected modifyWorkspaceProperties(i: ModifyWorkspacePropertiesRequest): object {
    const w = this.workspace(i.WorkspaceId!);
    if (i.DataReplication) throw new Error('WorkspacesModel does not model DataReplication');
    if (w.modificationStates.some(m => m.State !== 'UPDATE_FAILED')) {
      throw serviceError('OperationInProgressException', `The properties of WorkSpace ${w.id} are currently being modified`);
    }
    if (w.state !== 'AVAILABLE' && w.state !== 'STOPPED') throw serviceError('InvalidResourceStateException', `WorkSpace ${w.id} is ${w.state}; expected AVAILABLE or STOPPED`);
    const p = i.WorkspaceProperties ?? {};
    const unmodelled = Object.keys(p).filter(k => !['RunningMode', 'RunningModeAutoStopTimeoutInMinutes', 'RootVolumeSizeGib', 'UserVolumeSizeGib', 'ComputeTypeName', 'Protocols'].includes(k));
    if (unmodelled.length) throw new Error(`WorkspacesModel does not model WorkspaceProperties.${unmodelled.join(', ')}`);
    if (Object.keys(p).length === 0) throw invalid('WorkspaceProperties must set at least one property');
    const cur = w.props;
    const root = p.RootVolumeSizeGib ?? cur.RootVolumeSizeGib;
    const user = p.UserVolumeSizeGib ?? cur.UserVolumeSizeGib;
    const compute = p.ComputeTypeName ?? cur.ComputeTypeName;
    if (p.ComputeTypeName !== undefined && (p.RootVolumeSizeGib !== undefined || p.UserVolumeSizeGib !== undefined)) {
      throw invalid('You cannot modify the volume sizes and the compute type of a WorkSpace in the same request');
    }
    if (root < cur.RootVolumeSizeGib || user < cur.UserVolumeSizeGib) throw invalid(`Volumes cannot be decreased (currently ${cur.RootVolumeSizeGib}/${cur.UserVolumeSizeGib} GiB)`);
    if (root > cur.RootVolumeSizeGib && user > cur.UserVolumeSizeGib) throw invalid('You cannot increase the root and the user volume in the same request');
    if (isGraphics(compute) !== isGraphics(cur.ComputeTypeName)) {
      throw serviceError('UnsupportedWorkspaceConfigurationException', `Cannot change compute type from ${cur.ComputeTypeName} to ${compute}: graphics and non-graphics compute types do not mix`);
    }
    const mode = p.RunningMode ?? cur.RunningMode;
    const timeout = p.RunningModeAutoStopTimeoutInMinutes;
    const problem = volumeProblem(root, user, compute) ?? autoStopProblem(mode, timeout);
    if (problem) throw invalid(problem);
    // Running mode, timeout and protocols apply at once.
    w.props = {
      ...cur,
      RunningMode: mode,
      RunningModeAutoStopTimeoutInMinutes: mode === 'AUTO_STOP' ? timeout ?? cur.RunningModeAutoStopTimeoutInMinutes ?? 60 : undefined,
      Protocols: p.Protocols ?? cur.Protocols,
    };
    const resource: ModificationResourceEnum | undefined = root > cur.RootVolumeSizeGib ? 'ROOT_VOLUME'
      : user > cur.UserVolumeSizeGib ? 'USER_VOLUME' : compute !== cur.ComputeTypeName ? 'COMPUTE_TYPE' : undefined;
    if (resource) this.startModification(w, resource, { RootVolumeSizeGib: root, UserVolumeSizeGib: user, ComputeTypeName: compute });
    return {};
  }

  protected startModification(w: Ws, resource: ModificationResourceEnum, change: Partial<WorkspaceProps>): void {
    const returnTo = w.state;
    w.state = 'UPDATING';
    w.modificationStates = [{ Resource: resource, State: 'UPDATE_INITIATED' }];
    w.timeline = {
      polls: 0,
      after: this.opts.modificationPolls,
      done: () => {
        const failing = this.failedModifications.get(w.id);
        w.state = returnTo;
        if (failing?.delete(resource)) {
          w.modificationStates = [{ Resource: resource, State: 'UPDATE_FAILED' }];
        } else {
          w.modificationStates = [];
          w.props = { ...w.props, ...change };
        }
      },
    };
  }

  protected migrateWorkspace(i: MigrateWorkspaceRequest): object {
    const source = this.workspace(i.SourceWorkspaceId!);
    if (TRANSIENT_WORKSPACE_STATES.includes(source.state) || source.modificationStates.some(m => m.State !== 'UPDATE_FAILED')) {
      throw serviceError('OperationInProgressException', `WorkSpace ${source.id} is ${source.state}; try again when it is AVAILABLE or STOPPED`);
    }
    if (source.state !== 'AVAILABLE' && source.state !== 'STOPPED') {
      throw serviceError('OperationNotSupportedException', `WorkSpace ${source.id} is ${source.state}; only AVAILABLE or STOPPED WorkSpaces can be migrated`);
    }
    const bundle = this.bundles.get(i.BundleId!);
    if (!bundle) throw serviceError('ResourceNotFoundException', `The bundle ${i.BundleId} does not exist`, i.BundleId);
    if (bundle.BundleId === source.bundleId) throw invalid(`WorkSpace ${source.id} already uses bundle ${bundle.BundleId}`);
    // The new root volume and compute come from the bundle; the user volume is the source's.
    // Tags are NOT copied: a deliberately pessimistic assumption the handlers must cope with.
    const target = this.newWorkspace(source.directoryId, source.userName, bundle.BundleId, {
      ...source.props, ComputeTypeName: bundle.ComputeTypeName, RootVolumeSizeGib: bundle.RootVolumeSizeGib,
    }, { ...source.encryption }, source.workspaceName);
    this.terminate(source);
    return { SourceWorkspaceId: source.id, TargetWorkspaceId: target.id };
  }
}
