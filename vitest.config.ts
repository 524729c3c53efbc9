import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** This checkout's source for a package entry point (the exports map points at dist/, which only a build writes). */
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // test/example-frontend imports mockgram by its package names, as a user's project does (tsconfig.json: paths).
    alias: [
      { find: /^mockgram$/, replacement: source('./src/index.ts') },
      { find: /^mockgram\/client$/, replacement: source('./src/client/index.ts') },
      { find: /^mockgram\/msw$/, replacement: source('./src/msw/node.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
