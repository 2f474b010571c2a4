import { Token } from 'aws-cdk-lib';
import { newStack } from './helpers';
import { Bundle } from '../../src';

describe('Bundle', () => {
  test('fromBundleId', () => {
    const bundle = Bundle.fromBundleId(newStack(), 'Bundle', 'wsb-abcdefgh1');
    expect(bundle.bundleId).toBe('wsb-abcdefgh1');
    expect(bundle.node.path).toBe('Stack/Bundle');
  });

  test.each(['ws-abcdefgh1', 'wsb-ABCDEFGH1', 'wsb-abc', ''])('bundle id %j is refused', (bundleId) => {
    expect(() => Bundle.fromBundleId(newStack(), 'Bundle', bundleId))
      .toThrow(`[Stack/Bundle] bundleId: got "${bundleId}"; allowed: a bundle id such as wsb-0123456789`);
  });

  test('a token is not checked', () => {
    const stack = newStack();
    const bundle = Bundle.fromBundleId(stack, 'Bundle', Token.asString({ Ref: 'BundleId' }));
    expect(stack.resolve(bundle.bundleId)).toEqual({ Ref: 'BundleId' });
  });
});
