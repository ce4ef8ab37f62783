import type { Config } from 'jest';

/**
 * Three tiers, each runnable alone with `jest --selectProjects <tier>`:
 * unit (*.spec.ts, no services), int (*.int-spec.ts, real engines) and e2e (*.e2e-spec.ts,
 * real apps). int and e2e share one local stack, brought up once per run by their global setup.
 */
const swcTransform: Config['transform'] = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        target: 'es2023',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    },
  ],
};

const shared = {
  rootDir: '.',
  transform: swcTransform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@pulse/(.*)$': '<rootDir>/libs/$1/src/index.ts' },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testEnvironment: 'node',
} satisfies Config;

const config: Config = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'int',
      testMatch: ['<rootDir>/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/stack-global-setup.ts',
      slowTestThreshold: 30,
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/e2e-global-setup.ts',
      slowTestThreshold: 60,
    },
  ],
};

export default config;
