// Directory registration and IP access control groups of the in-memory WorkSpaces model.
import type {
  CreateIpGroupRequest, DescribeIpGroupsRequest, DescribeWorkspaceDirectoriesRequest, IpRuleItem, RegisterWorkspaceDirectoryRequest,
} from '@aws-sdk/client-workspaces';
import { LIMITS, serviceError, tagProblem } from './rules';
import { CIDR, Directory, invalid, IpGroup, ModelState, page } from './state';

export abstract class DirectoryOperations extends ModelState {
  protected registerWorkspaceDirectory(i: RegisterWorkspaceDirectoryRequest): object {
    const id = i.DirectoryId!;
    if ((i.UserIdentityType && i.UserIdentityType !== 'AWS_DIRECTORY_SERVICE') || (i.WorkspaceType && i.WorkspaceType !== 'PERSONAL')
      || i.MicrosoftEntraConfig || i.IdcInstanceArn || i.ActiveDirectoryConfig) {
      throw new Error('WorkspacesModel only models registering Directory Service directories for WorkSpaces Personal');
    }
    const ds = this.ds.get(id);
    if (!ds) throw serviceError('ResourceNotFoundException', `Directory ${id} does not exist in Directory Service`, id);
    const existing = this.dirs.get(id);
    if (existing?.state === 'DEREGISTERING') throw serviceError('InvalidResourceStateException', `Directory ${id} is being deregistered`);
    if (existing) throw serviceError('ResourceAlreadyExistsException', `Directory ${id} is already registered with WorkSpaces (${existing.state})`);
    if (!this.defaultRoleExists) throw serviceError('WorkspacesDefaultRoleNotFoundException', 'The workspaces_DefaultRole role could not be found');
    if (ds.activeAfter > 0) {
      ds.activeAfter--;
      throw serviceError('InvalidResourceStateException', `Directory ${id} is not Active yet in Directory Service`);
    }
    const subnets = i.SubnetIds ?? ds.subnetIds;
    if (subnets.length !== 2 || subnets[0] === subnets[1]) {
      throw serviceError('OperationNotSupportedException', 'WorkSpaces needs two subnets in separate Availability Zones');
    }
    const tagError = tagProblem(new Map(), i.Tags ?? []);
    if (tagError) throw serviceError(tagError.name, tagError.message);
    const self = i.EnableSelfService ? 'ENABLED' : 'DISABLED';
    const d: Directory = {
      seq: ++this.seq,
      ds,
      state: 'REGISTERING',
      registered: false,
      subnetIds: [...subnets],
      tenancy: i.Tenancy ?? 'SHARED',
      registrationCode: `SLiad+${this.chars(6, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`,
      securityGroupId: `sg-${this.hex(17)}`,
      name: i.WorkspaceDirectoryName,
      description: i.WorkspaceDirectoryDescription,
      selfservice: { RestartWorkspace: 'ENABLED', IncreaseVolumeSize: self, ChangeComputeType: self, SwitchRunningMode: self, RebuildWorkspace: self },
      access: {
        DeviceTypeWindows: 'ALLOW',
        DeviceTypeOsx: 'ALLOW',
        DeviceTypeWeb: 'DENY',
        DeviceTypeIos: 'ALLOW',
        DeviceTypeAndroid: 'ALLOW',
        DeviceTypeChromeOs: 'ALLOW',
        DeviceTypeZeroClient: 'ALLOW',
        DeviceTypeLinux: 'DENY',
        DeviceTypeWorkSpacesThinClient: 'ALLOW',
      },
      creation: { EnableInternetAccess: false, UserEnabledAsLocalAdministrator: true, EnableMaintenanceMode: true },
      client: { ReconnectEnabled: 'ENABLED', LogUploadEnabled: 'ENABLED' },
      ipGroupIds: [],
      tags: new Map((i.Tags ?? []).map(t => [t.Key!, t.Value])),
    };
    d.timeline = { polls: 0, after: this.opts.pollsToRegistered, done: () => Object.assign(d, { state: 'REGISTERED', registered: true }) };
    this.dirs.set(id, d);
    return { DirectoryId: id, State: d.state };
  }

  protected describeWorkspaceDirectories(i: DescribeWorkspaceDirectoriesRequest): object {
    const wanted = (id: string, d: Directory) => (!i.DirectoryIds || i.DirectoryIds.includes(id))
      && (!i.WorkspaceDirectoryNames || i.WorkspaceDirectoryNames.includes(d.name ?? ''))
      && (i.Filters ?? []).every(f => f.Values!.includes(f.Name === 'WORKSPACE_TYPE' ? 'PERSONAL' : 'AWS_DIRECTORY_SERVICE'));
    const matched = [...this.dirs.entries()].filter(([id, d]) => wanted(id, d)).map(([id, d]) => ({ seq: d.seq, id, d }));
    const { items, next } = page(matched, i.Limit, i.NextToken);
    const Directories = items.map(({ id, d }) => this.poll(d, () => this.dirs.has(id), () => this.renderDirectory(id, d))).filter(x => x);
    return { Directories, ...(next ? { NextToken: next } : {}) };
  }

  protected modifyDirectory(id: string, change: (d: Directory) => void): object {
    change(this.directory(id));
    return {};
  }

  protected deregisterWorkspaceDirectory(id: string): object {
    const d = this.directory(id);
    const remaining = [...this.ws.values()].filter(w => w.directoryId === id);
    if (remaining.length > 0) {
      throw serviceError('InvalidResourceStateException', `Directory ${id} still has ${remaining.length} WorkSpace(s) (${remaining.map(w => w.id).join(', ')}); remove them first`);
    }
    d.state = 'DEREGISTERING';
    d.timeline = { polls: 0, after: this.opts.pollsToGone, done: () => this.dirs.delete(id) };
    return {};
  }

  protected associateIpGroups(directoryId: string, groupIds: string[], associate: boolean): object {
    const d = this.directory(directoryId);
    if (groupIds.length === 0) throw invalid('GroupIds must not be empty');
    const missing = groupIds.find(g => !this.groups.has(g));
    if (missing) throw serviceError('ResourceNotFoundException', `IP access control group ${missing} does not exist`, missing);
    const ids = associate ? [...new Set([...d.ipGroupIds, ...groupIds])] : d.ipGroupIds.filter(g => !groupIds.includes(g));
    if (ids.length > LIMITS.IP_GROUPS_PER_DIRECTORY) {
      throw serviceError('ResourceLimitExceededException', `A directory can have at most ${LIMITS.IP_GROUPS_PER_DIRECTORY} IP access control groups`);
    }
    d.ipGroupIds = ids;
    return {};
  }

  protected checkRules(rules: IpRuleItem[]): void {
    if (rules.length > LIMITS.RULES_PER_IP_GROUP) {
      throw serviceError('ResourceLimitExceededException', `An IP access control group can have at most ${LIMITS.RULES_PER_IP_GROUP} rules (${rules.length} requested)`);
    }
    const bad = rules.find(r => !CIDR.test(r.ipRule ?? ''));
    if (bad) throw invalid(`Invalid IP rule ${bad.ipRule}: expected an IPv4 address or CIDR range`);
  }

  protected createIpGroup(i: CreateIpGroupRequest): object {
    if ([...this.groups.values()].some(g => g.name === i.GroupName)) {
      throw serviceError('ResourceAlreadyExistsException', `An IP access control group named ${i.GroupName} already exists`);
    }
    this.checkRules(i.UserRules ?? []);
    const tagError = tagProblem(new Map(), i.Tags ?? []);
    if (tagError) throw serviceError(tagError.name, tagError.message);
    const id = this.nextId('wsipg-', 8);
    this.groups.set(id, {
      seq: ++this.seq, id, name: i.GroupName!, desc: i.GroupDesc, rules: i.UserRules ?? [], tags: new Map((i.Tags ?? []).map(t => [t.Key!, t.Value])),
    });
    return { GroupId: id };
  }

  protected describeIpGroups(i: DescribeIpGroupsRequest): object {
    const matched = [...this.groups.values()].filter(g => !i.GroupIds || i.GroupIds.includes(g.id));
    const { items, next } = page(matched, i.MaxResults, i.NextToken);
    return { Result: items.map(g => this.renderIpGroup(g)), ...(next ? { NextToken: next } : {}) };
  }

  protected deleteIpGroup(id: string): object {
    this.ipGroup(id);
    const users = [...this.dirs.entries()].filter(([, d]) => d.ipGroupIds.includes(id)).map(([dirId]) => dirId);
    if (users.length) throw serviceError('ResourceAssociatedException', `IP access control group ${id} is associated with ${users.join(', ')}`);
    this.groups.delete(id);
    return {};
  }

  protected setRules(id: string, rules: (g: IpGroup) => IpRuleItem[], added: IpRuleItem[]): object {
    const g = this.ipGroup(id);
    const next = rules(g);
    this.checkRules(added);
    this.checkRules(next);
    g.rules = next;
    return {};
  }
}
