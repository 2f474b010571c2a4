// Custom::WorkSpacesDirectory: registers an existing Directory Service directory (`d-…`) with
// WorkSpaces, keeps its settings equal to the construct's, and deregisters it on Delete.
import {
  AssociateIpGroupsCommand,
  DeregisterWorkspaceDirectoryCommand,
  DescribeClientPropertiesCommand,
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  DisassociateIpGroupsCommand,
  ClientProperties,
  ModifyClientPropertiesCommand,
  ModifySelfservicePermissionsCommand,
  ModifyWorkspaceAccessPropertiesCommand,
  ModifyWorkspaceCreationPropertiesCommand,
  RegisterWorkspaceDirectoryCommand,
  SelfservicePermissions,
  Tenancy,
  WorkspaceAccessProperties,
  WorkSpacesClient,
  WorkspaceDirectory,
} from '@aws-sdk/client-workspaces';
import { errorName, HandlerError, isTransient } from './common/errors';
import { Schema } from './common/properties';
import { IsCompleteResponse, log, NOT_YET, Reconciler, ResourceEvent } from './common/reconciler';
import { DIRECTORY_STATES, dispositionOf } from './common/states';
import {
  DirectoryAttributes,
  DirectoryResourceProperties,
  INTERNAL_TAG_PREFIX,
  OWNER_TAG_KEY,
  TagProperty,
} from '../src/custom-resources/contract';

const ENABLED_DISABLED = ['ENABLED', 'DISABLED'];
const ALLOW_DENY = ['ALLOW', 'DENY'];

const SELF_SERVICE_FIELDS = ['RestartWorkspace', 'IncreaseVolumeSize', 'ChangeComputeType', 'SwitchRunningMode', 'RebuildWorkspace'] as const;
const ACCESS_FIELDS = [
  'DeviceTypeWindows', 'DeviceTypeOsx', 'DeviceTypeWeb', 'DeviceTypeIos', 'DeviceTypeAndroid',
  'DeviceTypeChromeOs', 'DeviceTypeZeroClient', 'DeviceTypeLinux', 'DeviceTypeWorkSpacesThinClient',
] as const;

const SCHEMA: Schema = {
  DirectoryId: 'string',
  SubnetIds: 'string[]',
  Tenancy: 'string',
  EnableSelfService: 'boolean',
  SelfservicePermissions: { object: Object.fromEntries(SELF_SERVICE_FIELDS.map(f => [f, 'string'])) },
  WorkspaceAccessProperties: { object: Object.fromEntries(ACCESS_FIELDS.map(f => [f, 'string'])) },
  WorkspaceCreationProperties: {
    object: {
      EnableInternetAccess: 'boolean',
      DefaultOu: 'string',
      CustomSecurityGroupId: 'string',
      UserEnabledAsLocalAdministrator: 'boolean',
      EnableMaintenanceMode: 'boolean',
      InstanceIamRoleArn: 'string',
    },
  },
  ClientProperties: { object: { ReconnectEnabled: 'string', LogUploadEnabled: 'string' } },
  IpGroupIds: 'string[]',
  Tags: { list: { Key: 'string', Value: 'string' } },
};

/** The API's DirectoryId pattern (`d-…` Directory Service, `wsd-…` WorkSpaces directories). */
const DIRECTORY_ID = /^(d-[0-9a-f]{8,63}|wsd-[0-9a-z]{8,63})$/;
const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
const SECURITY_GROUP_ID = /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/;
const IP_GROUP_ID = /^wsipg-[0-9a-z]{8,63}$/;
const TENANCIES: readonly string[] = Object.values(Tenancy);

/** Service limits (DESIGN.md "Service facts" and the API model). */
const MAX_SUBNETS = 2;
const MAX_IP_GROUPS = 25;
const MAX_TAGS = 50;
const MAX_TAG_KEY = 127;
const MAX_TAG_VALUE = 255;

/** What a WorkSpace in one of these states means for Delete: it is going away. */
const TERMINATING_STATES = new Set(['TERMINATING']);
const TERMINATED_STATES = new Set(['TERMINATED']);

/**
 * Registers a Directory Service directory with WorkSpaces. Physical id = the directory id.
 *
 * Create: `onEvent` validates and checks that nobody else has registered the directory (nothing
 * is made there, so a failed Create leaves nothing behind). Registration happens in the first
 * `isComplete` poll, so a directory that is not Active yet (RegisterWorkspaceDirectory answers
 * InvalidResourceStateException) is retried on the next poll instead of failing. A directory
 * already registered with our owner tag (a retried Create) is adopted; one registered without it
 * (by hand, by another stack or resource) is refused, never adopted and never deregistered.
 *
 * Every poll takes at most one mutating step: register, then — once REGISTERED — each setting
 * the user set whose actual value differs (self-service permissions, access properties,
 * creation properties, client properties, IP groups, tags), then completes.
 *
 * Updates refused (directory id, subnets, tenancy: WorkSpaces fixes them at registration) are
 * refused by comparing the desired value with the *registration's actual* value, not merely with
 * the old properties: CloudFormation answers a failed Update with a rollback Update that swaps old
 * and new, and that rollback (whose desired value is what the directory really has) must succeed,
 * or the stack ends in UPDATE_ROLLBACK_FAILED. The same subnets in another order are no change;
 * removing SubnetIds or Tenancy from the properties means "no opinion" and changes nothing.
 *
 * `EnableSelfService` only exists on RegisterWorkspaceDirectory; the service neither reports it nor
 * can change it later. Decision: a change of it in an Update is mapped onto
 * SelfservicePermissions, as the permissions a registration with the new value gets — `true`:
 * all five capabilities ENABLED; `false`: RestartWorkspace ENABLED, IncreaseVolumeSize,
 * ChangeComputeType, SwitchRunningMode and RebuildWorkspace DISABLED — except the fields the user
 * sets explicitly in SelfservicePermissions, which win. Mapping (rather than refusing) keeps the
 * change meaningful and keeps rollbacks working: a refusal cannot be told from its own rollback
 * (the service does not report the value), so the rollback would be refused too, while the
 * mapping restores what the registration had. Without a change of it, EnableSelfService is only
 * ever sent to RegisterWorkspaceDirectory.
 *
 * Delete (DESIGN.md rule 12, retained WorkSpaces): WorkSpaces are stateful and retained by
 * default, and the service refuses to deregister a directory that still has WorkSpaces; a
 * WorkSpace without a registered directory cannot be used. So Delete:
 *  - leaves a registration it did not make (no owner tag of this resource) alone, and succeeds;
 *  - when WorkSpaces other than TERMINATING/TERMINATED remain in the directory (retained ones),
 *    does NOT deregister: it logs which ones and succeeds, leaving the registration in place so
 *    the retained WorkSpaces keep working. Deregister it by hand once they are gone (or use it
 *    from another stack with `WorkspacesDirectory.fromDirectoryId`);
 *  - while some are TERMINATING (deleted by the same stack), waits;
 *  - once none remain, calls DeregisterWorkspaceDirectory and waits until the directory is no
 *    longer listed (or DEREGISTERED). Already gone is success without any further call.
 */
export class DirectoryReconciler extends Reconciler<DirectoryResourceProperties> {
  constructor(client: WorkSpacesClient, event: ResourceEvent) {
    super(client, event, SCHEMA, ['DirectoryId'], DIRECTORY_ID);
  }

  protected async create(): Promise<string> {
    this.validate();
    const id = this.props.DirectoryId;
    // Best effort, before anything is made: refusing here leaves CloudFormation a placeholder
    // physical id, so the rollback's Delete cannot even name the directory. A transient error
    // only postpones the same check to the first poll (reconcile makes it again).
    try {
      const dir = await this.describe(id);
      if (isPresent(dir)) await this.assertOwned(id);
    } catch (e) {
      if (!isTransient(e)) throw e;
      log('ownership check postponed to the first poll', errorName(e));
    }
    return id;
  }

  protected get createTarget(): string {
    return this.props.DirectoryId;
  }

  protected async validateUpdate(): Promise<void> {
    this.validate();
    const id = this.physicalId;
    const desired = this.props;
    const old = this.oldProps ?? ({} as Partial<DirectoryResourceProperties>);
    if (desired.DirectoryId !== id) {
      throw new HandlerError('UpdateNotSupported',
        `DirectoryId cannot change in place (registered: ${id}, desired: ${desired.DirectoryId})`, id,
        'A registration belongs to one directory. To register another directory, give the WorkspacesDirectory a new construct id '
        + '(CloudFormation registers the new directory, then deregisters this one once its WorkSpaces are gone), or keep this one.');
    }
    // Unset means "no opinion": only a value the user sets, and that changed, is checked against
    // the registration (one read; no read at all for any other Update).
    const subnetsChanged = desired.SubnetIds !== undefined && !sameSet(desired.SubnetIds, old.SubnetIds);
    const tenancyChanged = desired.Tenancy !== undefined && desired.Tenancy !== old.Tenancy;
    if (!subnetsChanged && !tenancyChanged) return;
    const dir = await this.describe(id);
    if (!isPresent(dir)) return; // reconcile reports a registration that is gone
    const redeploy = 'To change it, deregister deliberately: remove the WorkspacesDirectory from the stack and deploy '
      + '(deregistration needs every WorkSpace of the directory gone first), then add it back with the new value and deploy again.';
    if (subnetsChanged && !sameSet(desired.SubnetIds, dir.SubnetIds)) {
      throw new HandlerError('UpdateNotSupported',
        `SubnetIds cannot change in place: WorkSpaces fixes a directory's subnets when it is registered (registered: ${list(dir.SubnetIds)}, desired: ${list(desired.SubnetIds)})`,
        id, redeploy);
    }
    if (tenancyChanged && dir.Tenancy !== desired.Tenancy) {
      throw new HandlerError('UpdateNotSupported',
        `Tenancy cannot change in place: WorkSpaces fixes it when the directory is registered (registered: ${dir.Tenancy ?? 'not reported'}, desired: ${desired.Tenancy})`,
        id, redeploy);
    }
  }

  protected async update(): Promise<string> {
    return this.physicalId;
  }

  protected async delete(): Promise<void> {
    // Everything happens in isDeleted: a WorkSpace may still be TERMINATING, and a transient
    // error in onEvent would fail the Delete instead of being retried.
    log('delete: deregistration is decided by the isComplete polls', this.physicalId);
  }

  protected async reconcile(): Promise<IsCompleteResponse> {
    const id = this.physicalId;
    const dir = await this.describe(id);
    if (dir?.State === 'DEREGISTERING') return NOT_YET; // a registration going away: wait, then act
    if (!isPresent(dir)) {
      if (this.event.RequestType !== 'Create') {
        throw new HandlerError('ResourceNotFoundException', `directory ${id} is no longer registered with WorkSpaces`, id,
          'It was deregistered outside CloudFormation: register it again by replacing the WorkspacesDirectory (new construct id), or remove it from the stack.');
      }
      return this.register(id);
    }
    if (this.event.RequestType === 'Create') await this.assertOwned(id);
    const disposition = dispositionOf(DIRECTORY_STATES, dir.State);
    if (disposition === 'failed') {
      throw new HandlerError('DirectoryRegistrationFailed',
        `the registration of directory ${id} is in state ${dir.State}${dir.ErrorMessage ? `: ${dir.ErrorMessage.replace(/\.$/, '')}` : ''}`, id,
        'Check the directory in AWS Directory Service (it must be Active, its subnets in Availability Zones WorkSpaces supports, its DNS reachable). '
        + 'Deleting this resource (the stack rollback does it) deregisters the failed registration; then deploy again.');
    }
    if (disposition !== 'stable') return NOT_YET;
    if (await this.step(id, dir)) return NOT_YET;
    return {
      IsComplete: true,
      Data: {
        [DirectoryAttributes.DIRECTORY_ID]: id,
        [DirectoryAttributes.REGISTRATION_CODE]: dir.RegistrationCode ?? '',
        [DirectoryAttributes.WORKSPACE_SECURITY_GROUP_ID]: dir.WorkspaceSecurityGroupId ?? '',
      },
    };
  }

  protected async isDeleted(): Promise<boolean> {
    const id = this.physicalId;
    try {
      const dir = await this.describe(id);
      if (!dir || dir.State === 'DEREGISTERED') {
        log('directory is not registered: deleted', id);
        return true;
      }
      if (dir.State === 'DEREGISTERING') return false;
      const owner = await this.tagValue(id, OWNER_TAG_KEY);
      if (owner !== this.owner) {
        log(`directory ${id} was registered outside this resource (owner tag: ${owner ?? 'none'}): its registration is left in place`);
        return true;
      }
      if (dir.State === 'REGISTERING') return false;
      const remaining = await this.remainingWorkspaces(id);
      if (remaining.retained.length > 0) {
        log(`directory ${id} still has WorkSpaces that are not being terminated (${remaining.retained.join(', ')}${remaining.more ? ', …' : ''}): `
          + 'its registration is kept so that they keep working; deregister it by hand once they are gone');
        return true;
      }
      if (remaining.terminating.length > 0) {
        log(`waiting for WorkSpaces of directory ${id} to terminate before deregistering it`, remaining.terminating);
        return false;
      }
      await this.client.send(new DeregisterWorkspaceDirectoryCommand({ DirectoryId: id }));
      log('deregistration started', id);
      return false;
    } catch (e) {
      if (errorName(e) === 'ResourceNotFoundException') {
        log('directory not found: deleted', id);
        return true;
      }
      throw e;
    }
  }

  /** RegisterWorkspaceDirectory with what the user set, plus the owner and request tags. */
  private async register(id: string): Promise<IsCompleteResponse> {
    const p = this.props;
    try {
      await this.client.send(new RegisterWorkspaceDirectoryCommand({
        DirectoryId: id,
        ...(p.SubnetIds !== undefined && { SubnetIds: p.SubnetIds }),
        ...(p.Tenancy !== undefined && { Tenancy: p.Tenancy as Tenancy }),
        ...(p.EnableSelfService !== undefined && { EnableSelfService: p.EnableSelfService }),
        Tags: [...this.userTags(), ...this.internalTags],
      }));
      log('registration started', id);
    } catch (e) {
      // Registered meanwhile (or an earlier registration not yet visible to Describe): the next
      // poll reads it and adopts it only if it carries our owner tag.
      if (errorName(e) !== 'ResourceAlreadyExistsException') throw e;
      log('already registered: ownership is checked on the next poll', id);
    }
    return NOT_YET;
  }

  /** Refuses a registration that this resource did not make (never adopted, never deregistered). */
  private async assertOwned(id: string): Promise<void> {
    const owner = await this.tagValue(id, OWNER_TAG_KEY);
    if (owner === this.owner) {
      log('directory registered by this resource already: adopting it', id);
      return;
    }
    throw new HandlerError('ResourceAlreadyExistsException',
      `directory ${id} is already registered with WorkSpaces outside this stack${owner ? ` (owner tag ${OWNER_TAG_KEY}=${owner})` : ''}`, id,
      'cdk-workspaces neither adopts nor deregisters a registration it did not make. Use the registered directory with '
      + 'WorkspacesDirectory.fromDirectoryId(scope, id, directoryId) instead, or deregister it first if this stack should own it.');
  }

  /** At most one mutating call towards the desired settings; true when one was made. */
  private async step(id: string, dir: WorkspaceDirectory): Promise<boolean> {
    const p = this.props;

    const selfService = this.desiredSelfservicePermissions();
    if (differs(selfService, dir.SelfservicePermissions)) {
      await this.client.send(new ModifySelfservicePermissionsCommand({ ResourceId: id, SelfservicePermissions: selfService }));
      log('self-service permissions modified', id, selfService);
      return true;
    }

    if (differs(p.WorkspaceAccessProperties, dir.WorkspaceAccessProperties)) {
      await this.client.send(new ModifyWorkspaceAccessPropertiesCommand({
        ResourceId: id, WorkspaceAccessProperties: definedOnly(p.WorkspaceAccessProperties) as WorkspaceAccessProperties,
      }));
      log('access properties modified', id);
      return true;
    }

    if (differs(p.WorkspaceCreationProperties, dir.WorkspaceCreationProperties)) {
      await this.client.send(new ModifyWorkspaceCreationPropertiesCommand({
        ResourceId: id, WorkspaceCreationProperties: definedOnly(p.WorkspaceCreationProperties),
      }));
      log('creation properties modified', id);
      return true;
    }

    if (p.ClientProperties && Object.keys(definedOnly(p.ClientProperties)).length > 0) {
      const actual = (await this.client.send(new DescribeClientPropertiesCommand({ ResourceIds: [id] })))
        .ClientPropertiesList?.find(c => c.ResourceId === id)?.ClientProperties;
      if (differs(p.ClientProperties, actual)) {
        await this.client.send(new ModifyClientPropertiesCommand({
          ResourceId: id, ClientProperties: definedOnly(p.ClientProperties) as ClientProperties,
        }));
        log('client properties modified', id);
        return true;
      }
    }

    if (p.IpGroupIds !== undefined) {
      const desired = new Set(p.IpGroupIds);
      const actual = new Set(dir.ipGroupIds ?? []);
      const missing = [...desired].filter(g => !actual.has(g));
      const extra = [...actual].filter(g => !desired.has(g));
      // Associate first: while a group is added the directory stays restricted (a directory with
      // no group at all accepts every address). Disassociate first only when the union would
      // exceed the per-directory limit. Never an empty call.
      if (missing.length > 0 && (extra.length === 0 || actual.size + missing.length <= MAX_IP_GROUPS)) {
        await this.client.send(new AssociateIpGroupsCommand({ DirectoryId: id, GroupIds: missing }));
        log('IP groups associated', id, missing);
        return true;
      }
      if (extra.length > 0) {
        await this.client.send(new DisassociateIpGroupsCommand({ DirectoryId: id, GroupIds: extra }));
        log('IP groups disassociated', id, extra);
        return true;
      }
    }

    return this.reconcileTags(id, this.userTags());
  }

  /**
   * The self-service permissions to enforce: those the user set, plus — when EnableSelfService
   * changed in this Update — the others as a registration with the new value sets them.
   */
  private desiredSelfservicePermissions(): SelfservicePermissions | undefined {
    const explicit = definedOnly(this.props.SelfservicePermissions ?? {}) as SelfservicePermissions;
    const enable = this.props.EnableSelfService;
    const changed = this.event.RequestType === 'Update' && enable !== undefined && enable !== this.oldProps?.EnableSelfService;
    if (!changed) return Object.keys(explicit).length > 0 ? explicit : undefined;
    return { ...selfServiceAtRegistration(enable), ...explicit };
  }

  private userTags(): TagProperty[] {
    // The parser drops empty strings, so a tag with an empty value arrives without Value.
    return (this.props.Tags ?? []).map(t => ({ Key: t.Key, Value: t.Value ?? '' }));
  }

  private async describe(id: string): Promise<WorkspaceDirectory | undefined> {
    const out = await this.client.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [id] }));
    return out.Directories?.find(d => d.DirectoryId === id);
  }

  /** WorkSpaces of the directory: retained (any state but TERMINATING/TERMINATED) and terminating. */
  private async remainingWorkspaces(id: string): Promise<{ retained: string[]; terminating: string[]; more: boolean }> {
    const retained: string[] = [];
    const terminating: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new DescribeWorkspacesCommand({ DirectoryId: id, ...(token && { NextToken: token }) }));
      for (const w of page.Workspaces ?? []) {
        if (w.DirectoryId !== undefined && w.DirectoryId !== id) continue;
        if (TERMINATED_STATES.has(w.State ?? '')) continue;
        (TERMINATING_STATES.has(w.State ?? '') ? terminating : retained).push(`${w.WorkspaceId} (${w.State})`);
      }
      token = page.NextToken;
      // Any retained WorkSpace decides: no need to read the remaining pages.
      if (retained.length > 0) return { retained, terminating, more: token !== undefined };
    } while (token);
    return { retained, terminating, more: false };
  }

  /** Checks what the service would reject, before any call. */
  private validate(): void {
    const p = this.props;
    const id = p.DirectoryId;
    const fail = (message: string): never => {
      throw new HandlerError('InvalidParameterValuesException', message, id,
        'Correct the WorkspacesDirectory props and deploy again.');
    };
    if (!DIRECTORY_ID.test(id)) fail(`DirectoryId ${JSON.stringify(id)} is not a directory id (d-… or wsd-…)`);
    if (p.SubnetIds !== undefined) {
      if (p.SubnetIds.length > MAX_SUBNETS) fail(`at most ${MAX_SUBNETS} SubnetIds are allowed, got ${p.SubnetIds.length}`);
      const bad = p.SubnetIds.find(s => !SUBNET_ID.test(s));
      if (bad !== undefined) fail(`SubnetIds: ${JSON.stringify(bad)} is not a subnet id`);
    }
    if (p.Tenancy !== undefined && !TENANCIES.includes(p.Tenancy)) fail(`Tenancy must be one of ${TENANCIES.join(', ')}, got ${p.Tenancy}`);
    checkEnum('SelfservicePermissions', p.SelfservicePermissions, ENABLED_DISABLED, fail);
    checkEnum('WorkspaceAccessProperties', p.WorkspaceAccessProperties, ALLOW_DENY, fail);
    checkEnum('ClientProperties', p.ClientProperties, ENABLED_DISABLED, fail);
    const sg = p.WorkspaceCreationProperties?.CustomSecurityGroupId;
    if (sg !== undefined && !SECURITY_GROUP_ID.test(sg)) fail(`WorkspaceCreationProperties.CustomSecurityGroupId: ${JSON.stringify(sg)} is not a security group id`);
    if (p.IpGroupIds !== undefined) {
      const unique = new Set(p.IpGroupIds);
      if (unique.size > MAX_IP_GROUPS) fail(`at most ${MAX_IP_GROUPS} IP groups can be associated with a directory, got ${unique.size}`);
      const bad = p.IpGroupIds.find(g => !IP_GROUP_ID.test(g));
      if (bad !== undefined) fail(`IpGroupIds: ${JSON.stringify(bad)} is not an IP group id (wsipg-…)`);
    }
    validateTags(p.Tags ?? [], this.internalTags.length, fail);
  }
}

/** The self-service permissions RegisterWorkspaceDirectory gives with `EnableSelfService`. */
function selfServiceAtRegistration(enable: boolean): SelfservicePermissions {
  const value = enable ? 'ENABLED' : 'DISABLED';
  return Object.fromEntries(SELF_SERVICE_FIELDS.map(f => [f, f === 'RestartWorkspace' ? 'ENABLED' : value])) as SelfservicePermissions;
}

function isPresent(dir: WorkspaceDirectory | undefined): dir is WorkspaceDirectory {
  return dir !== undefined && dir.State !== 'DEREGISTERED' && dir.State !== 'DEREGISTERING';
}

/** True when a field the user set (present in `desired`) has another value in `actual`. */
function differs(desired: object | undefined, actual: object | undefined): boolean {
  if (!desired) return false;
  const a = (actual ?? {}) as Record<string, unknown>;
  return Object.entries(desired).some(([k, v]) => v !== undefined && a[k] !== v);
}

function definedOnly<T extends object>(o: T | undefined): T {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as T;
}

function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = new Set(a ?? []);
  const y = new Set(b ?? []);
  return x.size === y.size && [...x].every(v => y.has(v));
}

function list(values: readonly string[] | undefined): string {
  return values && values.length > 0 ? values.join(', ') : 'none';
}

function checkEnum(name: string, o: object | undefined, allowed: readonly string[], fail: (m: string) => never): void {
  for (const [k, v] of Object.entries(o ?? {})) {
    if (v !== undefined && !allowed.includes(v as string)) fail(`${name}.${k} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  }
}

function validateTags(tags: readonly TagProperty[], internal: number, fail: (m: string) => never): void {
  const keys = new Set<string>();
  for (const t of tags) {
    if (keys.has(t.Key)) fail(`tag key ${JSON.stringify(t.Key)} appears twice`);
    keys.add(t.Key);
    if (t.Key.toLowerCase().startsWith('aws:')) fail(`tag keys starting with "aws:" are reserved: ${t.Key}`);
    if (t.Key.startsWith(INTERNAL_TAG_PREFIX)) fail(`tag keys starting with "${INTERNAL_TAG_PREFIX}" are reserved for cdk-workspaces: ${t.Key}`);
    if (t.Key.length > MAX_TAG_KEY) fail(`tag key ${t.Key.slice(0, 20)}… is longer than ${MAX_TAG_KEY} characters`);
    if ((t.Value ?? '').length > MAX_TAG_VALUE) fail(`the value of tag ${t.Key} is longer than ${MAX_TAG_VALUE} characters`);
  }
  if (tags.length > MAX_TAGS - internal) fail(`at most ${MAX_TAGS - internal} tags are allowed (WorkSpaces allows ${MAX_TAGS}, cdk-workspaces uses ${internal}), got ${tags.length}`);
}
