// Shared fixtures of the construct tests.
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';
import { Bundle, IBundle, IWorkspacesDirectory, WorkspacesDirectory } from '../../src';

export const DIRECTORY_ID = 'd-1234567890';
export const BUNDLE_ID = 'wsb-abcdefgh1';

export function newStack(id = 'Stack'): Stack {
  return new Stack(new App(), id);
}

export function importedDirectory(stack: Stack): IWorkspacesDirectory {
  return WorkspacesDirectory.fromDirectoryId(stack, 'ImportedDirectory', DIRECTORY_ID);
}

export function importedBundle(stack: Stack): IBundle {
  return Bundle.fromBundleId(stack, 'ImportedBundle', BUNDLE_ID);
}

/** The one resource of `type` in the stack: its whole template entry. */
export function onlyResource(stack: Stack, type: string): { Properties: Record<string, unknown>; [key: string]: unknown } {
  const found = Object.values(Template.fromStack(stack).findResources(type));
  expect(found).toHaveLength(1);
  return found[0] as any;
}

/** The statements of the provider's handler role. */
export function handlerStatements(stack: Stack): unknown[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: logicalIdOf(stack, 'cdk-workspaces.WorkspacesProvider/HandlerRole/Resource') }] },
  });
  const all = Object.values(policies) as any[];
  expect(all).toHaveLength(1);
  return all[0].Properties.PolicyDocument.Statement;
}

/** The logical id of the CloudFormation resource at `path` (relative to the stack). */
export function logicalIdOf(stack: Stack, path: string): string {
  const found = path.split('/').reduce<IConstruct>((construct, id) => construct.node.findChild(id), stack);
  return stack.getLogicalId(found as CfnElement);
}
