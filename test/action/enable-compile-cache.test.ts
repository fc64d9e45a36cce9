import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPILE_CACHE_DIR, enableCompileCache } from '../../action/src/enable-compile-cache.ts';

// With RUNNER_TOOL_CACHE the cache is turned on for the whole process: here `enable` is the test's own; the
// real one runs in a child process, the built action's (test/action/dist-load-path.test.ts: written there, a
// damaged entry compiled around).
describe('enableCompileCache', () => {
  let root: string;
  let enabled: string[];
  let debugged: string[];
  const deps = () => ({
    enable: (directory: string) => {
      enabled.push(directory);
      return { directory };
    },
    debug: (message: string) => debugged.push(message),
  });
  const uid = process.getuid?.() ?? null;
  const asRoot = uid === 0;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'change-gate-tool-cache-'));
    chmodSync(root, 0o755);
    enabled = [];
    debugged = [];
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('caches nothing outside a runner (no RUNNER_TOOL_CACHE), never the shared temporary directory', () => {
    expect(enableCompileCache({}, deps())).toBeNull();
    expect(enableCompileCache({ RUNNER_TOOL_CACHE: '', TMPDIR: '/tmp' }, deps())).toBeNull();
    expect(enabled).toEqual([]);
  });

  it('caches nothing on a GitHub-hosted runner: its machine runs one job, no later one could read it', () => {
    expect(
      enableCompileCache({ RUNNER_TOOL_CACHE: root, RUNNER_ENVIRONMENT: 'github-hosted' }, deps()),
    ).toBeNull();
    expect(enabled).toEqual([]);
    // Nothing is created there either.
    expect(() => lstatSync(join(root, COMPILE_CACHE_DIR))).toThrow();
  });

  it.skipIf(uid === null)(
    'uses its own directory, created 0700, in a tool cache that is the user’s alone',
    () => {
      const directory = join(root, COMPILE_CACHE_DIR);
      expect(enableCompileCache({ RUNNER_TOOL_CACHE: root, RUNNER_ENVIRONMENT: 'self-hosted' }, deps())).toBe(
        directory,
      );
      expect(enabled).toEqual([directory]);
      expect(lstatSync(directory).mode & 0o777).toBe(0o700);
      // The next run finds it as it left it.
      expect(enableCompileCache({ RUNNER_TOOL_CACHE: root }, deps())).toBe(directory);
      expect(debugged).toEqual([]);
    },
  );

  it('refuses a tool cache or a directory writable by its group or other users', () => {
    chmodSync(root, 0o777);
    expect(enableCompileCache({ RUNNER_TOOL_CACHE: root }, deps())).toBeNull();
    chmodSync(root, 0o775);
    expect(enableCompileCache({ RUNNER_TOOL_CACHE: root }, deps())).toBeNull();
    chmodSync(root, 0o755);
    mkdirSync(join(root, COMPILE_CACHE_DIR), { mode: 0o700 });
    chmodSync(join(root, COMPILE_CACHE_DIR), 0o777);
    expect(enableCompileCache({ RUNNER_TOOL_CACHE: root }, deps())).toBeNull();
    expect(enabled).toEqual([]);
    expect(debugged).toHaveLength(3);
    expect(debugged[0]).toMatch(/writable by its group or other users/);
    expect(debugged[2]).toContain(COMPILE_CACHE_DIR);
  });

  it('refuses a directory planted as a symbolic link, or a file', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'change-gate-planted-'));
    chmodSync(elsewhere, 0o700);
    try {
      symlinkSync(elsewhere, join(root, COMPILE_CACHE_DIR));
      expect(enableCompileCache({ RUNNER_TOOL_CACHE: root }, deps())).toBeNull();
      expect(debugged[0]).toMatch(/symbolic link/);
      const linked = join(root, 'linked-tool-cache');
      symlinkSync(elsewhere, linked);
      expect(enableCompileCache({ RUNNER_TOOL_CACHE: linked }, deps())).toBeNull();
      expect(enabled).toEqual([]);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it.skipIf(!asRoot)('refuses a tool cache or a directory owned by another user (chown nobody)', () => {
    const nobody = 65534;
    chownSync(root, nobody, nobody);
    expect(enableCompileCache({ RUNNER_TOOL_CACHE: root }, deps())).toBeNull();
    expect(debugged[0]).toMatch(/owned by user 65534/);
    chownSync(root, 0, 0);
    mkdirSync(join(root, COMPILE_CACHE_DIR), { mode: 0o700 });
    chownSync(join(root, COMPILE_CACHE_DIR), nobody, nobody);
    expect(enableCompileCache({ RUNNER_TOOL_CACHE: root }, deps())).toBeNull();
    expect(debugged[1]).toMatch(/owned by user 65534/);
    expect(enabled).toEqual([]);
  });

  it('caches nothing where there is no user id to check (Windows), or the tool cache is missing', () => {
    expect(enableCompileCache({ RUNNER_TOOL_CACHE: root }, { ...deps(), uid: null })).toBeNull();
    expect(enableCompileCache({ RUNNER_TOOL_CACHE: join(root, 'missing') }, deps())).toBeNull();
    expect(enabled).toEqual([]);
    expect(debugged).toHaveLength(2);
  });
});
