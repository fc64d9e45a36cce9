import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ProcessGroup, startProcessGroup } from '../../sandbox/harness/start-process-group.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The project's pinned Node 24 (the `node` devDependency) of this checkout. */
export const NODE24 = join(ROOT, 'node_modules', 'node', 'bin', 'node');

/** PATH with Node 24 first, so `npm`, `npx` and every `#!/usr/bin/env node` bin run on it. */
export const pathWithNode24 = (): string => `${dirname(NODE24)}:${process.env.PATH ?? ''}`;

/** A fresh temporary folder; `remove()` deletes it and everything in it. */
export const tempFolder = (prefix: string): { path: string; remove(): void } => {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
};

/**
 * Copies what a fresh clone of the working tree would hold into `target`: the files `git ls-files` lists
 * (tracked, and new files not yet added unless ignored), as they are now. Ignored files (node_modules, dist/,
 * .env) are left out, as a clone would.
 */
export const copyTrackedFiles = (target: string): number => {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).split('\0');
  let copied = 0;
  for (const file of listed) {
    if (file === '') continue;
    const source = join(ROOT, file);
    // A tracked file deleted in the working tree is not in a clone of the working tree either.
    if (!existsSync(source) || !lstatSync(source).isFile()) continue;
    mkdirSync(dirname(join(target, file)), { recursive: true });
    copyFileSync(source, join(target, file));
    copied += 1;
  }
  return copied;
};

/**
 * The machine's global npm config (registry, proxy CA file), as npm on the machine's own Node finds it: npm
 * run on the pinned Node 24 would look for it next to that Node instead, and miss it.
 */
const machineGlobalConfig = (): string | null => {
  // Under `npm test` the PATH starts with this checkout's node_modules/.bin (Node 24): left out to ask.
  const machinePath = (process.env.PATH ?? '')
    .split(':')
    .filter((dir) => !dir.startsWith(join(ROOT, 'node_modules')))
    .join(':');
  try {
    const path = execFileSync('npm', ['config', 'get', 'globalconfig'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: machinePath },
    }).trim();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
};
const GLOBAL_CONFIG = machineGlobalConfig();

/** Environment for npm in a test: Node 24 on the PATH, the machine's npm config and cache, no update or funding noise. */
export const npmEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: pathWithNode24(),
  HOME: process.env.HOME ?? tmpdir(),
  ...(GLOBAL_CONFIG ? { npm_config_globalconfig: GLOBAL_CONFIG } : {}),
  // The machine's extra certificate authorities (a registry behind a TLS-inspecting proxy), for Node itself.
  ...(process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : {}),
  npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME ?? tmpdir(), '.npm'),
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  ...extra,
});

/** A command in its own process group (the harness's), for the packaging tests. */
export type Started = ProcessGroup;
export const startGroup = startProcessGroup;
