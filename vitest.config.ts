import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // End-to-end files mostly wait on Probot's write throttle (about one write a second): running a few at
    // once keeps `npm test` short even on two cores.
    maxWorkers: 4,
    // One fresh worker per file, chosen, not defaulted: handler tests intercept HTTP with nock (global state)
    // and several files stub process.env or timers. Saying so also stops Vitest's "faster with isolate: false"
    // tip at the end of every run.
    isolate: true,
  },
});
