/**
 * The layering of the brief, checked on every test run:
 * apps may import libs; libs never import apps; no app imports another; no cycles;
 * kafkajs only inside libs/kafka (our port to the log); test helpers only from tests.
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'libs-not-to-apps',
      comment: 'libs are building blocks; an app is a deployable that composes them',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-app-to-other-app',
      comment: 'apps talk through Kafka and GraphQL, never through imports',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'runtime-not-to-tools',
      comment: 'tools/ is developer tooling; nothing that ships may depend on it',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { path: '^tools/' },
    },
    {
      name: 'kafkajs-only-in-kafka-lib',
      comment: 'kafkajs stays behind our Kafka port so that the client can be swapped',
      severity: 'error',
      from: { pathNot: '^libs/kafka/' },
      to: { path: 'node_modules/kafkajs/' },
    },
    {
      name: 'test-helpers-only-in-tests',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: ['\\.(spec|int-spec|e2e-spec)\\.ts$', '^libs/testing/'] },
      to: { path: '^libs/testing/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
