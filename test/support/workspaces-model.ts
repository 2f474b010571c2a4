// A stateful in-memory fake of the Amazon WorkSpaces service, wired into aws-sdk-client-mock so
// that handler code runs unchanged against it. Every request is checked against the API model
// (api-validator.ts) first; then the model enforces the service's rules (DESIGN.md "Service
// facts") and state timelines. State advances only when a Describe answer includes a resource
// (one "poll"): a resource whose timeline waits N polls shows its transient state in N answers and
// its next state from answer N+1 on.
//
// Choices the API model does not settle, made pessimistically (the strictest plausible service):
// * ErrorCode literals in FailedRequests: `ResourceExists.WorkSpace` and `ResourceNotFound.User`
//   are the service's own; these are invented: `ResourceNotFound.Directory`,
//   `InvalidResourceState.Directory`, `ResourceNotFound.Bundle`, `ResourceNotFound.WorkSpace`,
//   `InvalidResourceState.WorkSpace`, and the exception names `InvalidParameterValuesException`
//   / `UnsupportedWorkspaceConfigurationException` used as codes for rule violations.
// * An operation only throws errors its API model `errors` list names (checked in handle()); an
//   operation without InvalidResourceStateException answers ResourceNotFoundException for a
//   directory that is not REGISTERED.
// * RegisterWorkspaceDirectory of a directory Directory Service does not know answers
//   ResourceNotFoundException (the closest error the operation models); it needs exactly two
//   subnets (else OperationNotSupportedException, as the API documents for bad subnets).
// * DescribeWorkspaces filters are exclusive (WorkspaceIds / DirectoryId[+UserName] / BundleId /
//   WorkspaceName), as the API documents: InvalidParameterValuesException otherwise.
// * A directory's RegistrationCode and WorkspaceSecurityGroupId appear only once REGISTERED.
// * Directory defaults after registration (as terraform-provider-aws's acceptance tests observe
//   them): self-service RestartWorkspace ENABLED, the rest DISABLED (all ENABLED with
//   EnableSelfService); device types ALLOW except Web and Linux (DENY); creation properties
//   EnableInternetAccess false, UserEnabledAsLocalAdministrator true, EnableMaintenanceMode true;
//   client properties ReconnectEnabled and LogUploadEnabled ENABLED; Tenancy SHARED.
// * WorkSpace defaults: RunningMode ALWAYS_ON; AUTO_STOP without a timeout gets 60 minutes;
//   Protocols [PCOIP]; compute and volume sizes from the bundle; encryption flags false.
// * ModifyWorkspaceProperties: ComputeTypeName together with any volume size in one request is
//   refused even if a value is unchanged; a leftover UPDATE_FAILED entry stays in
//   ModificationStates until the next volume/compute modification; the 6-hour cool-down between
//   volume changes is NOT modelled.
// * MigrateWorkspace does not copy tags to the new WorkSpace (deliberately pessimistic).
// * Gone resources disappear from Describe answers (no TERMINATED / DEREGISTERED answer).
// * A modified STOPPED WorkSpace returns to STOPPED (AVAILABLE ones to AVAILABLE).
// * Handlers see the request without null/undefined members, as the service would.
import type { CreateTagsRequest, DeleteTagsRequest, IpRuleItem, ModificationResourceEnum, Tag, Workspace, WorkspaceDirectory, WorkspacesIpGroup } from '@aws-sdk/client-workspaces';
import * as sdk from '@aws-sdk/client-workspaces';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { API_MODEL, modelledErrors, validateRequest } from './api-validator';
import { BundleSeed, clone, compact, DEFAULT_BUNDLES, serviceError, tagList, tagProblem, throttlingError } from './model/rules';
import { DirectoryServiceDirectoryOptions, invalid, WorkspacesModelOptions, Ws } from './model/state';
import { WorkspaceOperations } from './model/workspaces';

export { BUNDLES, LIMITS, volumeProblem } from './model/rules';
export type { BundleSeed } from './model/rules';
export type { DirectoryServiceDirectoryOptions, WorkspacesModelOptions } from './model/state';

export interface ModelCall {
  readonly operation: string;
  readonly input: any;
}

export class WorkspacesModel extends WorkspaceOperations {
  /** Every request received (a deep copy of its input), in order. */
  readonly calls: ModelCall[] = [];

  private readonly faults = new Map<string, Array<() => Error>>();
  private readonly workspaceErrors = new Map<string, { ErrorCode: string; ErrorMessage: string }>();

  private readonly handlers: Record<string, (input: any) => object> = {
    RegisterWorkspaceDirectory: i => this.registerWorkspaceDirectory(i),
    DescribeWorkspaceDirectories: i => this.describeWorkspaceDirectories(i),
    DeregisterWorkspaceDirectory: i => this.deregisterWorkspaceDirectory(i.DirectoryId),
    ModifySelfservicePermissions: i => this.modifyDirectory(i.ResourceId, d => d.selfservice = { ...d.selfservice, ...i.SelfservicePermissions }),
    ModifyWorkspaceAccessProperties: i => this.modifyDirectory(i.ResourceId, d => d.access = { ...d.access, ...i.WorkspaceAccessProperties }),
    ModifyWorkspaceCreationProperties: i => this.modifyDirectory(i.ResourceId, d => d.creation = { ...d.creation, ...i.WorkspaceCreationProperties }),
    ModifyClientProperties: i => this.modifyDirectory(i.ResourceId, d => d.client = { ...d.client, ...i.ClientProperties }),
    DescribeClientProperties: i => ({
      ClientPropertiesList: (i.ResourceIds as string[]).map(id => ({ ResourceId: id, ClientProperties: this.directory(id, false).client })),
    }),
    AssociateIpGroups: i => this.associateIpGroups(i.DirectoryId, i.GroupIds, true),
    DisassociateIpGroups: i => this.associateIpGroups(i.DirectoryId, i.GroupIds, false),
    CreateIpGroup: i => this.createIpGroup(i),
    DescribeIpGroups: i => this.describeIpGroups(i),
    DeleteIpGroup: i => this.deleteIpGroup(i.GroupId),
    AuthorizeIpRules: i => this.setRules(i.GroupId, g => {
      const dup = (i.UserRules as IpRuleItem[]).find(r => g.rules.some(x => x.ipRule === r.ipRule));
      if (dup) throw invalid(`Rule ${dup.ipRule} already exists in ${g.id}`);
      return [...g.rules, ...i.UserRules];
    }, i.UserRules),
    RevokeIpRules: i => this.setRules(i.GroupId, g => g.rules.filter(r => !(i.UserRules as string[]).includes(r.ipRule!)), []),
    UpdateRulesOfIpGroup: i => this.setRules(i.GroupId, () => i.UserRules, i.UserRules),
    CreateWorkspaces: i => this.createWorkspaces(i),
    DescribeWorkspaces: i => this.describeWorkspaces(i),
    TerminateWorkspaces: i => this.changeWorkspaces(i.TerminateWorkspaceRequests, w => this.terminate(w)),
    ModifyWorkspaceProperties: i => this.modifyWorkspaceProperties(i),
    MigrateWorkspace: i => this.migrateWorkspace(i),
    ModifyWorkspaceState: i => this.modifyWorkspaceState(i.WorkspaceId, i.WorkspaceState),
    RebootWorkspaces: i => this.changeWorkspaces(i.RebootWorkspaceRequests, w => this.transition(w, ['AVAILABLE', 'UNHEALTHY', 'REBOOTING'], 'REBOOTING')),
    StartWorkspaces: i => this.changeWorkspaces(i.StartWorkspaceRequests, w => this.transition(w, ['STOPPED'], 'STARTING', true)),
    StopWorkspaces: i => this.changeWorkspaces(i.StopWorkspaceRequests, w => this.transition(w, ['AVAILABLE', 'IMPAIRED', 'UNHEALTHY', 'ERROR'], 'STOPPING', true)),
    CreateTags: i => this.createTags(i),
    DeleteTags: i => this.deleteTags(i),
    DescribeTags: i => ({ TagList: tagList(this.taggable(i.ResourceId).tags) }),
  };

  constructor(options: WorkspacesModelOptions = {}) {
    super(options);
    DEFAULT_BUNDLES.forEach(b => this.addBundle(b));
  }

  // ---------------------------------------------------------------- wiring, seeding, faults

  /** Mocks WorkSpacesClient#send (every instance) and routes every command to the model. */
  install(): AwsClientStub<sdk.WorkSpacesClient> {
    const mock = mockClient(sdk.WorkSpacesClient);
    mock.onAnyCommand().rejects(new Error('WorkspacesModel received a command it does not know'));
    for (const [exportName, cls] of Object.entries(sdk)) {
      const operation = exportName.replace(/Command$/, '');
      if (operation !== exportName && API_MODEL.operations[operation] && typeof cls === 'function') {
        mock.on(cls as any).callsFake((input: unknown) => this.handle(operation, input));
      }
    }
    return mock;
  }

  /** A Directory Service directory (`d-…`) that RegisterWorkspaceDirectory can register. */
  addDirectoryServiceDirectory(directoryId: string, opts: DirectoryServiceDirectoryOptions = {}): void {
    this.ds.set(directoryId, {
      id: directoryId,
      type: opts.directoryType ?? 'SIMPLE_AD',
      subnetIds: opts.subnetIds ?? [`subnet-${this.hex(17)}`, `subnet-${this.hex(17)}`],
      users: opts.users,
      activeAfter: opts.activeAfterRegisterAttempts ?? 0,
    });
  }

  addBundle(bundle: BundleSeed): void {
    if (!/^wsb-[0-9a-z]{8,63}$/.test(bundle.BundleId)) throw new Error(`Bundle id ${bundle.BundleId} does not match ^wsb-[0-9a-z]{8,63}$`);
    this.bundles.set(bundle.BundleId, { ...bundle });
  }

  /** The next `times` calls to `operation` fail with ThrottlingException. */
  throttleNext(operation: string, times = 1): void {
    this.queueFault(operation, times, () => throttlingError(operation));
  }

  /** The next `times` calls fail with the SDK exception `errorName` (a generic named error if the SDK has none). */
  failNext(operation: string, errorName: string, message?: string, times = 1): void {
    this.queueFault(operation, times, () => serviceError(errorName, message ?? `Injected ${errorName} for ${operation}`));
  }

  /** The next (or ongoing) modification of `resource` on that WorkSpace ends in UPDATE_FAILED. */
  failModification(workspaceId: string, resource: ModificationResourceEnum | string): void {
    const set = this.failedModifications.get(workspaceId) ?? new Set<string>();
    this.failedModifications.set(workspaceId, set.add(resource));
  }

  /** The WorkSpace fails (in provisioning or later): state ERROR with the service's ErrorCode and ErrorMessage. */
  failWorkspace(workspaceId: string, errorCode: string, errorMessage: string): void {
    const w = this.ws.get(workspaceId);
    if (!w) throw new Error(`WorkspacesModel has no WorkSpace ${workspaceId}`);
    Object.assign(w, { state: 'ERROR', timeline: undefined });
    this.workspaceErrors.set(workspaceId, { ErrorCode: errorCode, ErrorMessage: errorMessage });
  }

  protected renderWorkspace(w: Ws): Workspace {
    return { ...super.renderWorkspace(w), ...(w.state === 'ERROR' ? this.workspaceErrors.get(w.id) : undefined) };
  }

  // ---------------------------------------------------------------- inspection (no state changes)

  /** All WorkSpaces that are not gone, with their Tags. */
  workspaces(): Array<Workspace & { Tags: Tag[] }> {
    return [...this.ws.values()].map(w => clone({ ...this.renderWorkspace(w), Tags: tagList(w.tags) }));
  }

  /** Registered directories and registrations/deregistrations in flight, with their Tags. */
  directories(): Array<WorkspaceDirectory & { Tags: Tag[] }> {
    return [...this.dirs.entries()].map(([id, d]) => clone({ ...this.renderDirectory(id, d), Tags: tagList(d.tags) }));
  }

  ipGroups(): Array<WorkspacesIpGroup & { Tags: Tag[] }> {
    return [...this.groups.values()].map(g => clone({ ...this.renderIpGroup(g), Tags: tagList(g.tags) }));
  }

  /** Tags of a WorkSpace, directory or IP group ([] when there is no such resource). */
  tagsOf(resourceId: string): Tag[] {
    const r = this.ws.get(resourceId) ?? this.dirs.get(resourceId) ?? this.groups.get(resourceId);
    return r ? tagList(r.tags) : [];
  }

  /** No WorkSpaces, no directory registrations, no IP groups. */
  isEmpty(): boolean {
    return this.ws.size === 0 && this.dirs.size === 0 && this.groups.size === 0;
  }

  /** Inputs of the calls to `operation`, in order. */
  callsTo(operation: string): any[] {
    return this.calls.filter(c => c.operation === operation).map(c => clone(c.input));
  }

  // ---------------------------------------------------------------- request handling

  private async handle(operation: string, input: unknown): Promise<object> {
    this.calls.push({ operation, input: clone(input) });
    this.operation = operation;
    validateRequest(operation, input);
    const fault = this.faults.get(operation)?.shift();
    if (fault) throw fault();
    const handler = this.handlers[operation];
    if (!handler) throw new Error(`WorkspacesModel does not implement ${operation}; add it to test/support/workspaces-model.ts or stub it in the test`);
    try {
      return clone({ ...handler(compact(clone(input ?? {}))), $metadata: { httpStatusCode: 200 } });
    } catch (e) {
      const name = (e as Error).name;
      if (e instanceof sdk.WorkSpacesServiceException && !modelledErrors(operation).includes(name)) {
        throw new Error(`WorkspacesModel bug: ${operation} threw ${name}, which its API model does not list (${e.message})`);
      }
      throw e;
    }
  }

  private queueFault(operation: string, times: number, make: () => Error): void {
    const queue = this.faults.get(operation) ?? [];
    for (let n = 0; n < times; n++) queue.push(make);
    this.faults.set(operation, queue);
  }

  // ---------------------------------------------------------------- directories

  // ---------------------------------------------------------------- IP access control groups

  // ---------------------------------------------------------------- WorkSpaces

  // ---------------------------------------------------------------- tags

  private createTags(i: CreateTagsRequest): object {
    const r = this.taggable(i.ResourceId!);
    const problem = tagProblem(r.tags, i.Tags!);
    if (problem) throw serviceError(problem.name, problem.message);
    i.Tags!.forEach(t => r.tags.set(t.Key!, t.Value));
    return {};
  }

  private deleteTags(i: DeleteTagsRequest): object {
    const r = this.taggable(i.ResourceId!);
    i.TagKeys!.forEach(k => r.tags.delete(k));
    return {};
  }
}
