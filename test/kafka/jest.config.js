// Jest config of the Kafka integration tests (npm run test:kafka): the real broker started
// by scripts/kafka/start.sh. Kept out of the default run (jest.config.js ignores /test/kafka/).
import base from '../../jest.config.js';

export default {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/kafka/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120_000,
  maxWorkers: 1,
};
