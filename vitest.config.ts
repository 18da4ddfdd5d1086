import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // The dist and CLI tests build the bundle once; run files in parallel otherwise.
    globalSetup: ['test/global-setup.ts'],
    // Every document the plain YAML reader accepts is read by the yaml composer too, in every
    // test and in every CLI the tests start: any difference throws (src/manifests/yaml-positions.ts).
    env: { TG_YAML_CROSSCHECK: '1' },
  },
});
