/** Tests are compiled by @swc/jest with decorator metadata on (type-graphql needs it). */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  setupFiles: ['reflect-metadata'],
  // The generated Prisma client imports its siblings as './x.js' (node16 resolution); jest
  // resolves them to the .ts sources.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

module.exports = {
  testTimeout: 30000,
  projects: [
    {
      ...common,
      displayName: 'unit+integration+e2e',
      roots: ['<rootDir>/src', '<rootDir>/test/e2e', '<rootDir>/test/browser'],
      testMatch: ['**/*.test.ts'],
    },
    {
      // The built server, started as `npm start` starts it, on an embedded PGlite.
      ...common,
      displayName: 'smoke',
      roots: ['<rootDir>/test/smoke'],
      testMatch: ['**/*.test.ts'],
    },
  ],
};
