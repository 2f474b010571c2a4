// The state of the in-memory WorkSpaces model and the helpers every operation shares: ids,
// polls (timelines), paging, lookups that raise the service's errors, and rendering as the API
// answers. See ../workspaces-model.ts for the rules and the choices made.
import type {
  ClientProperties, DefaultWorkspaceCreationProperties, IpRuleItem, ModificationState, SelfservicePermissions, Workspace,
  WorkspaceAccessProperties, WorkspaceDirectory, WorkspaceDirectoryState, WorkspaceProperties, WorkspacesIpGroup, WorkspaceState,
} from '@aws-sdk/client-workspaces';
import { modelledErrors } from '../api-validator';
import { BundleSeed, LIMITS, serviceError } from './rules';

export interface WorkspacesModelOptions {
  /** Describe answers that show a new WorkSpace PENDING (also STARTING/STOPPING/REBOOTING). Default 2. */
  readonly pollsToAvailable?: number;
  /** Describe answers that show a directory REGISTERING. Default 2. */
  readonly pollsToRegistered?: number;
  /** Describe answers that show TERMINATING / DEREGISTERING before the resource is gone. Default 2. */
  readonly pollsToGone?: number;
  /** Describe answers that show a volume/compute modification in progress. Default 2. */
  readonly modificationPolls?: number;
  /** A newly created WorkSpace id is missing from the first K DescribeWorkspaces answers. Default 0. */
  readonly invisibleDescribes?: number;
}

export interface DirectoryServiceDirectoryOptions {
  /** RegisterWorkspaceDirectory answers InvalidResourceStateException this many times first. */
  readonly activeAfterRegisterAttempts?: number;
  readonly directoryType?: 'SIMPLE_AD' | 'AD_CONNECTOR';
  /** Subnets used when RegisterWorkspaceDirectory names none. */
  readonly subnetIds?: string[];
  /** When set, CreateWorkspaces for any other user fails with ResourceNotFound.User. */
  readonly users?: string[];
}

export type Tags = Map<string, string | undefined>;

export interface Timeline {
  polls: number;
  readonly after: number;
  readonly done: () => void;
}

export interface DsDirectory {
  readonly id: string;
  readonly type: string;
  readonly subnetIds: string[];
  readonly users?: string[];
  activeAfter: number;
}

export interface Directory {
  readonly seq: number;
  readonly ds: DsDirectory;
  state: WorkspaceDirectoryState;
  registered: boolean;
  readonly subnetIds: string[];
  readonly tenancy: string;
  readonly registrationCode: string;
  readonly securityGroupId: string;
  readonly name?: string;
  readonly description?: string;
  selfservice: SelfservicePermissions;
  access: WorkspaceAccessProperties;
  creation: DefaultWorkspaceCreationProperties;
  client: ClientProperties;
  ipGroupIds: string[];
  readonly tags: Tags;
  timeline?: Timeline;
}

export interface WorkspaceProps {
  RunningMode: string;
  RunningModeAutoStopTimeoutInMinutes?: number;
  RootVolumeSizeGib: number;
  UserVolumeSizeGib: number;
  ComputeTypeName: string;
  Protocols: string[];
}

export interface Ws {
  readonly seq: number;
  readonly id: string;
  readonly directoryId: string;
  readonly userName: string;
  bundleId: string;
  state: WorkspaceState;
  props: WorkspaceProps;
  readonly encryption: { VolumeEncryptionKey?: string; RootVolumeEncryptionEnabled: boolean; UserVolumeEncryptionEnabled: boolean };
  readonly workspaceName?: string;
  readonly tags: Tags;
  invisible: number;
  provisioned: boolean;
  modificationStates: ModificationState[];
  timeline?: Timeline;
}

export interface IpGroup {
  readonly seq: number;
  readonly id: string;
  readonly name: string;
  readonly desc?: string;
  rules: IpRuleItem[];
  readonly tags: Tags;
}

export const ACCOUNT = '123456789012';
export const TRANSIENT_WORKSPACE_STATES: string[] = ['PENDING', 'UPDATING', 'STARTING', 'STOPPING', 'REBOOTING', 'REBUILDING', 'RESTORING', 'MAINTENANCE'];
export const CIDR = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\/(3[0-2]|[12]?\d))?$/;

export function invalid(message: string): Error {
  return serviceError('InvalidParameterValuesException', message);
}

export function sameUser(a: string, b: string): boolean {
  // "The username is not case-sensitive" (API model, WorkspaceRequest.UserName).
  return a.toLowerCase() === b.toLowerCase();
}

/** One page of `items` (ordered by seq); NextToken is the seq of the first item of the next page. */
export function page<T extends { seq: number }>(items: T[], limit: number | undefined, token: string | undefined): { items: T[]; next?: string } {
  if (token !== undefined && !/^\d+$/.test(token)) throw invalid(`Invalid NextToken: ${token}`);
  const rest = items.sort((a, b) => a.seq - b.seq).filter(i => token === undefined || i.seq >= Number(token));
  const size = limit ?? LIMITS.DEFAULT_PAGE_SIZE;
  return { items: rest.slice(0, size), next: rest.length > size ? String(rest[size].seq) : undefined };
}

export abstract class ModelState {
  /** false → RegisterWorkspaceDirectory throws WorkspacesDefaultRoleNotFoundException. */
  defaultRoleExists = true;

  protected readonly opts: Required<WorkspacesModelOptions>;
  protected readonly ds = new Map<string, DsDirectory>();
  protected readonly dirs = new Map<string, Directory>();
  protected readonly ws = new Map<string, Ws>();
  protected readonly groups = new Map<string, IpGroup>();
  protected readonly bundles = new Map<string, BundleSeed>();
  protected readonly failedModifications = new Map<string, Set<string>>();
  protected seq = 0;
  /** The operation being handled (its API model `errors` list decides some error names). */
  protected operation = '';
  private random = 20150408;

  constructor(options: WorkspacesModelOptions) {
    this.opts = {
      pollsToAvailable: options.pollsToAvailable ?? 2,
      pollsToRegistered: options.pollsToRegistered ?? 2,
      pollsToGone: options.pollsToGone ?? 2,
      modificationPolls: options.modificationPolls ?? 2,
      invisibleDescribes: options.invisibleDescribes ?? 0,
    };
  }

  /** A Describe answer includes `r`: complete its timeline if it has waited enough, else count. */
  protected poll<R extends { timeline?: Timeline }>(r: R, present: () => boolean, render: () => object): object | undefined {
    const t = r.timeline;
    if (t && t.polls >= t.after) {
      r.timeline = undefined;
      t.done();
    }
    if (!present()) return undefined;
    const out = render();
    if (r.timeline) r.timeline.polls++;
    return out;
  }

  /** Deterministic pseudo-random characters (Park-Miller); tests must not depend on them. */
  protected chars(length: number, alphabet = '0123456789abcdefghijklmnopqrstuvwxyz'): string {
    let out = '';
    for (let n = 0; n < length; n++) {
      this.random = (this.random * 48271) % 2147483647;
      out += alphabet[this.random % alphabet.length];
    }
    return out;
  }

  protected nextId(prefix: string, length: number): string {
    for (;;) {
      const id = prefix + this.chars(length);
      if (!this.ws.has(id) && !this.groups.has(id)) return id;
    }
  }

  protected hex(length: number): string {
    return this.chars(length, '0123456789abcdef');
  }

  /**
   * A directory registration. With `mustBeRegistered`, a REGISTERING/DEREGISTERING one answers
   * InvalidResourceStateException when the current operation models it, else ResourceNotFound.
   */
  protected directory(id: string, mustBeRegistered = true): Directory {
    const d = this.dirs.get(id);
    if (d && (d.state === 'REGISTERED' || !mustBeRegistered)) return d;
    if (d && modelledErrors(this.operation).includes('InvalidResourceStateException')) {
      throw serviceError('InvalidResourceStateException', `Directory ${id} is ${d.state}, not REGISTERED`);
    }
    throw serviceError('ResourceNotFoundException', d ? `Directory ${id} is ${d.state}, not REGISTERED` : `Directory ${id} is not registered with WorkSpaces`, id);
  }

  protected renderDirectory(id: string, d: Directory): WorkspaceDirectory {
    return {
      DirectoryId: id,
      Alias: id,
      DirectoryName: `corp-${id.slice(2, 8)}.example.com`,
      ...(d.registered ? { RegistrationCode: d.registrationCode, WorkspaceSecurityGroupId: d.securityGroupId } : {}),
      SubnetIds: d.subnetIds,
      DnsIpAddresses: ['10.0.0.10', '10.0.1.10'],
      CustomerUserName: 'Administrator',
      IamRoleId: `arn:aws:iam::${ACCOUNT}:role/workspaces_DefaultRole`,
      DirectoryType: d.ds.type as WorkspaceDirectory['DirectoryType'],
      State: d.state,
      WorkspaceCreationProperties: d.creation,
      ipGroupIds: d.ipGroupIds,
      WorkspaceAccessProperties: d.access,
      Tenancy: d.tenancy as WorkspaceDirectory['Tenancy'],
      SelfservicePermissions: d.selfservice,
      SamlProperties: { Status: 'DISABLED', RelayStateParameterName: 'RelayState' },
      CertificateBasedAuthProperties: { Status: 'DISABLED' },
      UserIdentityType: 'AWS_DIRECTORY_SERVICE',
      WorkspaceType: 'PERSONAL',
      ...(d.name ? { WorkspaceDirectoryName: d.name } : {}),
      ...(d.description ? { WorkspaceDirectoryDescription: d.description } : {}),
    };
  }

  protected ipGroup(id: string): IpGroup {
    const g = this.groups.get(id);
    if (!g) throw serviceError('ResourceNotFoundException', `IP access control group ${id} does not exist`, id);
    return g;
  }

  protected renderIpGroup(g: IpGroup): WorkspacesIpGroup {
    return { groupId: g.id, groupName: g.name, ...(g.desc !== undefined ? { groupDesc: g.desc } : {}), userRules: g.rules };
  }

  protected workspace(id: string): Ws {
    const w = this.ws.get(id);
    if (!w) throw serviceError('ResourceNotFoundException', `WorkSpace ${id} does not exist`, id);
    return w;
  }

  protected renderWorkspace(w: Ws): Workspace {
    const { RunningModeAutoStopTimeoutInMinutes: timeout, ...props } = w.props;
    return {
      WorkspaceId: w.id,
      DirectoryId: w.directoryId,
      UserName: w.userName,
      State: w.state,
      BundleId: w.bundleId,
      ...(w.provisioned ? { IpAddress: `10.0.${w.seq % 250}.${(w.seq * 7) % 250 + 4}`, ComputerName: `WSAMZN-${w.id.slice(3, 11).toUpperCase()}` } : {}),
      SubnetId: this.dirs.get(w.directoryId)?.subnetIds[w.seq % 2],
      ...(w.encryption.VolumeEncryptionKey ? { VolumeEncryptionKey: w.encryption.VolumeEncryptionKey } : {}),
      RootVolumeEncryptionEnabled: w.encryption.RootVolumeEncryptionEnabled,
      UserVolumeEncryptionEnabled: w.encryption.UserVolumeEncryptionEnabled,
      ...(w.workspaceName ? { WorkspaceName: w.workspaceName } : {}),
      WorkspaceProperties: { ...props, ...(timeout !== undefined ? { RunningModeAutoStopTimeoutInMinutes: timeout } : {}) } as WorkspaceProperties,
      ...(w.modificationStates.length ? { ModificationStates: w.modificationStates } : {}),
    };
  }

  protected taggable(id: string): { tags: Tags } {
    const r = this.ws.get(id) ?? this.dirs.get(id) ?? this.groups.get(id);
    if (!r) throw serviceError('ResourceNotFoundException', `Resource ${id} does not exist`, id);
    return r;
  }
}
