import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { suppressNag } from './common';

/**
 * The `workspaces_DefaultRole` IAM role, which Amazon WorkSpaces assumes to reach your account
 * (network interfaces, self-service actions). A directory cannot be registered without it.
 *
 * The service fixes its name, so there is one per account: create it in exactly one stack, and
 * use `WorkspacesDefaultRole.fromExisting` everywhere else (or in every stack if it was made by
 * the console). Every registered directory of the account needs it, so it is retained when its
 * stack is deleted (WorkSpaces and their registrations usually outlive the stack too).
 *
 * @example
 * const defaultRole = new WorkspacesDefaultRole(this, 'DefaultRole');
 * new WorkspacesDirectory(this, 'Directory', { directoryId: 'd-0123456789', defaultRole });
 */
export interface WorkspacesDefaultRoleProps {
  /**
   * What happens to the role when it leaves the stack. Deleting it breaks every registered
   * directory of the account, including the WorkSpaces this library retains by default.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

export class WorkspacesDefaultRole extends iam.Role {
  /** The role name, fixed by the service. */
  public static readonly ROLE_NAME = 'workspaces_DefaultRole';

  /** The account's existing `workspaces_DefaultRole` (made by the console or another stack). */
  public static fromExisting(scope: Construct, id: string): iam.IRole {
    return iam.Role.fromRoleName(scope, id, WorkspacesDefaultRole.ROLE_NAME, { mutable: false });
  }

  /** Defines `workspaces_DefaultRole`: at most one per account. */
  constructor(scope: Construct, id: string, props: WorkspacesDefaultRoleProps = {}) {
    super(scope, id, {
      roleName: WorkspacesDefaultRole.ROLE_NAME,
      assumedBy: new iam.ServicePrincipal('workspaces.amazonaws.com'),
      description: 'Lets Amazon WorkSpaces reach this account (network interfaces, self-service actions)',
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonWorkSpacesServiceAccess'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonWorkSpacesSelfServiceAccess'),
      ],
    });
    this.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    suppressNag(this, [{
      id: 'AwsSolutions-IAM4',
      reason: 'Amazon WorkSpaces documents workspaces_DefaultRole with these AWS managed policies, which it maintains as the service changes.',
    }]);
  }
}
