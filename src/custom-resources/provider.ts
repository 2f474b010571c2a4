import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { suppressNag } from '../constructs/common';

/** The handler bundle, built by `projen bundle`; the same relative path from `src/` (tests) and `lib/` (package). */
const HANDLER_DIR = path.join(__dirname, '..', '..', 'assets', 'lambda', 'index');

/** Construct id of the provider under its stack: a contract with deployed stacks, never rename. */
const PROVIDER_ID = 'cdk-workspaces.WorkspacesProvider';

/** At least 30 s between polls: WorkSpaces throttles at about 2 calls/s (DESIGN.md, rule 4). */
const QUERY_INTERVAL = Duration.seconds(30);
/** CloudFormation gives up on a custom resource after 1 hour; the waiter must not outlive it (rule 5). */
const TOTAL_TIMEOUT = Duration.hours(1);
/** Handler, framework and waiter logs are the audit trail of every change made to WorkSpaces. */
const LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/**
 * The custom resource provider of every cdk-workspaces resource in a stack: one `onEvent` and
 * one `isComplete` Lambda function (one handler bundle, dispatching on the resource type) behind
 * the aws-cdk-lib Provider framework and its Step Functions waiter.
 *
 * Created on first use by `getOrCreate`. Its role starts with nothing but its log permissions;
 * each construct adds the statements its resource type needs with `addToRolePolicy`.
 */
export class WorkspacesProvider extends Construct implements iam.IGrantable {
  /** The provider of the stack of `scope`, created on first use. */
  public static getOrCreate(scope: IConstruct): WorkspacesProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID) as WorkspacesProvider | undefined;
    return existing ?? new WorkspacesProvider(stack, PROVIDER_ID);
  }

  /** The role of the handler functions. */
  public readonly grantPrincipal: iam.IPrincipal;

  private readonly role: iam.Role;
  private readonly provider: cr.Provider;

  private constructor(scope: Construct, id: string) {
    super(scope, id);

    this.role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'cdk-workspaces custom resource handlers (onEvent, isComplete)',
    });
    this.grantPrincipal = this.role;

    const code = lambda.Code.fromAsset(HANDLER_DIR);
    const handler = (name: 'onEvent' | 'isComplete', handlerId: string): lambda.Function => {
      const logGroup = new logs.LogGroup(this, `${handlerId}Logs`, { retention: LOG_RETENTION });
      logGroup.grantWrite(this.role);
      return new lambda.Function(this, handlerId, {
        code,
        handler: `index.${name}`,
        runtime: lambda.Runtime.NODEJS_22_X,
        role: this.role,
        logGroup,
        timeout: Duration.minutes(2),
        description: `cdk-workspaces ${name} handler`,
      });
    };
    const onEvent = handler('onEvent', 'OnEventHandler');
    const isComplete = handler('isComplete', 'IsCompleteHandler');

    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: QUERY_INTERVAL,
      totalTimeout: TOTAL_TIMEOUT,
      logGroup: new logs.LogGroup(this, 'FrameworkLogs', { retention: LOG_RETENTION }),
      disableWaiterStateMachineLogging: false,
      waiterStateMachineLogOptions: {
        destination: new logs.LogGroup(this, 'WaiterLogs', { retention: LOG_RETENTION }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    this.traceWaiter();

    suppressNag(this.role, [{
      id: 'AwsSolutions-IAM5',
      reason: 'WorkSpaces ids are only known after creation: statements are scoped to WorkSpaces ARNs of this account and region '
        + '(workspace/*, directory/*, workspacebundle/*, workspaceipgroup/*); Describe calls and the EC2/Directory Service calls '
        + 'that directory registration makes on the caller\'s behalf need "*".',
    }]);
    suppressNag(onEvent, [L1_HANDLER]);
    suppressNag(isComplete, [L1_HANDLER]);
    suppressNag(this.provider, FRAMEWORK_SUPPRESSIONS);
  }

  /** The service token of the custom resources. */
  public get serviceToken(): string {
    return this.provider.serviceToken;
  }

  /** Adds a statement to the handlers' role (identical statements are rendered once). */
  public addToRolePolicy(statement: iam.PolicyStatement): void {
    this.role.addToPrincipalPolicy(statement);
  }

  /**
   * X-Ray tracing of the waiter state machine (the Provider framework has no option for it).
   * Skipped if a future aws-cdk-lib lays the framework out differently.
   */
  private traceWaiter(): void {
    for (const child of this.provider.node.findAll()) {
      if (!(child instanceof sfn.CfnStateMachine)) continue;
      const role = child.node.scope?.node.tryFindChild('Role');
      if (!(role instanceof iam.Role)) continue;
      child.tracingConfiguration = { enabled: true };
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
        resources: ['*'],
      }));
    }
  }
}

const L1_HANDLER = {
  id: 'AwsSolutions-L1',
  reason: 'The handler bundle is built for Node.js 22 (esbuild target node22); a runtime change is a deliberate, tested change of cdk-workspaces.',
};

/** Findings on the aws-cdk-lib Provider framework's own functions, roles and state machine, which this library cannot change. */
const FRAMEWORK_SUPPRESSIONS = [
  {
    id: 'AwsSolutions-IAM4',
    reason: 'The Provider framework (aws-cdk-lib custom-resources) gives its functions AWSLambdaBasicExecutionRole; it cannot be configured.',
  },
  {
    id: 'AwsSolutions-IAM5',
    reason: 'The Provider framework grants lambda:InvokeFunction on "<function arn>:*" (all versions), and the waiter state machine '
      + 'needs "*" for CloudWatch Logs delivery and X-Ray; neither can be configured.',
  },
  {
    id: 'AwsSolutions-L1',
    reason: 'The runtime of the Provider framework functions is chosen by aws-cdk-lib; it cannot be configured.',
  },
];
