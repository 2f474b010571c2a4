import { ValidationException } from '@aws-sdk/client-workspaces';
import { API_MODEL, modelledErrors, validateRequest } from './api-validator';

function problem(operation: string, input: unknown): string {
  try {
    validateRequest(operation, input);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationException);
    expect(e).toMatchObject({ name: 'ValidationException', $fault: 'client', $metadata: {} });
    return (e as Error).message;
  }
  throw new Error(`${operation} passed validation`);
}

const request = (extra: object = {}) => ({ DirectoryId: 'd-1234567890', UserName: 'alice', BundleId: 'wsb-standard01', ...extra });

describe('the fixture', () => {
  test('keeps operations and shapes, without documentation', () => {
    expect(API_MODEL.operations.CreateWorkspaces).toEqual({
      name: 'CreateWorkspaces',
      input: 'CreateWorkspacesRequest',
      output: 'CreateWorkspacesResult',
      errors: ['ResourceLimitExceededException', 'InvalidParameterValuesException'],
    });
    expect(API_MODEL.shapes.UserName).toEqual({ type: 'string', max: 63, min: 1 });
    expect(JSON.stringify(API_MODEL)).not.toContain('documentation');
    expect(modelledErrors('TerminateWorkspaces')).toEqual([]);
  });
});

describe('validateRequest accepts', () => {
  test.each([
    ['CreateWorkspaces', { Workspaces: [request({ WorkspaceProperties: { RunningMode: 'AUTO_STOP', RootVolumeSizeGib: 80 }, Tags: [{ Key: 'k', Value: 'v' }] })] }],
    ['DescribeWorkspaces', {}],
    ['DescribeWorkspaces', undefined],
    ['DescribeWorkspaces', { DirectoryId: 'd-1234567890', UserName: 'alice', Limit: 25, NextToken: undefined }],
    ['DescribeWorkspaceDirectories', { DirectoryIds: ['d-1234567890'] }],
    ['DeleteIpGroup', { GroupId: 'wsipg-abcd1234' }],
    // Smithy patterns are not implicitly anchored: IpGroupId's `wsipg-[0-9a-z]{8,63}$` accepts a prefix.
    ['DeleteIpGroup', { GroupId: 'my-wsipg-abcd1234' }],
    ['AssociateIpGroups', { DirectoryId: 'd-1234567890', GroupIds: [] }],
    ['ModifyWorkspaceProperties', { WorkspaceId: 'ws-abc123def', WorkspaceProperties: { ComputeTypeName: 'GRAPHICS_G4DN' } }],
    ['CreateTags', { ResourceId: 'ws-abc123def', Tags: [{ Key: 'only-key' }] }],
  ])('%s %j', (operation, input) => {
    expect(() => validateRequest(operation, input)).not.toThrow();
  });
});

describe('validateRequest rejects', () => {
  test('an unknown operation', () => {
    expect(problem('LaunchWorkspace', {})).toMatch(/Unknown operation LaunchWorkspace/);
  });

  test('an unknown member, naming it', () => {
    expect(problem('CreateWorkspaces', { Workspaces: [request({ Bundle: 'wsb-standard01' })] })).toMatch(/at 'Workspaces\[0\]\.Bundle'.*not part of WorkspaceRequest/);
  });

  test('a missing required member', () => {
    expect(problem('CreateWorkspaces', { Workspaces: [{ DirectoryId: 'd-1234567890', BundleId: 'wsb-standard01' }] }))
      .toMatch(/at 'Workspaces\[0\]\.UserName' failed to satisfy constraint: Member must not be null/);
    expect(problem('TerminateWorkspaces', {})).toMatch(/TerminateWorkspaceRequests/);
  });

  test.each([
    ['string', 'DescribeWorkspaces', { DirectoryId: 42 }, /DirectoryId.*must be a string/],
    ['integer', 'DescribeWorkspaces', { Limit: '5' }, /Limit.*must be an integer/],
    ['integer (fraction)', 'ModifyWorkspaceProperties', { WorkspaceId: 'ws-abc123def', WorkspaceProperties: { RootVolumeSizeGib: 80.5 } }, /must be an integer/],
    ['boolean', 'CreateWorkspaces', { Workspaces: [request({ RootVolumeEncryptionEnabled: 'true' })] }, /RootVolumeEncryptionEnabled.*must be a boolean/],
    ['list', 'DescribeWorkspaces', { WorkspaceIds: 'ws-abc123def' }, /WorkspaceIds.*must be a list/],
    ['structure', 'CreateWorkspaces', { Workspaces: [request({ WorkspaceProperties: [] })] }, /WorkspaceProperties.*must be a structure/],
  ])('a wrong type: %s', (_type, operation, input, message) => {
    expect(problem(operation, input)).toMatch(message);
  });

  test('a map: wrong type, bad key, bad value', () => {
    const branding = (LoginMessage: unknown) => ({ ResourceId: 'd-1234567890', DeviceTypeWindows: { LoginMessage } });
    expect(() => validateRequest('ImportClientBranding', branding({ en_US: 'Welcome' }))).not.toThrow();
    expect(problem('ImportClientBranding', branding(['Welcome']))).toMatch(/DeviceTypeWindows\.LoginMessage.*must be a map/);
    expect(problem('ImportClientBranding', branding({ en_us: 'Welcome' }))).toMatch(/LoginMessage\.key\(en_us\).*pattern/);
    expect(problem('ImportClientBranding', branding({ english: 'Welcome' }))).toMatch(/LoginMessage\.key\(english\).*length less than or equal to 5/);
    expect(problem('ImportClientBranding', branding({ en_US: 7 }))).toMatch(/LoginMessage\.en_US.*must be a string/);
  });

  test('an enum value', () => {
    expect(problem('CreateWorkspaces', { Workspaces: [request({ WorkspaceProperties: { RunningMode: 'SOMETIMES' } })] }))
      .toMatch(/Value 'SOMETIMES' at 'Workspaces\[0\]\.WorkspaceProperties\.RunningMode'.*enum value set: \[AUTO_STOP, ALWAYS_ON, MANUAL\]/);
  });

  test('string length (min and max)', () => {
    expect(problem('CreateWorkspaces', { Workspaces: [request({ UserName: 'u'.repeat(64) })] })).toMatch(/UserName.*length less than or equal to 63/);
    expect(problem('CreateWorkspaces', { Workspaces: [request({ UserName: '' })] })).toMatch(/UserName.*length greater than or equal to 1/);
    expect(problem('CreateTags', { ResourceId: 'ws-abc123def', Tags: [{ Key: 'k', Value: 'v'.repeat(256) }] })).toMatch(/Tags\[0\]\.Value.*255/);
  });

  test('a pattern, anchored where the model anchors it', () => {
    expect(problem('CreateWorkspaces', { Workspaces: [request({ BundleId: 'wsb-UPPER123' })] })).toMatch(/BundleId.*pattern: \^wsb-\[0-9a-z\]\{8,63\}\$/);
    expect(problem('CreateWorkspaces', { Workspaces: [request({ BundleId: 'xwsb-standard01' })] })).toMatch(/BundleId/);
    // IpGroupId is `wsipg-[0-9a-z]{8,63}$`: no leading anchor, but the trailing one still applies.
    expect(problem('DeleteIpGroup', { GroupId: 'wsipg-abcd1234!' })).toMatch(/GroupId.*pattern/);
    // The same regex object is reused: a second call behaves the same (no lastIndex state).
    expect(() => validateRequest('DeleteIpGroup', { GroupId: 'wsipg-abcd1234' })).not.toThrow();
    expect(() => validateRequest('DeleteIpGroup', { GroupId: 'wsipg-abcd1234' })).not.toThrow();
  });

  test('list size (min and max)', () => {
    expect(problem('CreateWorkspaces', { Workspaces: [] })).toMatch(/Workspaces.*length greater than or equal to 1/);
    const many = Array.from({ length: 26 }, (_, n) => request({ UserName: `user${n}` }));
    expect(problem('CreateWorkspaces', { Workspaces: many })).toMatch(/Workspaces.*length less than or equal to 25/);
    const ids = Array.from({ length: 26 }, (_, n) => ({ WorkspaceId: `ws-${String(n).padStart(9, '0')}` }));
    expect(problem('TerminateWorkspaces', { TerminateWorkspaceRequests: ids })).toMatch(/less than or equal to 25/);
  });

  test('integer range (min and max)', () => {
    expect(problem('DescribeWorkspaces', { Limit: 0 })).toMatch(/Limit.*value greater than or equal to 1/);
    expect(problem('DescribeWorkspaces', { Limit: 26 })).toMatch(/Limit.*value less than or equal to 25/);
  });

  test('a union with two members set', () => {
    const image = (ImageSource: object) => ({
      ImageName: 'img',
      ImageDescription: 'd',
      ComputeType: 'BASE',
      Protocol: 'DCV',
      ImageSource,
      InfrastructureConfigurationArn: 'arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/infra',
      Platform: 'WINDOWS',
      OsVersion: 'Windows_11',
    });
    expect(() => validateRequest('ImportCustomWorkspaceImage', image({ Ec2ImageId: 'ami-12345678' }))).not.toThrow();
    expect(problem('ImportCustomWorkspaceImage', image({ Ec2ImageId: 'ami-12345678', Ec2ImportTaskId: 'import-ami-12345678' })))
      .toMatch(/ImageSource.*Exactly one member of the union/);
  });
});
