import { CfnParameter, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { newStack, onlyResource } from './helpers';
import { IpGroup } from '../../src';

const TYPE = 'AWS::WorkSpaces::WorkspaceIpGroup';

function properties(stack: Stack): Record<string, unknown> {
  return onlyResource(stack, TYPE).Properties;
}

describe('IpGroup', () => {
  test('every property maps to the native resource', () => {
    const stack = newStack();
    new IpGroup(stack, 'Office', {
      ipGroupName: 'office',
      description: 'Office egress',
      rules: [{ cidr: '203.0.113.0/24', description: 'HQ' }, { cidr: '198.51.100.7/32' }],
    });
    expect(properties(stack)).toEqual({
      GroupName: 'office',
      GroupDesc: 'Office egress',
      UserRules: [{ IpRule: '203.0.113.0/24', RuleDesc: 'HQ' }, { IpRule: '198.51.100.7/32' }],
    });
  });

  test('defaults: a generated unique name, no description, no rules, no Lambda', () => {
    const stack = newStack();
    new IpGroup(stack, 'Office');
    new IpGroup(stack, 'Branch');
    const template = Template.fromStack(stack);
    const names = Object.values(template.findResources(TYPE)).map((r: any) => r.Properties.GroupName);
    expect(names).toEqual([expect.stringMatching(/^StackOffice[0-9A-F]{8}$/), expect.stringMatching(/^StackBranch[0-9A-F]{8}$/)]);
    template.allResourcesProperties(TYPE, { GroupDesc: Match.absent(), UserRules: Match.absent(), Tags: Match.absent() });
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('addRule after construction is rendered', () => {
    const stack = newStack();
    const group = new IpGroup(stack, 'Office', { rules: [{ cidr: '10.0.0.0/8' }] });
    group.addRule('192.168.0.0/16', 'lab');
    expect(properties(stack).UserRules).toEqual([{ IpRule: '10.0.0.0/8' }, { IpRule: '192.168.0.0/16', RuleDesc: 'lab' }]);
  });

  test('attributes come from the native resource', () => {
    const stack = newStack();
    const group = new IpGroup(stack, 'Office');
    const id = Object.keys(Template.fromStack(stack).findResources(TYPE))[0];
    expect(stack.resolve(group.ipGroupId)).toEqual({ 'Fn::GetAtt': [id, 'GroupId'] });
    expect(stack.resolve(group.ipGroupArn)).toEqual({ 'Fn::GetAtt': [id, 'Arn'] });
  });

  test.each(['203.0.113.0', '203.0.113.0/33', '256.0.0.0/8', '2001:db8::/32', 'office'])('CIDR %j is refused', (cidr) => {
    expect(() => new IpGroup(newStack(), 'Office', { rules: [{ cidr }] }))
      .toThrow(`[Stack/Office] IP rule: got "${cidr}"; allowed: an IPv4 CIDR block such as 203.0.113.0/24`);
  });

  test('addRule checks the CIDR too', () => {
    const group = new IpGroup(newStack(), 'Office');
    expect(() => group.addRule('10.0.0.0/40')).toThrow('[Stack/Office] IP rule: got "10.0.0.0/40"; allowed: an IPv4 CIDR block such as 203.0.113.0/24');
  });

  test('CIDR tokens are not checked', () => {
    const stack = newStack();
    new IpGroup(stack, 'Office', { rules: [{ cidr: new CfnParameter(stack, 'Cidr').valueAsString }] });
    expect(properties(stack).UserRules).toEqual([{ IpRule: { Ref: 'Cidr' } }]);
  });

  test('at most 10 rules, however they were added', () => {
    const tenRules = Array.from({ length: 10 }, (_, i) => ({ cidr: `10.0.${i}.0/24` }));
    const ten = newStack();
    new IpGroup(ten, 'Office', { rules: tenRules });
    expect(() => Template.fromStack(ten)).not.toThrow();

    const eleven = newStack();
    new IpGroup(eleven, 'Office', { rules: tenRules }).addRule('10.1.0.0/24');
    expect(() => Template.fromStack(eleven)).toThrow('[Stack/Office] number of IP rules: got 11; allowed: at most 10');
  });

  test('Tags.of() reaches the native resource, and tags are checked', () => {
    const stack = newStack();
    new IpGroup(stack, 'Office');
    Tags.of(stack).add('team', 'euc');
    expect(properties(stack).Tags).toEqual([{ Key: 'team', Value: 'euc' }]);

    const stack2 = newStack();
    new IpGroup(stack2, 'Office');
    for (let i = 0; i < 51; i++) Tags.of(stack2).add(`k${i}`, 'v');
    expect(() => Template.fromStack(stack2)).toThrow('[Stack/Office] number of tags: got 51; allowed: at most 50');
  });

  test('fromIpGroupId', () => {
    const stack = newStack();
    const group = IpGroup.fromIpGroupId(stack, 'Imported', 'wsipg-abcdefgh1');
    expect(group.ipGroupId).toBe('wsipg-abcdefgh1');
    expect(stack.resolve(group.ipGroupArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':workspaces:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':workspaceipgroup/wsipg-abcdefgh1']],
    });
    expect(() => IpGroup.fromIpGroupId(newStack(), 'Imported', 'ipg-1'))
      .toThrow('[Stack/Imported] ipGroupId: got "ipg-1"; allowed: an IP group id such as wsipg-0123456789');
  });
});

test('applyRemovalPolicy reaches the group (retain it with retained WorkSpaces)', () => {
  const stack = newStack();
  new IpGroup(stack, 'Office', { rules: [{ cidr: '203.0.113.0/24' }] }).applyRemovalPolicy(RemovalPolicy.RETAIN);
  Template.fromStack(stack).hasResource('AWS::WorkSpaces::WorkspaceIpGroup', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
});
