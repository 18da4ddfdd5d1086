import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // The dist and CLI tests build the bundle once; run files in parallel otherwise.
    globalSetup: ['test/global-setup.ts'],
  },
});
