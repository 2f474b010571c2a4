import { CfnParameter, Duration, Lazy, RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { BUNDLE_ID, DIRECTORY_ID, handlerStatements, importedBundle, importedDirectory, newStack, onlyResource } from './helpers';
import {
  ComputeType, Protocol, RunningMode, Workspace, WorkspaceProps, WorkspacesDirectory, WorkspaceState,
} from '../../src';

const TYPE = 'Custom::WorkSpacesWorkspace';

function workspace(stack: Stack, props: Partial<WorkspaceProps> = {}, id = 'Workspace'): Workspace {
  return new Workspace(stack, id, {
    directory: importedDirectory(stack),
    bundle: importedBundle(stack),
    userName: 'alice',
    ...props,
  });
}

function properties(stack: Stack): Record<string, unknown> {
  return onlyResource(stack, TYPE).Properties;
}

describe('Workspace properties', () => {
  test('minimal: only the required properties are sent, nothing else (the bundle decides)', () => {
    const stack = newStack();
    workspace(stack);
    expect(properties(stack)).toEqual({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/^cdkworkspacesWorkspacesProviderframeworkonEvent/), 'Arn'] },
      DirectoryId: DIRECTORY_ID,
      UserName: 'alice',
      BundleId: BUNDLE_ID,
    });
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      VolumeEncryptionKey: Match.absent(),
      RootVolumeEncryptionEnabled: Match.absent(),
      UserVolumeEncryptionEnabled: Match.absent(),
      WorkspaceProperties: Match.absent(),
      State: Match.absent(),
      Tags: Match.absent(),
    });
  });

  test('every property maps to the contract', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    workspace(stack, {
      rootVolumeSizeGib: 175,
      userVolumeSizeGib: 100,
      computeType: ComputeType.POWERPRO,
      runningMode: RunningMode.AUTO_STOP,
      autoStopTimeout: Duration.hours(3),
      protocols: [Protocol.WSP],
      volumeEncryptionKey: key,
      rootVolumeEncryption: false,
      state: WorkspaceState.ADMIN_MAINTENANCE,
    });
    expect(properties(stack)).toEqual({
      ServiceToken: expect.anything(),
      DirectoryId: DIRECTORY_ID,
      UserName: 'alice',
      BundleId: BUNDLE_ID,
      VolumeEncryptionKey: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
      RootVolumeEncryptionEnabled: false,
      UserVolumeEncryptionEnabled: true,
      WorkspaceProperties: {
        RunningMode: 'AUTO_STOP',
        RunningModeAutoStopTimeoutInMinutes: 180,
        RootVolumeSizeGib: 175,
        UserVolumeSizeGib: 100,
        ComputeTypeName: 'POWERPRO',
        Protocols: ['WSP'],
      },
      State: 'ADMIN_MAINTENANCE',
    });
  });

  test('workspace properties: only the members that were set', () => {
    const stack = newStack();
    workspace(stack, { runningMode: RunningMode.ALWAYS_ON });
    expect(properties(stack).WorkspaceProperties).toEqual({ RunningMode: 'ALWAYS_ON' });
  });

  test('a key alone encrypts both volumes', () => {
    const stack = newStack();
    workspace(stack, { volumeEncryptionKey: new kms.Key(stack, 'Key') });
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      VolumeEncryptionKey: Match.anyValue(),
      RootVolumeEncryptionEnabled: true,
      UserVolumeEncryptionEnabled: true,
    });
  });

  test('an explicit false without a key is sent as set', () => {
    const stack = newStack();
    workspace(stack, { userVolumeEncryption: false });
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      VolumeEncryptionKey: Match.absent(),
      RootVolumeEncryptionEnabled: Match.absent(),
      UserVolumeEncryptionEnabled: false,
    });
  });

  test('the directory id is a reference to a WorkspacesDirectory defined in the app, so registration comes first', () => {
    const stack = newStack();
    const directory = new WorkspacesDirectory(stack, 'Directory', { directoryId: DIRECTORY_ID });
    workspace(stack, { directory });
    expect(properties(stack).DirectoryId).toEqual({ Ref: stack.getLogicalId(directory.node.findChild('Resource').node.defaultChild as any) });
  });
});

describe('Workspace lifecycle', () => {
  test('retained by default (WorkSpaces hold user data)', () => {
    const stack = newStack();
    workspace(stack);
    const resource = onlyResource(stack, TYPE);
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.UpdateReplacePolicy).toBe('Retain');
  });

  test('DESTROY terminates on delete', () => {
    const stack = newStack();
    workspace(stack, { removalPolicy: RemovalPolicy.DESTROY });
    expect(onlyResource(stack, TYPE).DeletionPolicy).toBe('Delete');
  });

  test('applyRemovalPolicy reaches the custom resource', () => {
    const stack = newStack();
    workspace(stack).applyRemovalPolicy(RemovalPolicy.DESTROY);
    expect(onlyResource(stack, TYPE).DeletionPolicy).toBe('Delete');
  });

  test('workspaceId is the physical id; workspaceArn is built from it', () => {
    const stack = newStack();
    const ws = workspace(stack);
    const logicalId = Object.keys(Template.fromStack(stack).findResources(TYPE))[0];
    expect(stack.resolve(ws.workspaceId)).toEqual({ Ref: logicalId });
    expect(stack.resolve(ws.workspaceArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':workspaces:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':workspace/', { Ref: logicalId }]],
    });
  });
});

describe('Workspace tags', () => {
  test('Tags.of() reaches the custom resource properties, as do tags set on the construct', () => {
    const stack = newStack();
    const ws = workspace(stack);
    Tags.of(stack).add('team', 'euc');
    ws.tags.setTag('cost-center', '42');
    expect(properties(stack).Tags).toEqual([{ Key: 'cost-center', Value: '42' }, { Key: 'team', Value: 'euc' }]);
  });

  test('Tags.of() filters by the custom resource type', () => {
    const stack = newStack();
    workspace(stack);
    Tags.of(stack).add('only-workspaces', 'yes', { includeResourceTypes: ['Custom::WorkSpacesWorkspace'] });
    Tags.of(stack).add('not-workspaces', 'no', { excludeResourceTypes: ['Custom::WorkSpacesWorkspace'] });
    expect(properties(stack).Tags).toEqual([{ Key: 'only-workspaces', Value: 'yes' }]);
  });

  test('at most 46 tags (50, minus the 4 the handlers may use)', () => {
    const stack = newStack();
    workspace(stack);
    for (let i = 0; i < 47; i++) Tags.of(stack).add(`k${i}`, 'v');
    expect(() => Template.fromStack(stack)).toThrow(
      '[Stack/Workspace] number of tags: got 47; allowed: at most 46 (the service allows 50; 4 are used by cdk-workspaces)');
  });

  test('46 tags are fine', () => {
    const stack = newStack();
    workspace(stack);
    for (let i = 0; i < 46; i++) Tags.of(stack).add(`k${i}`, 'v');
    expect(properties(stack).Tags).toHaveLength(46);
  });

  test.each([
    ['empty', '', 'tag key: got ""; allowed: 1 to 127 characters'],
    ['128 characters', 'k'.repeat(128), `tag key: got "${'k'.repeat(128)}"; allowed: 1 to 127 characters`],
    ['aws:', 'aws:owner', 'tag key: got "aws:owner"; allowed: a key that does not start with "aws:" (reserved by AWS)'],
    ['cdk-workspaces:', 'cdk-workspaces:owner', 'tag key: got "cdk-workspaces:owner"; allowed: a key that does not start with "cdk-workspaces:" (reserved by cdk-workspaces)'],
  ])('tag key: %s is refused', (_label, key, message) => {
    const stack = newStack();
    workspace(stack).tags.setTag(key, 'v');
    expect(() => Template.fromStack(stack)).toThrow(`[Stack/Workspace] ${message}`);
  });

  test('tag values are at most 255 characters', () => {
    const stack = newStack();
    workspace(stack).tags.setTag('k', 'v'.repeat(256));
    expect(() => Template.fromStack(stack)).toThrow('[Stack/Workspace] value of tag k: got "256 characters"; allowed: at most 255 characters');
  });

  test('tag tokens are not checked', () => {
    const stack = newStack();
    workspace(stack).tags.setTag(Lazy.string({ produce: () => 'aws:late' }), Lazy.string({ produce: () => 'v'.repeat(300) }));
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});

describe('Workspace validation', () => {
  test.each([
    ['empty', '', 'userName: got ""; allowed: 1 to 63 characters'],
    ['64 characters', 'u'.repeat(64), `userName: got "${'u'.repeat(64)}"; allowed: 1 to 63 characters`],
  ])('userName: %s is refused', (_label, userName, message) => {
    expect(() => workspace(newStack(), { userName })).toThrow(`[Stack/Workspace] ${message}`);
  });

  test.each([
    [80, 20, undefined, '"80/20"; allowed: 80/10, 80/50, 80/100, or 175-2000 root with 100-2000 user (100/100 with graphics compute types)'],
    [175, 50, ComputeType.STANDARD, '"175/50"; allowed: 80/10, 80/50, 80/100, or 175-2000 root with 100-2000 user'],
    [100, 100, ComputeType.STANDARD, '"100/100"; allowed: 80/10, 80/50, 80/100, or 175-2000 root with 100-2000 user'],
    [2001, 100, undefined, '"2001/100"; allowed: 80/10, 80/50, 80/100, or 175-2000 root with 100-2000 user (100/100 with graphics compute types)'],
    [80, 100, ComputeType.GRAPHICS_G4DN,
      '"80/100"; allowed: 100/100, or 175-2000 root with 100-2000 user (graphics compute types start at 100/100) for GRAPHICS_G4DN'],
  ])('volumes %d/%d with %s are refused', (root, user, computeType, message) => {
    expect(() => workspace(newStack(), { rootVolumeSizeGib: root, userVolumeSizeGib: user, computeType }))
      .toThrow(`[Stack/Workspace] rootVolumeSizeGib/userVolumeSizeGib: got ${message}`);
  });

  test.each([
    [80, 10, undefined], [80, 50, ComputeType.VALUE], [80, 100, ComputeType.PERFORMANCE], [175, 100, undefined],
    [2000, 2000, ComputeType.POWER], [100, 100, undefined], [100, 100, ComputeType.GRAPHICSPRO_G4DN], [175, 100, ComputeType.GRAPHICS_G6_XLARGE],
  ])('volumes %d/%d with %s are accepted', (root, user, computeType) => {
    expect(() => workspace(newStack(), { rootVolumeSizeGib: root, userVolumeSizeGib: user, computeType })).not.toThrow();
  });

  test('one size alone must belong to an allowed combination (the bundle gives the other)', () => {
    expect(() => workspace(newStack(), { rootVolumeSizeGib: 3 }))
      .toThrow('[Stack/Workspace] rootVolumeSizeGib: got 3; allowed: 80, 100 (graphics), or 175-2000; combined with the user volume: 80/10, 80/50');
    expect(() => workspace(newStack(), { userVolumeSizeGib: 20 }))
      .toThrow('[Stack/Workspace] userVolumeSizeGib: got 20; allowed: 10, 50, or 100-2000; combined with the root volume: 80/10, 80/50');
    for (const root of [80, 100, 175, 2000]) expect(() => workspace(newStack(), { rootVolumeSizeGib: root })).not.toThrow();
    for (const user of [10, 50, 100, 2000]) expect(() => workspace(newStack(), { userVolumeSizeGib: user })).not.toThrow();
  });

  test('volume tokens are not checked', () => {
    expect(() => workspace(newStack(), { rootVolumeSizeGib: Token.asNumber({ Ref: 'Root' }), userVolumeSizeGib: 3 })).not.toThrow();
    expect(() => workspace(newStack(), { rootVolumeSizeGib: Token.asNumber({ Ref: 'Root' }) })).not.toThrow();
  });

  test('auto-stop timeout: whole hours only', () => {
    expect(() => workspace(newStack(), { autoStopTimeout: Duration.minutes(90), runningMode: RunningMode.AUTO_STOP }))
      .toThrow('[Stack/Workspace] autoStopTimeout: got "1 hour 30 minutes"; allowed: a positive multiple of 60 minutes (Duration.hours(1), Duration.hours(2), ...)');
  });

  test('auto-stop timeout: only with AUTO_STOP', () => {
    expect(() => workspace(newStack(), { autoStopTimeout: Duration.hours(1), runningMode: RunningMode.ALWAYS_ON }))
      .toThrow('[Stack/Workspace] autoStopTimeout: got "1 hour with runningMode ALWAYS_ON"; allowed: only with runningMode AUTO_STOP');
  });

  test('auto-stop timeout: runningMode AUTO_STOP must be said, not assumed', () => {
    expect(() => workspace(newStack(), { autoStopTimeout: Duration.hours(1) }))
      .toThrow('[Stack/Workspace] autoStopTimeout: got "1 hour with runningMode (not set)"; allowed: only with runningMode AUTO_STOP');
  });

  test('auto-stop timeout tokens are not checked', () => {
    const stack = newStack();
    workspace(stack, {
      runningMode: RunningMode.AUTO_STOP,
      autoStopTimeout: Duration.minutes(new CfnParameter(stack, 'Minutes', { type: 'Number' }).valueAsNumber),
    });
    expect(properties(stack).WorkspaceProperties).toEqual({ RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: { Ref: 'Minutes' } });
  });

  test('protocols cannot be empty', () => {
    expect(() => workspace(newStack(), { protocols: [] })).toThrow('[Stack/Workspace] protocols: got []; allowed: one of PCOIP, WSP');
  });

  test('volume encryption needs a key', () => {
    expect(() => workspace(newStack(), { rootVolumeEncryption: true })).toThrow(
      '[Stack/Workspace] rootVolumeEncryption: got "true without volumeEncryptionKey"; allowed: true only with volumeEncryptionKey (the AWS managed key is alias/aws/workspaces)');
    expect(() => workspace(newStack(), { userVolumeEncryption: true })).toThrow('[Stack/Workspace] userVolumeEncryption: got "true without volumeEncryptionKey"');
  });

  test('a key with both volumes unencrypted is a mistake', () => {
    const stack = newStack();
    expect(() => workspace(stack, { volumeEncryptionKey: new kms.Key(stack, 'Key'), rootVolumeEncryption: false, userVolumeEncryption: false })).toThrow(
      '[Stack/Workspace] volumeEncryptionKey: got "a key with both volumes unencrypted"; allowed: a key only when rootVolumeEncryption or userVolumeEncryption is true');
  });

  test('removal policy SNAPSHOT is refused', () => {
    expect(() => workspace(newStack(), { removalPolicy: RemovalPolicy.SNAPSHOT }))
      .toThrow('[Stack/Workspace] removalPolicy: got "snapshot"; allowed: destroy, retain or retain-on-update-or-delete');
  });

  test('tokens are not validated', () => {
    const stack = newStack();
    workspace(stack, { userName: Lazy.string({ produce: () => '' }) });
    expect(properties(stack).UserName).toBe('');
  });
});

describe('Workspace imports', () => {
  test('fromWorkspaceId', () => {
    const stack = newStack();
    const ws = Workspace.fromWorkspaceId(stack, 'Imported', 'ws-abcdefgh1');
    expect(ws.workspaceId).toBe('ws-abcdefgh1');
    expect(stack.resolve(ws.workspaceArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':workspaces:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':workspace/ws-abcdefgh1']],
    });
  });

  test('an invalid id is refused, a token is not checked', () => {
    expect(() => Workspace.fromWorkspaceId(newStack(), 'Imported', 'd-123'))
      .toThrow('[Stack/Imported] workspaceId: got "d-123"; allowed: a WorkSpace id such as ws-0123456789');
    expect(() => Workspace.fromWorkspaceId(newStack(), 'Imported', Token.asString({ Ref: 'Id' }))).not.toThrow();
  });
});

describe('Workspace grants and metrics', () => {
  test.each([
    ['grantReboot', ['workspaces:RebootWorkspaces']],
    ['grantRebuild', ['workspaces:RebuildWorkspaces']],
    ['grantRestore', ['workspaces:RestoreWorkspace']],
    ['grantStartStop', ['workspaces:StartWorkspaces', 'workspaces:StopWorkspaces']],
  ] as const)('%s grants %j on the WorkSpace only', (method, actions) => {
    const stack = newStack();
    const ws = Workspace.fromWorkspaceId(stack, 'Imported', 'ws-abcdefgh1');
    const role = new iam.Role(stack, 'Helpdesk', { assumedBy: new iam.AccountRootPrincipal() });
    ws[method](role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: [{
          Action: actions.length === 1 ? actions[0] : actions,
          Effect: 'Allow',
          Resource: stack.resolve(ws.workspaceArn),
        }],
      },
    });
  });

  test('grant() grants any action on the WorkSpace', () => {
    const stack = newStack();
    const ws = workspace(stack);
    const role = new iam.Role(stack, 'Helpdesk', { assumedBy: new iam.AccountRootPrincipal() });
    ws.grant(role, 'workspaces:DescribeWorkspaceSnapshots');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: { Statement: [{ Action: 'workspaces:DescribeWorkspaceSnapshots', Effect: 'Allow', Resource: stack.resolve(ws.workspaceArn) }] },
    });
  });

  test('metrics: AWS/WorkSpaces, dimension WorkspaceId', () => {
    const stack = newStack();
    const ws = workspace(stack);
    const expected = [
      [ws.metricAvailable(), 'Available'],
      [ws.metricUnhealthy(), 'Unhealthy'],
      [ws.metricSessionLaunchTime(), 'SessionLaunchTime'],
      [ws.metricInSessionLatency(), 'InSessionLatency'],
      [ws.metric('ConnectionFailure', { statistic: 'Sum' }), 'ConnectionFailure'],
    ] as const;
    for (const [metric, name] of expected) {
      expect(metric.namespace).toBe('AWS/WorkSpaces');
      expect(metric.metricName).toBe(name);
      expect(stack.resolve(metric.dimensions)).toEqual({ WorkspaceId: stack.resolve(ws.workspaceId) });
    }
    expect(ws.metric('ConnectionFailure', { statistic: 'Sum' }).statistic).toBe('Sum');
    expect(ws.metricAvailable().statistic).toBe('Average');
  });
});

describe('Workspace handler permissions', () => {
  const arn = (resource: string, account: unknown = { Ref: 'AWS::AccountId' }) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':workspaces:', { Ref: 'AWS::Region' }, ':', account, `:${resource}/*`]],
  });

  test('only the actions the WorkSpace handler needs, scoped to WorkSpaces ARNs', () => {
    const stack = newStack();
    workspace(stack);
    expect(handlerStatements(stack).slice(2)).toEqual([
      {
        Action: ['workspaces:DescribeWorkspaces', 'workspaces:DescribeTags'],
        Effect: 'Allow',
        Resource: '*',
      },
      {
        Action: ['workspaces:CreateWorkspaces', 'workspaces:MigrateWorkspace'],
        Effect: 'Allow',
        // Amazon-owned bundles have no account in their ARN.
        Resource: [arn('workspace'), arn('directory'), { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':workspaces:', { Ref: 'AWS::Region' }, ':*:workspacebundle/*']] }],
      },
      {
        Action: [
          'workspaces:TerminateWorkspaces', 'workspaces:ModifyWorkspaceProperties', 'workspaces:ModifyWorkspaceState', 'workspaces:StartWorkspaces',
          'workspaces:CreateTags', 'workspaces:DeleteTags',
        ],
        Effect: 'Allow',
        Resource: arn('workspace'),
      },
    ]);
  });

  test('the volume encryption key: CreateGrant and DescribeKey for the handler', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    workspace(stack, { volumeEncryptionKey: key });
    expect(handlerStatements(stack)).toContainEqual({
      Action: ['kms:CreateGrant', 'kms:DescribeKey'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
    });
  });
});

describe('ComputeType', () => {
  test('constants carry the API value; of() is the escape hatch; isGraphics', () => {
    expect(ComputeType.GRAPHICS_G6_XLARGE.name).toBe('GRAPHICS_G6_XLARGE');
    expect(ComputeType.of('GRAPHICS_G9_XLARGE').isGraphics).toBe(true);
    expect(ComputeType.GRAPHICSPRO_G4DN.isGraphics).toBe(true);
    expect(ComputeType.GENERALPURPOSE_4XLARGE.isGraphics).toBe(false);
    expect(ComputeType.POWERPRO.isGraphics).toBe(false);
  });

  test('covers every Compute value of the API model (2015-04-08, shape Compute)', () => {
    const apiModel = [
      'VALUE', 'STANDARD', 'PERFORMANCE', 'POWER', 'GRAPHICS', 'POWERPRO', 'GENERALPURPOSE_4XLARGE', 'GENERALPURPOSE_8XLARGE',
      'GRAPHICSPRO', 'GRAPHICS_G4DN', 'GRAPHICSPRO_G4DN', 'GRAPHICS_G6_XLARGE', 'GRAPHICS_G6_2XLARGE', 'GRAPHICS_G6_4XLARGE',
      'GRAPHICS_G6_8XLARGE', 'GRAPHICS_G6_16XLARGE', 'GRAPHICS_GR6_4XLARGE', 'GRAPHICS_GR6_8XLARGE', 'GRAPHICS_G6F_LARGE',
      'GRAPHICS_G6F_XLARGE', 'GRAPHICS_G6F_2XLARGE', 'GRAPHICS_G6F_4XLARGE', 'GRAPHICS_GR6F_4XLARGE', 'GRAPHICS_G7_2XLARGE',
      'GRAPHICS_G7_4XLARGE', 'GRAPHICS_G7_8XLARGE', 'GRAPHICS_G7_12XLARGE',
    ];
    const constants = Object.entries(ComputeType).filter(([, v]) => v instanceof ComputeType) as Array<[string, ComputeType]>;
    expect(constants.map(([, c]) => c.name).sort()).toEqual([...apiModel].sort());
    for (const [constant, computeType] of constants) expect(constant).toBe(computeType.name);
  });
});
