// The shipped handler bundle (assets/, built by `npm test` before jest) loads and dispatches on
// its own, with its bundled SDK: what a consumer deploys, not the TypeScript sources.
import * as path from 'path';
import { cfnEvent } from '../support/provider-framework';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a built file, loaded at run time
const bundle = require(path.join(__dirname, '..', '..', 'assets', 'lambda', 'index', 'index.js'));

test('exports the two entry points the provider calls', () => {
  expect(typeof bundle.onEvent).toBe('function');
  expect(typeof bundle.isComplete).toBe('function');
});

test('dispatches on ResourceType: an unknown type is a clear error', async () => {
  await expect(bundle.onEvent(cfnEvent({ requestType: 'Create', resourceType: 'Custom::Unknown', properties: {} })))
    .rejects.toThrow('Unknown resource type Custom::Unknown; this handler serves Custom::WorkSpacesWorkspace, Custom::WorkSpacesDirectory');
});

test('a Delete of the placeholder id of a failed Create completes without calling the service', async () => {
  const event = cfnEvent({
    requestType: 'Delete',
    resourceType: 'Custom::WorkSpacesWorkspace',
    physicalResourceId: 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED',
    properties: { DirectoryId: 'd-1234567890', UserName: 'alice', BundleId: 'wsb-clj85qzj1' },
  });
  await expect(bundle.onEvent(event)).resolves.toEqual({ PhysicalResourceId: 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED' });
  await expect(bundle.isComplete(event)).resolves.toEqual({ IsComplete: true });
});
