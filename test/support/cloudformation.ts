// A small CloudFormation emulator for the template-driven lifecycle tests: it walks a
// synthesized template in dependency order, resolves Ref/GetAtt/Join/Select to the values
// earlier resources returned, and sends every custom resource's properties exactly as
// CloudFormation would (scalars as strings) through the real handlers against the model.
// Native WorkSpaces resources are emulated through the model's API; any other resource gets
// a fake physical id, since nothing of ours reads it beyond its id.
import { createHash } from 'crypto';
import {
  CreateIpGroupCommand, DeleteIpGroupCommand, UpdateRulesOfIpGroupCommand, WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import { cfnEvent, runToCompletion, STACK_ID } from './provider-framework';
import { WorkspacesModel } from './workspaces-model';

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
}

export interface Template {
  readonly Resources: Record<string, Resource>;
}

interface Deployed {
  readonly type: string;
  readonly physicalId: string;
  readonly attributes: Record<string, string>;
  readonly properties: Record<string, unknown>;
  readonly deletionPolicy?: string;
}

const PSEUDO: Record<string, string> = {
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackId': STACK_ID,
  'AWS::StackName': 'Test',
  'AWS::NoValue': '',
};

export class CloudFormationEmulator {
  /** Deployed resources by logical id. */
  readonly resources = new Map<string, Deployed>();
  /** Custom resource requests sent, in order (`Create Custom::X LogicalId`). */
  readonly requests: string[] = [];
  private readonly client = new WorkSpacesClient({ region: 'us-east-1' });

  constructor(private readonly model: WorkspacesModel) {}

  /** Creates a new stack, or updates it to `template` (changed resources only). */
  async deploy(template: Template): Promise<void> {
    for (const id of dependencyOrder(template)) {
      const resource = template.Resources[id];
      const previous = this.resources.get(id);
      // Only resources that something here reads are resolved; the others keep their raw JSON.
      const properties = (isEmulated(resource.Type) ? this.resolve(resource.Properties ?? {}) : resource.Properties ?? {}) as Record<string, unknown>;
      if (previous && JSON.stringify(previous.properties) === JSON.stringify(properties)) continue;
      const done = await this.apply(id, resource.Type, properties, previous);
      this.resources.set(id, { ...done, type: resource.Type, properties, deletionPolicy: resource.DeletionPolicy });
    }
  }

  /** Deletes the stack in reverse dependency order; retained resources are left alone. */
  async destroy(template: Template): Promise<void> {
    for (const id of dependencyOrder(template).reverse()) {
      const deployed = this.resources.get(id);
      if (!deployed) continue;
      if (deployed.deletionPolicy !== 'Retain') await this.remove(id, deployed);
      this.resources.delete(id);
    }
  }

  private async apply(id: string, type: string, properties: Record<string, unknown>, previous?: Deployed) {
    if (type.startsWith('Custom::')) {
      this.requests.push(`${previous ? 'Update' : 'Create'} ${type} ${id}`);
      const outcome = await runToCompletion(cfnEvent({
        requestType: previous ? 'Update' : 'Create',
        resourceType: type,
        logicalResourceId: id,
        properties: withoutServiceToken(properties),
        oldProperties: previous && withoutServiceToken(previous.properties),
        physicalResourceId: previous?.physicalId,
      }));
      const old = previous?.physicalId;
      if (old && old !== outcome.physicalResourceId) {
        // A new physical id means replacement: CloudFormation deletes the old one afterwards.
        await this.remove(id, previous!);
      }
      return { physicalId: outcome.physicalResourceId, attributes: outcome.data };
    }
    switch (type) {
      case 'AWS::DirectoryService::MicrosoftAD':
      case 'AWS::DirectoryService::SimpleAD': {
        const directoryId = previous?.physicalId ?? `d-${fakeHex(id, 10)}`;
        if (!previous) this.model.addDirectoryServiceDirectory(directoryId);
        return { physicalId: directoryId, attributes: {} };
      }
      case 'AWS::WorkSpaces::WorkspaceIpGroup': {
        const rules = ((properties.UserRules ?? []) as Array<{ IpRule: string; RuleDesc?: string }>)
          .map(r => ({ ipRule: r.IpRule, ruleDesc: r.RuleDesc }));
        if (previous) {
          await this.client.send(new UpdateRulesOfIpGroupCommand({ GroupId: previous.physicalId, UserRules: rules }));
          return { physicalId: previous.physicalId, attributes: previous.attributes };
        }
        const created = await this.client.send(new CreateIpGroupCommand({
          GroupName: properties.GroupName as string,
          GroupDesc: properties.GroupDesc as string | undefined,
          UserRules: rules,
          Tags: properties.Tags as Array<{ Key: string; Value: string }> | undefined,
        }));
        return { physicalId: created.GroupId!, attributes: { GroupId: created.GroupId! } };
      }
      default:
        return { physicalId: previous?.physicalId ?? fakeId(type, id), attributes: {} };
    }
  }

  private async remove(id: string, deployed: Deployed): Promise<void> {
    if (deployed.type.startsWith('Custom::')) {
      this.requests.push(`Delete ${deployed.type} ${id}`);
      await runToCompletion(cfnEvent({
        requestType: 'Delete',
        resourceType: deployed.type,
        logicalResourceId: id,
        properties: withoutServiceToken(deployed.properties),
        physicalResourceId: deployed.physicalId,
      }));
    } else if (deployed.type === 'AWS::WorkSpaces::WorkspaceIpGroup') {
      await this.client.send(new DeleteIpGroupCommand({ GroupId: deployed.physicalId }));
    }
  }

  /** Resolves intrinsic functions against what has been deployed so far. */
  private resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(v => this.resolve(v));
    if (!value || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [fn, arg] = entries[0] as [string, any];
      switch (fn) {
        case 'Ref':
          return PSEUDO[arg] ?? this.deployed(arg).physicalId;
        case 'Fn::GetAtt': {
          const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
          const d = this.deployed(id);
          // Native resources' attributes: ids are the physical id, ARNs are built from it.
          return d.attributes[attribute] ?? (attribute.endsWith('Arn') ? `arn:aws:fake:us-east-1:123456789012:${d.physicalId}` : d.physicalId);
        }
        case 'Fn::Join':
          return (this.resolve(arg[1]) as unknown[]).join(arg[0]);
        case 'Fn::Select':
          return (this.resolve(arg[1]) as unknown[])[Number(this.resolve(arg[0]))];
        case 'Fn::Split':
          return String(this.resolve(arg[1])).split(arg[0]);
        case 'Fn::Sub': {
          const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
          return String(text).replace(/\$\{([^}]+)\}/g, (_: string, name: string) => String(
            name in vars ? this.resolve(vars[name]) : this.resolve(name.includes('.') ? { 'Fn::GetAtt': name } : { Ref: name })));
        }
        case 'Fn::GetAZs':
          return ['us-east-1a', 'us-east-1b'];
      }
      if (fn.startsWith('Fn::')) throw new Error(`the emulator does not support ${fn}`);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v)]));
  }

  private deployed(id: string): Deployed {
    const d = this.resources.get(id);
    if (!d) throw new Error(`${id} is referenced before it was deployed: the dependency order is wrong`);
    return d;
  }
}

/** Logical ids in an order where every resource follows what it references or depends on. */
export function dependencyOrder(template: Template): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`dependency cycle at ${id}`);
    state.set(id, 'visiting');
    const r = template.Resources[id];
    const deps = new Set<string>([...references(r.Properties), ...[r.DependsOn ?? []].flat()]);
    for (const dep of deps) if (template.Resources[dep]) visit(dep);
    state.set(id, 'done');
    order.push(id);
  };
  Object.keys(template.Resources).sort().forEach(visit);
  return order;
}

function references(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(references);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    if (k === 'Ref' && typeof v === 'string') return [v];
    if (k === 'Fn::GetAtt') return [Array.isArray(v) ? v[0] : String(v).split('.')[0]];
    return references(v);
  });
}

const EMULATED = ['AWS::DirectoryService::MicrosoftAD', 'AWS::DirectoryService::SimpleAD', 'AWS::WorkSpaces::WorkspaceIpGroup'];

function isEmulated(type: string): boolean {
  return type.startsWith('Custom::') || EMULATED.includes(type);
}

function withoutServiceToken(properties: Record<string, unknown>): Record<string, unknown> {
  const { ServiceToken: _, ...rest } = properties;
  return rest;
}

function fakeHex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

function fakeId(type: string, id: string): string {
  const prefixes: Record<string, string> = {
    'AWS::EC2::Subnet': 'subnet-', 'AWS::EC2::VPC': 'vpc-', 'AWS::EC2::SecurityGroup': 'sg-',
  };
  const prefix = prefixes[type];
  return prefix ? `${prefix}${fakeHex(id, 17)}` : `${id}-${fakeHex(id, 8)}`;
}
