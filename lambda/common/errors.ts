// Every failure reaches CloudFormation as "<ErrorCode>: <message> (resource <id>). <what to do>".

/** The service's answers to "too many calls": retried in onEvent (bounded), "not yet" in isComplete. */
const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']);

/** Errors that mean "not yet": the step is retried on the next isComplete poll. */
const TRANSIENT = new Set([
  ...THROTTLING,
  'OperationInProgressException',
  'InvalidResourceStateException',
]);

const ADVICE: Record<string, string> = {
  AccessDeniedException: 'The handler role lacks a permission cdk-workspaces grants it; check permission boundaries and SCPs.',
  InvalidParameterValuesException: 'The service rejected a value; correct it in the construct props and deploy again.',
  InvalidParameterCombinationException: 'The service rejected a combination of values; correct the construct props and deploy again.',
  ResourceLimitExceededException: 'A WorkSpaces quota was reached; raise it in Service Quotas or remove unused resources.',
  ResourceNotFoundException: 'The resource does not exist (deleted outside CloudFormation?); recreate it or remove it from the stack.',
  ResourceAlreadyExistsException: 'The resource already exists outside this stack; import it with the construct\'s from* method instead.',
  WorkspacesDefaultRoleNotFoundException: 'Create the workspaces_DefaultRole IAM role first (the WorkspacesDefaultRole construct) and pass it to WorkspacesDirectory.',
  UnsupportedWorkspaceConfigurationException: 'The service does not support this configuration for this WorkSpace; choose another compute type or bundle.',
  UnsupportedNetworkConfigurationException: 'The subnets are not supported by WorkSpaces (check their Availability Zones).',
  OperationNotSupportedException: 'The service does not support this operation for this resource.',
  PropertyError: 'The construct and the handler disagree: synthesize the stack with the cdk-workspaces version that deployed it.',
  ValidationException: 'The request did not match the WorkSpaces API: this is a bug in cdk-workspaces, please report it.',
};

/** A failure with a message a person can act on; `code` is the service's error code. */
export class HandlerError extends Error {
  constructor(readonly code: string, message: string, readonly resourceId: string | undefined, advice?: string) {
    super(`${code}: ${message}${resourceId ? ` (resource ${resourceId})` : ''}. ${advice ?? ADVICE[code] ?? 'See the Amazon WorkSpaces documentation for this error code.'}`);
    this.name = 'HandlerError';
  }
}

export function errorName(e: unknown): string {
  return (e as { name?: string })?.name ?? 'Error';
}

export function isThrottling(e: unknown): boolean {
  return THROTTLING.has(errorName(e));
}

export function isTransient(e: unknown): boolean {
  return TRANSIENT.has(errorName(e)) || (e as { $retryable?: unknown })?.$retryable !== undefined;
}

/** Wraps any error in a HandlerError naming the resource (HandlerErrors pass unchanged). */
export function toHandlerError(e: unknown, resourceId: string | undefined): Error {
  if (e instanceof HandlerError) return e;
  const message = (e as Error)?.message || String(e);
  return new HandlerError(errorName(e), message.replace(/\.$/, ''), resourceId);
}

/** `FailedRequests` in a 200 response is a failure, never a success with nothing in it. */
export function failIfFailedRequests(
  failed: ReadonlyArray<{ ErrorCode?: string; ErrorMessage?: string }> | undefined,
  resourceId: string | undefined,
): void {
  const first = failed?.[0];
  if (first) {
    throw new HandlerError(first.ErrorCode ?? 'FailedRequest', (first.ErrorMessage ?? 'the request failed').replace(/\.$/, ''), resourceId);
  }
}
