import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const DIST = fileURLToPath(new URL('../../action/dist/index.js', import.meta.url));
const MANIFEST = fileURLToPath(new URL('../../action/action.yml', import.meta.url));

// The one expression action.yml uses in a default; the runner evaluates it to the job's token.
const GITHUB_TOKEN_EXPRESSION = ['$', '{{ github.token }}'].join('');

/** The runner sets `INPUT_<NAME>` for every input that has a default in action.yml. */
const inputDefaults = (token: string): Record<string, string> => {
  const manifest = parse(readFileSync(MANIFEST, 'utf8')) as {
    inputs?: Record<string, { default?: unknown }>;
  };
  return Object.fromEntries(
    Object.entries(manifest.inputs ?? {}).flatMap(([name, input]) =>
      input.default === undefined
        ? []
        : [[name, String(input.default).replace(GITHUB_TOKEN_EXPRESSION, token)]],
    ),
  );
};

export interface RunnerResult {
  /** Exit code of the step: 0 passed, 1 failed (`core.setFailed`). */
  code: number;
  stdout: string;
  /** What the step wrote to `GITHUB_OUTPUT`. */
  outputs: Record<string, string>;
  /** What the step exported through `GITHUB_ENV` (the runner hands it to later steps). */
  env: Record<string, string>;
  /** What the step wrote to `GITHUB_STEP_SUMMARY`. */
  summary: string;
  /** The workspace files named in `readFiles`, as the step left them (absent when not written). */
  files: Record<string, string>;
}

export interface RunActionOptions {
  /** The REST base URL (`GITHUB_API_URL`), e.g. the simulator's `/api/v3`. */
  apiUrl: string;
  /** The job's `GITHUB_TOKEN`. */
  token: string;
  repository: string;
  sha: string;
  /** The action's inputs by their names in action.yml; the others take action.yml's defaults. */
  inputs: Record<string, string>;
  /** Extra environment, e.g. what an earlier step exported. */
  env?: Record<string, string>;
  branch?: string;
  runId?: number;
  timeoutMs?: number;
  /** Workspace files (relative paths) to read back after the step, e.g. a report it wrote. */
  readFiles?: string[];
  /** Another build of the action to run (a benchmark comparing two); default: the committed `action/dist/index.js`. */
  entry?: string;
}

/**
 * Runs the committed bundle `action/dist/index.js` the way the GitHub Actions runner does: on Node,
 * with `INPUT_*` variables, `GITHUB_OUTPUT`, `GITHUB_ENV`, `GITHUB_STEP_SUMMARY` and `GITHUB_EVENT_PATH`.
 */
export const runAction = async (options: RunActionOptions): Promise<RunnerResult> => {
  const dir = mkdtempSync(join(tmpdir(), 'change-gate-runner-'));
  // A runner's tool cache exists and is its user's alone (the action caches nothing in any other).
  mkdirSync(join(dir, 'tool-cache'), { mode: 0o700 });
  const files = {
    output: join(dir, 'output'),
    env: join(dir, 'env'),
    summary: join(dir, 'summary'),
    event: join(dir, 'event.json'),
  };
  for (const file of [files.output, files.env, files.summary]) writeFileSync(file, '');
  const branch = options.branch ?? 'main';
  writeFileSync(
    files.event,
    JSON.stringify({
      ref: `refs/heads/${branch}`,
      after: options.sha,
      repository: { full_name: options.repository },
    }),
  );
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: options.repository,
    GITHUB_SHA: options.sha,
    GITHUB_REF: `refs/heads/${branch}`,
    GITHUB_REF_TYPE: 'branch',
    GITHUB_REF_NAME: branch,
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: options.apiUrl.replace(/\/api\/v3$/, ''),
    GITHUB_RUN_ID: String(options.runId ?? 1),
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_WORKSPACE: dir,
    // As on a GitHub-hosted runner: `RUNNER_TOOL_CACHE` is set (an empty directory), but the action keeps no
    // compile cache there because `RUNNER_ENVIRONMENT` is `github-hosted`. Pass `env` with `RUNNER_ENVIRONMENT:
    // 'self-hosted'` and a `RUNNER_TOOL_CACHE` of your own to keep one between runs, as a self-hosted runner does.
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TOOL_CACHE: join(dir, 'tool-cache'),
    // The runner upper-cases input names and keeps their dashes.
    ...Object.fromEntries(
      Object.entries({ ...inputDefaults(options.token), ...options.inputs }).map(([name, value]) => [
        `INPUT_${name.toUpperCase()}`,
        value,
      ]),
    ),
    ...options.env,
  };
  try {
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [options.entry ?? DIST],
        { env, timeout: options.timeoutMs ?? 60_000 },
        (error, out) => {
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout: out });
        },
      );
    });
    return {
      code,
      stdout,
      outputs: readRunnerFile(files.output),
      env: readRunnerFile(files.env),
      summary: readFileSync(files.summary, 'utf8'),
      files: Object.fromEntries(
        (options.readFiles ?? []).flatMap((file) =>
          existsSync(join(dir, file)) ? [[file, readFileSync(join(dir, file), 'utf8')]] : [],
        ),
      ),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** `name<<delimiter\nvalue\ndelimiter` blocks, as @actions/core writes GITHUB_OUTPUT and GITHUB_ENV. */
const readRunnerFile = (path: string): Record<string, string> => {
  const values: Record<string, string> = {};
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of readFileSync(path, 'utf8').matchAll(pattern)) values[match[1]!] = match[3]!;
  return values;
};
