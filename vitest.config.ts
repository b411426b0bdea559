// Unit and integration tests: src/ and server/ (Playwright specs in e2e/ run separately).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'server/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['src/testing/fakeIndexedDb.ts'],
    testTimeout: 15_000,
  },
});
