// End-to-end suites start whole stacks (several node processes each): run them
// one file at a time, with time for real Kafka and ClickHouse round trips.
module.exports = require('../../jest.preset.js')(__dirname, {
  testMatch: ['<rootDir>/src/**/*.e2e.spec.ts'],
  testTimeout: 180_000,
});
