import { RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { newStack } from './helpers';
import { WorkspacesDefaultRole } from '../../src';

describe('WorkspacesDefaultRole', () => {
  test('the role the service expects: fixed name, trust, managed policies', () => {
    const stack = newStack();
    new WorkspacesDefaultRole(stack, 'DefaultRole');
    const template = Template.fromStack(stack);
    const roles = Object.values(template.findResources('AWS::IAM::Role')) as any[];
    expect(roles).toHaveLength(1);
    const props = roles[0].Properties;
    expect(props.RoleName).toBe('workspaces_DefaultRole');
    expect(props.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'workspaces.amazonaws.com' } },
    ]);
    expect(props.ManagedPolicyArns.map((arn: any) => arn['Fn::Join'][1][2])).toEqual([
      ':iam::aws:policy/AmazonWorkSpacesServiceAccess',
      ':iam::aws:policy/AmazonWorkSpacesSelfServiceAccess',
    ]);
    expect(roles[0].Metadata.cdk_nag.rules_to_suppress.map((r: any) => r.id)).toEqual(['AwsSolutions-IAM4']);
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('retained by default: every registered directory of the account needs it', () => {
    const stack = newStack();
    new WorkspacesDefaultRole(stack, 'DefaultRole');
    Template.fromStack(stack).hasResource('AWS::IAM::Role', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('RemovalPolicy.DESTROY opts out', () => {
    const stack = newStack();
    new WorkspacesDefaultRole(stack, 'DefaultRole', { removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(stack).hasResource('AWS::IAM::Role', { DeletionPolicy: 'Delete' });
  });

  test('fromExisting imports the account\'s role by its fixed name', () => {
    const stack = newStack();
    const role = WorkspacesDefaultRole.fromExisting(stack, 'DefaultRole');
    expect(role.roleName).toBe('workspaces_DefaultRole');
    expect(stack.resolve(role.roleArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/workspaces_DefaultRole']],
    });
    expect(stack.node.findAll().filter(c => c instanceof iam.CfnRole)).toEqual([]);
  });
});
