import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/noOpenHandles.ts', 'test/setup/hasAssertions.ts', 'test/setup/fastCheckSeed.ts'],
    typecheck: {
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
