import { awscdk, javascript, JsonFile } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

// The oldest aws-cdk-lib release with CfnWorkspaceIpGroup (AWS::WorkSpaces::WorkspaceIpGroup).
// It also has the Provider framework fix for retried requests (aws-cdk #35957).
const CDK_VERSION = '2.264.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-workspaces',
  description: 'AWS CDK constructs for Amazon WorkSpaces: directory registration, WorkSpaces, IP groups, with safe in-place updates',
  author: 'cdk-workspaces maintainers',
  authorAddress: 'maintainers@cdk-workspaces.dev',
  repositoryUrl: 'https://github.com/cdk-workspaces/cdk-workspaces.git',
  keywords: ['aws-cdk', 'workspaces', 'amazon-workspaces', 'vdi', 'custom-resource'],
  cdkVersion: CDK_VERSION,
  constructsVersion: '10.5.1',
  defaultReleaseBranch: 'main',
  minNodeVersion: '20.16.0',
  jsiiVersion: '~6.0.0',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  github: false,
  release: false,

  publishToPypi: { distName: 'cdk-workspaces', module: 'cdk_workspaces' },
  publishToMaven: {
    javaPackage: 'io.github.cdkworkspaces',
    mavenGroupId: 'io.github.cdk-workspaces',
    mavenArtifactId: 'cdk-workspaces',
  },
  publishToNuget: { dotNetNamespace: 'CdkWorkspaces', packageId: 'CdkWorkspaces' },
  publishToGo: { moduleName: 'github.com/cdk-workspaces/cdk-workspaces-go' },

  // Handler dependencies are bundled into assets/ at build time, never runtime deps.
  devDeps: [
    '@aws-sdk/client-workspaces@~3.1048.0',
    'aws-sdk-client-mock@4.1.0',
    'aws-sdk-client-mock-jest@4.1.0',
    '@types/aws-lambda@^8',
  ],
  bundlerOptions: { esbuildVersion: '^0.25' },
  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      snapshotSerializers: ['<rootDir>/test/support/mask-asset-hashes.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/quiet-handler-logs.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
    },
  },
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'lambda', 'examples', 'bench'] },
  gitignore: ['/assets/', 'cdk.out/', '.bench/'],
});

// The task environment: jsii warns loudly on Node 20 otherwise.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// Handlers and examples are outside the jsii sources: give eslint and editors a tsconfig there.
for (const dir of ['lambda', 'examples']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: {
      extends: '../tsconfig.json',
      compilerOptions: { noEmit: true, rootDir: '..' },
      include: ['**/*.ts'],
      exclude: ['node_modules'],
    },
  });
}

// One handler bundle for every custom resource: SDK included, minified, shipped in the package.
const handler = project.bundler.addBundle('./lambda/index.ts', {
  platform: 'node',
  target: 'node22',
  externals: [],
  minify: true,
  sourcemap: false,
  // The SDK's ES modules let esbuild drop the commands the handlers never send.
  mainFields: ['module', 'main'],
});
project.npmignore?.addPatterns('/lambda/', '/examples/', '/bench/', '/.ci/', 'cdk.out/', '!/assets/');

// `npm test` on a fresh clone: re-synthesize projen (drift shows in git), build the handler
// bundle the constructs load, type-check handlers/tests/examples, then jest and eslint.
project.testTask.prependExec('tsc --noEmit -p test/tsconfig.json');
project.testTask.prependSpawn(handler.bundleTask);
project.testTask.prependSpawn(project.defaultTask!);

// `npm run example`: synthesize examples/ into cdk.out/ and print a summary.
project.addTask('example', {
  description: 'Synthesize the example WorkSpaces environment into cdk.out/ and print a summary',
  steps: [
    { spawn: handler.bundleTask.name },
    { exec: 'ts-node --project test/tsconfig.json examples/main.ts' },
  ],
});

// CI and this machine cannot reach the PyPI/Maven/NuGet/Go registries: `package` builds the npm
// package; `package:check-languages` generates the other languages' code offline.
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);
project.addTask('package:check-languages', {
  description: 'Generate Python, Java, .NET and Go sources offline (no registry access needed)',
  exec: 'jsii-pacmak --code-only --target python --target java --target dotnet --target go',
});

project.synth();
