// One jest configuration; TZ is pinned to UTC so that no test depends on the
// machine's time zone (RULES §2: the youth boundary is compared as text anyway).
process.env.TZ = 'UTC';

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/browser/'],
  maxWorkers: 2,
  // HTTP test files boot the real app and migrate a fresh database in beforeAll: on a busy
  // 2-core machine (or PostgreSQL) that can exceed jest's 5 s default.
  testTimeout: 30000,
};
