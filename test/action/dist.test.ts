import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRun, pullRequest, sha } from './action-harness.ts';
import { type LoopbackGitHub, startLoopbackGitHub } from './loopback-github.ts';

const DIST = fileURLToPath(new URL('../../action/dist/index.js', import.meta.url));
const LAST = sha('a');
const HEAD = sha('b');
const MERGE = sha('d');

interface RunnerResult {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  env: Record<string, string>;
  summary: string;
}

/** Runs the bundle the way the Actions runner does: INPUT_* variables and the runner's files. */
async function runAction(options: {
  github: LoopbackGitHub;
  inputs: Record<string, string>;
  env?: Record<string, string>;
}): Promise<RunnerResult> {
  const dir = mkdtempSync(join(tmpdir(), 'change-gate-runner-'));
  const files = {
    output: join(dir, 'output'),
    env: join(dir, 'env'),
    summary: join(dir, 'summary'),
    event: join(dir, 'event.json'),
  };
  for (const file of [files.output, files.env, files.summary]) writeFileSync(file, '');
  writeFileSync(
    files.event,
    JSON.stringify({ ref: 'refs/heads/main', after: MERGE, repository: { full_name: 'acme/shop' } }),
  );
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: MERGE,
    GITHUB_REF_TYPE: 'branch',
    GITHUB_REF_NAME: 'main',
    GITHUB_API_URL: options.github.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '77',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_WORKSPACE: dir,
    // The runner upper-cases input names and keeps their dashes.
    'INPUT_GITHUB-TOKEN': 'ghs_loopback',
    'INPUT_APP-SLUG': 'change-gate',
    'INPUT_CHECK-NAME': '',
    'INPUT_CONFIG-PATH': '.github/change-management.yml',
    INPUT_WAIT: 'false',
    INPUT_INTERVAL: '10s',
    INPUT_TIMEOUT: '30m',
    ...Object.fromEntries(
      Object.entries(options.inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
    ),
    ...options.env,
  };
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [DIST], { env, timeout: 60_000 }, (error, stdout) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout });
    });
  });
  return {
    code,
    stdout,
    outputs: readRunnerFile(files.output),
    env: readRunnerFile(files.env),
    summary: readFileSync(files.summary, 'utf8'),
  };
}

/** `name<<delimiter\nvalue\ndelimiter` blocks, as @actions/core writes GITHUB_OUTPUT and GITHUB_ENV. */
function readRunnerFile(path: string): Record<string, string> {
  const values: Record<string, string> = {};
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of readFileSync(path, 'utf8').matchAll(pattern)) values[match[1]!] = match[3]!;
  return values;
}

describe('the bundled action, run as the runner runs it', () => {
  let github: LoopbackGitHub;
  const pending = checkRun({
    id: 1,
    headSha: HEAD,
    status: 'in_progress',
    conclusion: null,
    title: 'Pending approval — CHG-2026-012',
  });

  beforeAll(async () => {
    github = await startLoopbackGitHub({
      config: null,
      deployments: [
        {
          id: 7,
          sha: LAST,
          environment: 'production',
          payload: {},
          statuses: [{ state: 'success', description: '' }],
        },
      ],
      compare: { [`${LAST}...${MERGE}`]: [HEAD, MERGE] },
      pullsOfCommit: {
        [HEAD]: [pullRequest({ number: 12, headSha: HEAD })],
        [MERGE]: [pullRequest({ number: 12, headSha: HEAD })],
      },
      checkRuns: { [HEAD]: [pending] },
    });
  });
  afterAll(async () => {
    await github.close();
  });

  it('refuses before approval, allows after it, and records the deploy as completed', async () => {
    const refused = await runAction({ github, inputs: { environment: 'production' } });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      '::error::Change Gate refused the deploy to production (pending):%0A- #12 (CHG-2026-012): Pending approval',
    );
    expect(refused.outputs).toEqual({ 'change-ids': 'CHG-2026-012', status: 'pending', 'deployment-id': '' });
    expect(refused.summary).toContain('| #12 | CHG-2026-012 | `bbbbbbb` | pending |');
    expect(github.state.deployments).toHaveLength(1);

    github.state.checkRuns[HEAD] = [pending, checkRun({ id: 2, headSha: HEAD })];
    const allowed = await runAction({ github, inputs: { environment: 'production' } });
    expect(allowed.code).toBe(0);
    expect(allowed.outputs).toEqual({
      'change-ids': 'CHG-2026-012',
      status: 'approved',
      'deployment-id': '1001',
    });
    expect(allowed.env).toEqual({ CHANGE_GATE_DEPLOYMENT_ID: '1001' });
    expect(allowed.summary).toContain('**Decision: approved**');
    const created = github.state.deployments[1]!;
    expect(created).toMatchObject({ sha: MERGE, environment: 'production' });
    expect(created.statuses).toEqual([{ state: 'in_progress', description: 'Deploying CHG-2026-012' }]);

    // The runner turns GITHUB_ENV into the environment of the job's later steps.
    const finished = await runAction({
      github,
      inputs: { command: 'finish', result: 'success' },
      env: allowed.env,
    });
    expect(finished.code).toBe(0);
    expect(created.statuses[0]).toEqual({ state: 'success', description: 'Deployed. CHG-2026-012' });
    expect(github.unknown).toEqual([]);
  });

  it('fails the step with a readable error on bad input', async () => {
    const result = await runAction({ github, inputs: { environment: 'production', wait: 'maybe' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::error::Change Gate: input wait: "maybe" is not true or false');
  });
});
