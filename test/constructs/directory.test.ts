import { CfnParameter, RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DIRECTORY_ID, handlerStatements, newStack, onlyResource } from './helpers';
import {
  DeviceAccess, IpGroup, Tenancy, WorkspacesDefaultRole, WorkspacesDirectory, WorkspacesDirectoryProps,
} from '../../src';

const TYPE = 'Custom::WorkSpacesDirectory';

function directory(stack: Stack, props: Partial<WorkspacesDirectoryProps> = {}): WorkspacesDirectory {
  return new WorkspacesDirectory(stack, 'Directory', { directoryId: DIRECTORY_ID, ...props });
}

function properties(stack: Stack): Record<string, unknown> {
  return onlyResource(stack, TYPE).Properties;
}

function subnets(stack: Stack, ...ids: string[]): ec2.ISubnet[] {
  return ids.map(id => ec2.Subnet.fromSubnetId(stack, id, id));
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: any } }): string {
  return stack.getLogicalId(construct.node.defaultChild);
}

describe('WorkspacesDirectory properties', () => {
  test('minimal: the directory id only', () => {
    const stack = newStack();
    directory(stack);
    // IpGroupIds is always sent: a registration of this stack with no groups has none associated.
    expect(properties(stack)).toEqual({ ServiceToken: expect.anything(), DirectoryId: DIRECTORY_ID, IpGroupIds: [] });
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      SubnetIds: Match.absent(),
      Tenancy: Match.absent(),
      EnableSelfService: Match.absent(),
      SelfservicePermissions: Match.absent(),
      WorkspaceAccessProperties: Match.absent(),
      WorkspaceCreationProperties: Match.absent(),
      ClientProperties: Match.absent(),
      IpGroupIds: [],
      Tags: Match.absent(),
    });
  });

  test('every property maps to the contract', () => {
    const stack = newStack();
    const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-12345678');
    const instanceRole = iam.Role.fromRoleArn(stack, 'InstanceRole', 'arn:aws:iam::123456789012:role/ws-instance');
    const ipGroup = new IpGroup(stack, 'Office', { rules: [{ cidr: '203.0.113.0/24' }] });
    directory(stack, {
      subnets: subnets(stack, 'subnet-11111111', 'subnet-22222222'),
      tenancy: Tenancy.DEDICATED,
      enableSelfService: true,
      selfServicePermissions: {
        restartWorkspace: true,
        increaseVolumeSize: false,
        changeComputeType: true,
        switchRunningMode: false,
        rebuildWorkspace: true,
      },
      accessProperties: {
        windows: DeviceAccess.ALLOW,
        macOs: DeviceAccess.DENY,
        web: DeviceAccess.ALLOW,
        ios: DeviceAccess.DENY,
        android: DeviceAccess.ALLOW,
        chromeOs: DeviceAccess.DENY,
        zeroClient: DeviceAccess.ALLOW,
        linux: DeviceAccess.DENY,
        thinClient: DeviceAccess.ALLOW,
      },
      creationProperties: {
        enableInternetAccess: true,
        defaultOu: 'OU=WorkSpaces,DC=example,DC=com',
        customSecurityGroup: securityGroup,
        userEnabledAsLocalAdministrator: false,
        enableMaintenanceMode: true,
        instanceRole,
      },
      clientProperties: { reconnectEnabled: false, logUploadEnabled: true },
      ipGroups: [ipGroup],
    });
    expect(properties(stack)).toEqual({
      ServiceToken: expect.anything(),
      DirectoryId: DIRECTORY_ID,
      SubnetIds: ['subnet-11111111', 'subnet-22222222'],
      Tenancy: 'DEDICATED',
      EnableSelfService: true,
      SelfservicePermissions: {
        RestartWorkspace: 'ENABLED', IncreaseVolumeSize: 'DISABLED', ChangeComputeType: 'ENABLED', SwitchRunningMode: 'DISABLED', RebuildWorkspace: 'ENABLED',
      },
      WorkspaceAccessProperties: {
        DeviceTypeWindows: 'ALLOW',
        DeviceTypeOsx: 'DENY',
        DeviceTypeWeb: 'ALLOW',
        DeviceTypeIos: 'DENY',
        DeviceTypeAndroid: 'ALLOW',
        DeviceTypeChromeOs: 'DENY',
        DeviceTypeZeroClient: 'ALLOW',
        DeviceTypeLinux: 'DENY',
        DeviceTypeWorkSpacesThinClient: 'ALLOW',
      },
      WorkspaceCreationProperties: {
        EnableInternetAccess: true,
        DefaultOu: 'OU=WorkSpaces,DC=example,DC=com',
        CustomSecurityGroupId: 'sg-12345678',
        UserEnabledAsLocalAdministrator: false,
        EnableMaintenanceMode: true,
        InstanceIamRoleArn: 'arn:aws:iam::123456789012:role/ws-instance',
      },
      ClientProperties: { ReconnectEnabled: 'DISABLED', LogUploadEnabled: 'ENABLED' },
      IpGroupIds: [{ 'Fn::GetAtt': [logicalId(stack, ipGroup), 'GroupId'] }],
    });
  });

  test('nested structs send only the members that were set, and nothing when empty', () => {
    const stack = newStack();
    directory(stack, { accessProperties: { web: DeviceAccess.ALLOW }, selfServicePermissions: {}, clientProperties: { logUploadEnabled: false } });
    expect(properties(stack)).toEqual({
      ServiceToken: expect.anything(),
      DirectoryId: DIRECTORY_ID,
      IpGroupIds: [],
      WorkspaceAccessProperties: { DeviceTypeWeb: 'ALLOW' },
      ClientProperties: { LogUploadEnabled: 'DISABLED' },
    });
  });

  test('attributes: directory id (physical id), ARN, registration code, security group', () => {
    const stack = newStack();
    const dir = directory(stack);
    const id = Object.keys(Template.fromStack(stack).findResources(TYPE))[0];
    expect(stack.resolve(dir.directoryId)).toEqual({ Ref: id });
    expect(stack.resolve(dir.directoryArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':workspaces:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':directory/', { Ref: id }]],
    });
    expect(stack.resolve(dir.registrationCode)).toEqual({ 'Fn::GetAtt': [id, 'RegistrationCode'] });
    expect(stack.resolve(dir.workspaceSecurityGroupId)).toEqual({ 'Fn::GetAtt': [id, 'WorkspaceSecurityGroupId'] });
  });
});

describe('WorkspacesDirectory lifecycle', () => {
  test('deregistered on delete by default', () => {
    const stack = newStack();
    directory(stack);
    expect(onlyResource(stack, TYPE).DeletionPolicy).toBe('Delete');
  });

  test('RETAIN keeps the registration', () => {
    const stack = newStack();
    directory(stack, { removalPolicy: RemovalPolicy.RETAIN });
    expect(onlyResource(stack, TYPE).DeletionPolicy).toBe('Retain');
  });

  test('applyRemovalPolicy reaches the custom resource', () => {
    const stack = newStack();
    directory(stack).applyRemovalPolicy(RemovalPolicy.RETAIN);
    expect(onlyResource(stack, TYPE).DeletionPolicy).toBe('Retain');
  });

  test('registration waits for the default role', () => {
    const stack = newStack();
    const defaultRole = new WorkspacesDefaultRole(stack, 'DefaultRole');
    directory(stack, { defaultRole });
    expect(onlyResource(stack, TYPE).DependsOn).toEqual([logicalId(stack, defaultRole)]);
  });

  test('an imported default role adds no dependency', () => {
    const stack = newStack();
    directory(stack, { defaultRole: WorkspacesDefaultRole.fromExisting(stack, 'DefaultRole') });
    expect(onlyResource(stack, TYPE).DependsOn).toBeUndefined();
  });
});

describe('WorkspacesDirectory IP groups', () => {
  test('addIpGroup after construction is rendered; the same group twice once', () => {
    const stack = newStack();
    const dir = directory(stack);
    const a = new IpGroup(stack, 'A');
    const b = IpGroup.fromIpGroupId(stack, 'B', 'wsipg-abcdefgh1');
    dir.addIpGroup(a);
    dir.addIpGroup(b);
    dir.addIpGroup(a);
    expect(properties(stack).IpGroupIds).toEqual([{ 'Fn::GetAtt': [logicalId(stack, a), 'GroupId'] }, 'wsipg-abcdefgh1']);
  });

  test('at most 25 IP groups', () => {
    const stack = newStack();
    const dir = directory(stack);
    for (let i = 0; i < 26; i++) dir.addIpGroup(IpGroup.fromIpGroupId(stack, `G${i}`, `wsipg-abcdefg${String(i).padStart(2, '0')}`));
    expect(() => Template.fromStack(stack)).toThrow('[Stack/Directory] number of IP groups: got 26; allowed: at most 25');
  });
});

describe('WorkspacesDirectory validation', () => {
  test('a Directory Service id is required', () => {
    expect(() => directory(newStack(), { directoryId: 'ws-1234567890' }))
      .toThrow('[Stack/Directory] directoryId: got "ws-1234567890"; allowed: a Directory Service directory id such as d-0123456789');
  });

  test('directory id tokens are not checked', () => {
    const stack = newStack();
    directory(stack, { directoryId: new CfnParameter(stack, 'DirectoryId').valueAsString });
    expect(properties(stack).DirectoryId).toEqual({ Ref: 'DirectoryId' });
  });

  test.each([1, 3])('%d subnets are refused', (count) => {
    const stack = newStack();
    const ids = ['subnet-11111111', 'subnet-22222222', 'subnet-33333333'].slice(0, count);
    expect(() => directory(stack, { subnets: subnets(stack, ...ids) })).toThrow(
      `[Stack/Directory] subnets: got "${count} subnets"; allowed: none (the directory's own subnets are used) or exactly 2, in different Availability Zones`);
  });

  test('the same subnet twice is refused', () => {
    const stack = newStack();
    const subnet = ec2.Subnet.fromSubnetId(stack, 'Subnet', 'subnet-11111111');
    expect(() => directory(stack, { subnets: [subnet, subnet] })).toThrow(
      '[Stack/Directory] subnets: got ["subnet-11111111","subnet-11111111"]; allowed: 2 different subnets, in different Availability Zones');
  });

  test('subnets of a VPC (tokens) are accepted', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'ws', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    directory(stack, { subnets: vpc.isolatedSubnets });
    expect(properties(stack).SubnetIds).toEqual(vpc.isolatedSubnets.map(s => stack.resolve(s.subnetId)));
  });

  test('an empty subnet list means the directory\'s own subnets', () => {
    const stack = newStack();
    directory(stack, { subnets: [] });
    Template.fromStack(stack).hasResourceProperties(TYPE, { SubnetIds: Match.absent() });
  });

  test('removal policy SNAPSHOT is refused', () => {
    expect(() => directory(newStack(), { removalPolicy: RemovalPolicy.SNAPSHOT }))
      .toThrow('[Stack/Directory] removalPolicy: got "snapshot"; allowed: destroy, retain or retain-on-update-or-delete');
  });
});

describe('WorkspacesDirectory tags', () => {
  test('Tags.of() reaches the custom resource properties', () => {
    const stack = newStack();
    directory(stack);
    Tags.of(stack).add('team', 'euc');
    expect(properties(stack).Tags).toEqual([{ Key: 'team', Value: 'euc' }]);
  });

  test('the library\'s own tag prefix is refused', () => {
    const stack = newStack();
    directory(stack);
    Tags.of(stack).add('cdk-workspaces:request', 'x');
    expect(() => Template.fromStack(stack)).toThrow(
      '[Stack/Directory] tag key: got "cdk-workspaces:request"; allowed: a key that does not start with "cdk-workspaces:" (reserved by cdk-workspaces)');
  });
});

describe('WorkspacesDirectory imports, metrics and events', () => {
  test('fromDirectoryId', () => {
    const stack = newStack();
    const dir = WorkspacesDirectory.fromDirectoryId(stack, 'Imported', 'wsd-abcdefgh1');
    expect(dir.directoryId).toBe('wsd-abcdefgh1');
    expect(stack.resolve(dir.directoryArn)['Fn::Join'][1].slice(-1)).toEqual([':directory/wsd-abcdefgh1']);
  });

  test('an invalid id is refused, a token is not checked', () => {
    expect(() => WorkspacesDirectory.fromDirectoryId(newStack(), 'Imported', 'D-1234567890'))
      .toThrow('[Stack/Imported] directoryId: got "D-1234567890"; allowed: a directory id such as d-0123456789');
    expect(() => WorkspacesDirectory.fromDirectoryId(newStack(), 'Imported', Token.asString({ Ref: 'Dir' }))).not.toThrow();
  });

  test('metrics: AWS/WorkSpaces, dimension DirectoryId', () => {
    const stack = newStack();
    const dir = directory(stack);
    const expected = [
      [dir.metricAvailable(), 'Available'],
      [dir.metricUnhealthy(), 'Unhealthy'],
      [dir.metricSessionLaunchTime(), 'SessionLaunchTime'],
      [dir.metricInSessionLatency(), 'InSessionLatency'],
      [dir.metric('ConnectionAttempt'), 'ConnectionAttempt'],
    ] as const;
    for (const [metric, name] of expected) {
      expect(metric.namespace).toBe('AWS/WorkSpaces');
      expect(metric.metricName).toBe(name);
      expect(stack.resolve(metric.dimensions)).toEqual({ DirectoryId: stack.resolve(dir.directoryId) });
    }
  });

  test('onSignIn: a rule for WorkSpaces Access events of this directory, with the target', () => {
    const stack = newStack();
    const dir = WorkspacesDirectory.fromDirectoryId(stack, 'Imported', DIRECTORY_ID);
    const topic = new sns.Topic(stack, 'Topic');
    dir.onSignIn('SignIns', { target: new targets.SnsTopic(topic), description: 'sign-ins' });
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      Description: 'sign-ins',
      EventPattern: { 'source': ['aws.workspaces'], 'detail-type': ['WorkSpaces Access'], 'detail': { directoryId: [DIRECTORY_ID] } },
      Targets: [Match.objectLike({ Arn: { Ref: logicalId(stack, topic) } })],
    });
  });
});

describe('WorkspacesDirectory handler permissions', () => {
  const workspacesArn = (resource: string) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':workspaces:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${resource}/*`]],
  });
  const ec2Arn = (resource: string) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${resource}/*`]],
  });

  test('only what registration and updates need', () => {
    const stack = newStack();
    directory(stack);
    expect(handlerStatements(stack).slice(2)).toEqual([
      {
        Action: ['workspaces:DescribeWorkspaceDirectories', 'workspaces:DescribeClientProperties', 'workspaces:DescribeTags', 'workspaces:DescribeWorkspaces'],
        Effect: 'Allow',
        Resource: '*',
      },
      {
        Action: [
          'workspaces:RegisterWorkspaceDirectory', 'workspaces:DeregisterWorkspaceDirectory', 'workspaces:ModifySelfservicePermissions',
          'workspaces:ModifyWorkspaceAccessProperties', 'workspaces:ModifyWorkspaceCreationProperties', 'workspaces:ModifyClientProperties',
          'workspaces:CreateTags', 'workspaces:DeleteTags',
        ],
        Effect: 'Allow',
        Resource: workspacesArn('directory'),
      },
      {
        Action: ['workspaces:AssociateIpGroups', 'workspaces:DisassociateIpGroups'],
        Effect: 'Allow',
        Resource: [workspacesArn('directory'), workspacesArn('workspaceipgroup')],
      },
      {
        Action: [
          'ds:DescribeDirectories', 'ds:AuthorizeApplication', 'ds:UnauthorizeApplication', 'ec2:DescribeAvailabilityZones',
          'ec2:DescribeInternetGateways', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeRouteTables', 'ec2:DescribeSecurityGroups',
          'ec2:DescribeSubnets', 'ec2:DescribeVpcs',
        ],
        Effect: 'Allow',
        Resource: '*',
      },
      {
        Action: ['ec2:CreateSecurityGroup', 'ec2:CreateTags'],
        Effect: 'Allow',
        Resource: [ec2Arn('security-group'), ec2Arn('vpc')],
      },
      {
        Action: 'iam:GetRole',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/workspaces_DefaultRole']] },
      },
    ]);
  });

  test('the instance role may be passed', () => {
    const stack = newStack();
    const instanceRole = new iam.Role(stack, 'InstanceRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    directory(stack, { creationProperties: { instanceRole } });
    expect(handlerStatements(stack)).toContainEqual({
      Action: 'iam:PassRole',
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [logicalId(stack, instanceRole), 'Arn'] },
    });
  });
});
