// Shared jest settings: swc for speed (with decorator metadata for Nest), and
// @switchyard/* libs mapped to their sources so unit tests never need a build.
const fs = require('node:fs');
const path = require('node:path');

module.exports = function jestPreset(projectDir, overrides = {}) {
  const libsDir = path.join(__dirname, 'libs');
  return {
    rootDir: projectDir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            target: 'es2023',
          },
          module: { type: 'commonjs' },
          sourceMaps: 'inline',
        },
      ],
    },
    moduleNameMapper: Object.fromEntries(
      fs.readdirSync(libsDir).map((name) => [`^@switchyard/${name}$`, `${libsDir}/${name}/src/index.ts`]),
    ),
    // A failing test can leave a server or timer open (a session test once
    // did, and CI waited for it until its 90 minutes were up): end the run
    // with the failure instead. Tests still clean up after themselves.
    forceExit: true,
    ...overrides,
  };
};
