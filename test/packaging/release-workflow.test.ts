// The release workflow cannot run here; its YAML is checked for what a release must do, and every `run:` script
// is checked by `bash -n` (with the `${{ }}` expressions replaced) so a syntax error cannot wait for a tag.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './support.ts';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { push?: { tags?: string[]; branches?: string[] } };
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = parse(readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8')) as Workflow;
const jobs = Object.entries(workflow.jobs);
const steps = jobs.flatMap(([, job]) => job.steps);
const runs = (name: string): string =>
  (workflow.jobs[name]?.steps ?? []).map((step) => step.run ?? '').join('\n');
const needs = (job: Job): string[] => (job.needs === undefined ? [] : [job.needs].flat());

describe('.github/workflows/release.yml', () => {
  it('runs on a pushed vX.Y.Z tag only', () => {
    expect(workflow.on).toEqual({ push: { tags: ['v*.*.*'] } });
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('tests the tagged commit as CI does, including the freshness of action/dist, before publishing anything', () => {
    expect(runs('test')).toContain('bash .ci/run');
    expect(runs('test')).toMatch(/npm run build:action\s/);
    // New chunk files too, which `git diff` would not see.
    expect(runs('test')).toContain('test -z "$(git status --porcelain -- action/dist)"');
    expect(runs('test')).toContain("require('./package.json').version");
    const publishing = jobs.filter(([name]) => name !== 'test');
    expect(publishing.map(([name]) => name).sort()).toEqual(['docker-image', 'github-release']);
    for (const [, job] of publishing) expect(needs(job)).toContain('test');
  });

  it('creates the release with the packed CLI and moves the major tag', () => {
    const release = workflow.jobs['github-release'];
    expect(release?.permissions).toEqual({ contents: 'write' });
    expect(runs('github-release')).toMatch(/npm pack --pack-destination "\$\{RUNNER_TEMP\}"/);
    expect(runs('github-release')).toMatch(
      /gh release create "\$\{GITHUB_REF_NAME\}" "\$\{RUNNER_TEMP\}"\/change-gate-\*\.tgz/,
    );
    expect(runs('github-release')).toMatch(/git push -f origin "refs\/tags\/\$\{major\}"/);
  });

  it('the major tag is v1 for 0.x and 1.x tags, vN for N.x', () => {
    // The two lines of the step that compute the tag, run with the pushed tag's name.
    const script = runs('github-release')
      .split('\n')
      .filter((line) => /major=/.test(line))
      .concat('echo "$major"')
      .join('\n');
    expect(script.split('\n')).toHaveLength(3);
    const major = (tag: string) =>
      spawnSync('bash', ['-c', script], { env: { GITHUB_REF_NAME: tag }, encoding: 'utf8' }).stdout.trim();
    expect(major('v0.1.0')).toBe('v1');
    expect(major('v1.4.2')).toBe('v1');
    expect(major('v2.0.0')).toBe('v2');
  });

  it('pushes the Docker image to ghcr.io with the version and major tags', () => {
    const docker = workflow.jobs['docker-image'];
    expect(docker?.permissions).toEqual({ contents: 'read', packages: 'write' });
    const login = docker?.steps.find((step) => step.uses?.startsWith('docker/login-action@'));
    expect(login?.with?.registry).toBe('ghcr.io');
    const meta = docker?.steps.find((step) => step.uses?.startsWith('docker/metadata-action@'));
    expect(meta?.with?.images).toMatch(/^ghcr\.io\/\$\{\{ github\.repository \}\}$/);
    const build = docker?.steps.find((step) => step.uses?.startsWith('docker/build-push-action@'));
    expect(build?.with).toMatchObject({ context: '.', push: true });
  });

  it('pins every action to a version tag or a commit SHA', () => {
    const uses = steps.flatMap((step) => (step.uses === undefined ? [] : [step.uses]));
    expect(uses.length).toBeGreaterThan(5);
    for (const action of uses)
      expect(action).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
  });

  it('has run scripts bash can parse', () => {
    for (const step of steps) {
      if (step.run === undefined) continue;
      const script = step.run.replaceAll(/\$\{\{[^}]*\}\}/g, 'EXPR');
      const checked = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
      expect(checked.stderr, step.run).toBe('');
      expect(checked.status).toBe(0);
    }
  });
});
