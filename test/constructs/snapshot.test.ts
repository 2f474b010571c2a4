// A whole environment in one template, to show changes in review. The precise assertions live
// in the other test files; asset hashes are masked by test/support/mask-asset-hashes.ts.
import { Duration, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { newStack } from './helpers';
import {
  Bundle, ComputeType, DeviceAccess, IpGroup, RunningMode, Workspace, WorkspacesDefaultRole, WorkspacesDirectory,
} from '../../src';

test('snapshot of a directory, an IP group and two WorkSpaces', () => {
  const stack = newStack();
  const office = new IpGroup(stack, 'Office', { rules: [{ cidr: '203.0.113.0/24', description: 'HQ' }] });
  const directory = new WorkspacesDirectory(stack, 'Directory', {
    directoryId: 'd-1234567890',
    defaultRole: new WorkspacesDefaultRole(stack, 'DefaultRole'),
    accessProperties: { web: DeviceAccess.ALLOW },
    ipGroups: [office],
  });
  const bundle = Bundle.fromBundleId(stack, 'Bundle', 'wsb-abcdefgh1');
  new Workspace(stack, 'Alice', {
    directory, bundle, userName: 'alice', computeType: ComputeType.PERFORMANCE, runningMode: RunningMode.AUTO_STOP, autoStopTimeout: Duration.hours(2),
  });
  new Workspace(stack, 'Bob', { directory, bundle, userName: 'bob', volumeEncryptionKey: new kms.Key(stack, 'Key') });
  Tags.of(stack).add('team', 'euc');

  expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
});
