import { failIfFailedRequests, HandlerError, isThrottling, isTransient, toHandlerError } from '../../../lambda/common/errors';

const named = (name: string, message = 'm') => Object.assign(new Error(message), { name });

test('a HandlerError says the error code, the message, the resource and what to do', () => {
  expect(new HandlerError('ResourceLimitExceededException', 'too many WorkSpaces', 'ws-abcdefgh1').message).toBe(
    'ResourceLimitExceededException: too many WorkSpaces (resource ws-abcdefgh1). '
    + 'A WorkSpaces quota was reached; raise it in Service Quotas or remove unused resources.');
});

test('toHandlerError names the resource and keeps HandlerErrors as they are', () => {
  const e = toHandlerError(named('AccessDeniedException', 'not allowed.'), 'd-1234567890');
  expect(e.message).toMatch(/^AccessDeniedException: not allowed \(resource d-1234567890\)\. The handler role lacks a permission/);
  const h = new HandlerError('X', 'y', undefined, 'z');
  expect(toHandlerError(h, 'ws-abcdefgh1')).toBe(h);
  expect(toHandlerError(named('SomethingNew'), undefined).message).toBe('SomethingNew: m. See the Amazon WorkSpaces documentation for this error code.');
});

test('transient errors: throttling, operation in progress, invalid state, and what the SDK marks retryable', () => {
  for (const name of ['ThrottlingException', 'OperationInProgressException', 'InvalidResourceStateException']) {
    expect(isTransient(named(name))).toBe(true);
  }
  expect(isTransient(Object.assign(named('InternalFailure'), { $retryable: {} }))).toBe(true);
  expect(isTransient(named('AccessDeniedException'))).toBe(false);
  expect(isTransient(named('ResourceNotFoundException', 'not found, invalid state'))).toBe(false);
  expect(isThrottling(named('ThrottlingException'))).toBe(true);
  expect(isThrottling(named('OperationInProgressException'))).toBe(false);
});

test('FailedRequests in a 200 response is a failure with the service\'s code and message', () => {
  expect(() => failIfFailedRequests([], 'ws-abcdefgh1')).not.toThrow();
  expect(() => failIfFailedRequests(undefined, 'ws-abcdefgh1')).not.toThrow();
  expect(() => failIfFailedRequests([{ ErrorCode: 'ResourceNotFound.User', ErrorMessage: 'The user was not found.' }], 'ws-abcdefgh1'))
    .toThrow('ResourceNotFound.User: The user was not found (resource ws-abcdefgh1).');
});
