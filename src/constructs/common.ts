// Small helpers shared by every construct: ARNs, metrics, lazy tags, cdk-nag suppressions.
import { CfnResource, Lazy, Stack, TagManager } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';

/** WorkSpaces resource types as they appear in ARNs. */
export type WorkspacesArnResource = 'workspace' | 'directory' | 'workspacebundle' | 'workspaceipgroup';

/**
 * `arn:<partition>:workspaces:<region>:<account>:<resource>/<name>` in the stack of `scope`.
 *
 * Bundles get any account: Amazon-owned public bundles have ARNs without one.
 */
export function workspacesArn(scope: IConstruct, resource: WorkspacesArnResource, name: string): string {
  return Stack.of(scope).formatArn({
    service: 'workspaces',
    resource,
    resourceName: name,
    account: resource === 'workspacebundle' ? '*' : undefined,
  });
}

/** A metric in the `AWS/WorkSpaces` namespace. */
export function workspacesMetric(
  scope: IConstruct, dimensionsMap: Record<string, string>, metricName: string, props?: cloudwatch.MetricOptions,
): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: 'AWS/WorkSpaces', metricName, dimensionsMap, ...props }).attachTo(scope);
}

/** Renders a tag manager's tags at synth time, so that `Tags.of()` reaches them; absent when empty. */
export function renderTags(tags: TagManager): any {
  return Lazy.any({ produce: () => tags.renderTags() }, { omitEmptyArray: true });
}

/** `obj` without its undefined members, or undefined when none is left (send only what the user set). */
export function definedOnly<T extends object>(obj: T): T | undefined {
  const entries = Object.entries(obj).filter(([, v]) => v !== undefined);
  return entries.length > 0 ? Object.fromEntries(entries) as T : undefined;
}

/** `true` → `ENABLED`, `false` → `DISABLED` (the API's `ReconnectEnum`), undefined stays undefined. */
export function enabledOrDisabled(value?: boolean): string | undefined {
  return value === undefined ? undefined : value ? 'ENABLED' : 'DISABLED';
}

/** A cdk-nag finding that cannot be fixed, and why. */
export interface NagSuppression {
  readonly id: string;
  readonly reason: string;
}

/**
 * Records cdk-nag suppressions as `cdk_nag` metadata on every CloudFormation resource under
 * `scope` (the format cdk-nag reads), without depending on cdk-nag.
 */
export function suppressNag(scope: IConstruct, suppressions: NagSuppression[]): void {
  for (const child of scope.node.findAll()) {
    if (!CfnResource.isCfnResource(child)) continue;
    const existing: NagSuppression[] = child.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
    const added = suppressions.filter(s => !existing.some(e => e.id === s.id));
    child.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...added] });
  }
}
