import { describe, expect, it } from 'vitest';
import { enableCompileCache } from '../../action/src/enable-compile-cache.ts';

// With RUNNER_TOOL_CACHE the cache is turned on for the whole process: that case runs in a child process, the
// built action's (test/action/dist-load-path.test.ts: written there, a damaged entry compiled around).
describe('enableCompileCache', () => {
  it('caches nothing outside a runner (no RUNNER_TOOL_CACHE), never the shared temporary directory', () => {
    expect(enableCompileCache({})).toBeNull();
    expect(enableCompileCache({ RUNNER_TOOL_CACHE: '', TMPDIR: '/tmp' })).toBeNull();
  });
});
