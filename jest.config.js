// Nest 12 ships as ES modules, which Jest loads only in its native ESM mode
// (node --experimental-vm-modules); @swc/jest keeps decorator metadata.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { swcrc: true }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // Kafka integration tests need the real broker: `npm run test:kafka`.
  testPathIgnorePatterns: ['/node_modules/', '/test/kafka/'],
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
};
