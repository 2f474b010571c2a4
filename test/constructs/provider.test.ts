import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { importedBundle, importedDirectory, handlerStatements, newStack } from './helpers';
import { Workspace, WorkspacesDirectory } from '../../src';
import { WorkspacesProvider } from '../../src/custom-resources/provider';

const ON_EVENT = { Handler: 'index.onEvent' };
const IS_COMPLETE = { Handler: 'index.isComplete' };

function userFunctions(template: Template) {
  return template.findResources('AWS::Lambda::Function', { Properties: { Handler: Match.stringLikeRegexp('^index\\.') } });
}

describe('WorkspacesProvider', () => {
  test('one provider per stack, however many resources use it', () => {
    const stack = newStack();
    const directory = new WorkspacesDirectory(stack, 'Directory', { directoryId: 'd-1234567890' });
    const bundle = importedBundle(stack);
    new Workspace(stack, 'A', { directory, userName: 'alice', bundle });
    new Workspace(stack, 'B', { directory, userName: 'bob', bundle });

    const template = Template.fromStack(stack);
    expect(Object.keys(userFunctions(template))).toHaveLength(2);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    expect(WorkspacesProvider.getOrCreate(directory)).toBe(WorkspacesProvider.getOrCreate(stack));
    expect(stack.node.tryFindChild('cdk-workspaces.WorkspacesProvider')).toBeInstanceOf(WorkspacesProvider);
  });

  test('two stacks get two providers', () => {
    const app = new App();
    const one = new Stack(app, 'One');
    const two = new Stack(app, 'Two');
    new Workspace(one, 'W', { directory: importedDirectory(one), userName: 'alice', bundle: importedBundle(one) });
    new Workspace(two, 'W', { directory: importedDirectory(two), userName: 'alice', bundle: importedBundle(two) });

    expect(WorkspacesProvider.getOrCreate(one)).not.toBe(WorkspacesProvider.getOrCreate(two));
    for (const stack of [one, two]) {
      expect(Object.keys(userFunctions(Template.fromStack(stack)))).toHaveLength(2);
    }
  });

  test('onEvent and isComplete: one asset, Node.js 22, explicit log groups with retention', () => {
    const stack = newStack();
    WorkspacesProvider.getOrCreate(stack);
    const template = Template.fromStack(stack);

    for (const handler of [ON_EVENT, IS_COMPLETE]) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        ...handler,
        Runtime: 'nodejs22.x',
        LoggingConfig: { LogGroup: { Ref: Match.anyValue() } },
      });
    }
    const functions = Object.values(userFunctions(template)) as any[];
    expect(functions[0].Properties.Code).toEqual(functions[1].Properties.Code);
    expect(functions[0].Properties.Role).toEqual(functions[1].Properties.Role);
    // No deprecated logRetention custom resource; every log group has a retention.
    template.resourceCountIs('Custom::LogRetention', 0);
    const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup')) as any[];
    expect(logGroups).toHaveLength(4); // onEvent, isComplete, framework, waiter
    for (const group of logGroups) expect(group.Properties.RetentionInDays).toBe(365);
  });

  test('the asset is the handler bundle, found relative to the module, not the working directory', () => {
    const bundle = path.join(__dirname, '..', '..', 'assets', 'lambda', 'index', 'index.js');
    expect(fs.existsSync(bundle)).toBe(true);
    const cwd = process.cwd();
    try {
      process.chdir(os.tmpdir());
      const stack = newStack();
      WorkspacesProvider.getOrCreate(stack);
      const asset = stack.node.findAll().find(c => c instanceof s3assets.Asset) as s3assets.Asset;
      const reference = new s3assets.Asset(newStack(), 'Reference', { path: path.dirname(bundle) });
      expect(asset.assetHash).toBe(reference.assetHash);
      expect(() => Template.fromStack(stack)).not.toThrow();
    } finally {
      process.chdir(cwd);
    }
  });

  test('framework: 30 s polls for at most one hour, its own log group, waiter logging and tracing on', () => {
    const stack = newStack();
    WorkspacesProvider.getOrCreate(stack);
    const template = Template.fromStack(stack);

    const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0] as any;
    const definition = JSON.stringify(machine.Properties.DefinitionString);
    expect(definition).toContain('\\"IntervalSeconds\\":30');
    expect(definition).toContain('\\"MaxAttempts\\":120'); // 120 x 30 s = 1 hour
    expect(definition).toContain('\\"BackoffRate\\":1');
    expect(machine.Properties.LoggingConfiguration).toEqual({
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [expect.stringMatching(/WaiterLogs/), 'Arn'] } } }],
      IncludeExecutionData: false,
      Level: 'ALL',
    });
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['xray:PutTraceSegments']) })]) },
    });

    const frameworkFunctions = Object.values(template.findResources('AWS::Lambda::Function', {
      Properties: { Handler: Match.stringLikeRegexp('^framework\\.') },
    })) as any[];
    expect(frameworkFunctions).toHaveLength(3);
    for (const fn of frameworkFunctions) expect(fn.Properties.LoggingConfig.LogGroup.Ref).toMatch(/FrameworkLogs/);
  });

  test('the handler role starts with its own log permissions only', () => {
    const stack = newStack();
    WorkspacesProvider.getOrCreate(stack);
    expect(handlerStatements(stack)).toEqual([
      { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/OnEventHandlerLogs/), 'Arn'] } },
      { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/IsCompleteHandlerLogs/), 'Arn'] } },
    ]);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('statements added by constructs are rendered once, whoever adds them', () => {
    const stack = newStack();
    const directory = importedDirectory(stack);
    new Workspace(stack, 'A', { directory, userName: 'alice', bundle: importedBundle(stack) });
    const once = handlerStatements(stack).length;

    const stack2 = newStack();
    const directory2 = importedDirectory(stack2);
    const bundle2 = importedBundle(stack2);
    for (const user of ['alice', 'bob', 'carol']) new Workspace(stack2, user, { directory: directory2, userName: user, bundle: bundle2 });
    expect(handlerStatements(stack2)).toHaveLength(once);
  });

  test('cdk-nag suppressions are recorded as metadata, with reasons, on the resources that need them', () => {
    const stack = newStack();
    WorkspacesProvider.getOrCreate(stack);
    const template = Template.fromStack(stack);
    const suppressed = (type: string, props: object) => Object.values(template.findResources(type, props)) as any[];
    const ids = (resource: any) => resource.Metadata.cdk_nag.rules_to_suppress.map((r: any) => r.id);

    for (const fn of suppressed('AWS::Lambda::Function', { Properties: { Handler: Match.stringLikeRegexp('^framework\\.') } })) {
      expect(ids(fn)).toEqual(['AwsSolutions-IAM4', 'AwsSolutions-IAM5', 'AwsSolutions-L1']);
    }
    for (const fn of Object.values(userFunctions(template)) as any[]) expect(ids(fn)).toEqual(['AwsSolutions-L1']);
    const handlerRole = suppressed('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('cdk-workspaces') } });
    expect(ids(handlerRole[0])).toEqual(['AwsSolutions-IAM5']);
    for (const resource of Object.values(template.toJSON().Resources) as any[]) {
      for (const rule of resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) expect(rule.reason.length).toBeGreaterThan(20);
    }
    // Log groups and the state machine's logging need no suppression: they are configured.
    for (const group of suppressed('AWS::Logs::LogGroup', {})) expect(group.Metadata).toBeUndefined();
  });

  describe('granted WorkSpaces actions are exactly the calls of each handler', () => {
    const lambdaDir = path.join(__dirname, '..', '..', 'lambda');
    /** `workspaces:<Operation>` for every `new <Operation>Command(` in the handler files of one resource type. */
    const calls = (...entries: string[]) => {
      const files = entries.flatMap(entry => {
        const full = path.join(lambdaDir, entry);
        if (!fs.existsSync(full)) return [];
        return fs.statSync(full).isDirectory() ? fs.readdirSync(full, { recursive: true }).map(f => path.join(full, String(f))) : [full];
      }).filter(f => f.endsWith('.ts'));
      const operations = files.flatMap(f => [...fs.readFileSync(f, 'utf8').matchAll(/new (\w+)Command\(/g)].map(m => `workspaces:${m[1]}`));
      return [...new Set(operations)].sort();
    };
    const granted = (stack: Stack) => [...new Set(handlerStatements(stack).flatMap((s: any) => [s.Action].flat()))]
      .filter(action => action.startsWith('workspaces:')).sort();

    test('Custom::WorkSpacesWorkspace', () => {
      const stack = newStack();
      new Workspace(stack, 'W', { directory: importedDirectory(stack), userName: 'alice', bundle: importedBundle(stack) });
      expect(granted(stack)).toEqual(calls('workspace.ts', 'workspace', 'common'));
    });

    test('Custom::WorkSpacesDirectory', () => {
      const stack = newStack();
      new WorkspacesDirectory(stack, 'D', { directoryId: 'd-1234567890' });
      expect(granted(stack)).toEqual(calls('directory.ts', 'directory', 'common'));
    });
  });
});
