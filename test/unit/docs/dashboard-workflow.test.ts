import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCliArgs } from '../../../src/cli/parse-cli-args.ts';

interface Job {
  permissions: Record<string, string>;
  steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }>;
  needs?: string;
}

const workflow = parse(readFileSync('docs/workflows/dashboard-pages.yml', 'utf8')) as {
  on: { schedule: Array<{ cron: string }> };
  permissions: Record<string, string>;
  jobs: { build: Job; deploy: Job };
};

describe('the example GitHub Pages workflow of the dashboard', () => {
  it('runs monthly and asks each job for least privilege: read to build, Pages and OIDC only to deploy', () => {
    expect(workflow.on.schedule).toEqual([{ cron: '0 6 1 * *' }]);
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs.build.permissions).toEqual({
      contents: 'read',
      issues: 'read',
      'pull-requests': 'read',
    });
    expect(workflow.jobs.deploy.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(workflow.jobs.deploy.needs).toBe('build');
  });

  it('uploads what the CLI writes and deploys it with the Pages actions, each pinned to a tag', () => {
    const uses = [...workflow.jobs.build.steps, ...workflow.jobs.deploy.steps].flatMap(
      (step) => step.uses ?? [],
    );
    expect(uses).toEqual(
      expect.arrayContaining(['actions/upload-pages-artifact@v3', 'actions/deploy-pages@v4']),
    );
    for (const action of uses) expect(action).toMatch(/@v\d+$/);
    const upload = workflow.jobs.build.steps.find((step) =>
      step.uses?.startsWith('actions/upload-pages-artifact'),
    );
    expect(upload?.with).toEqual({ path: 'site' });
  });

  it('calls change-gate report with options the CLI accepts, writing site/index.html', () => {
    const run = workflow.jobs.build.steps.map((step) => step.run ?? '').join('\n');
    const command = /change-gate@[\d.]+ (report[^|]*)/.exec(run.replace(/\\\n\s*/g, ''))?.[1] ?? '';
    const argv = command
      .trim()
      .split(/\s+/)
      .map((word) => word.replace(/^"\$\w+"$/, word === '"$GITHUB_REPOSITORY"' ? 'acme/web' : '2026-03'));
    expect(parseCliArgs(argv)).toMatchObject({
      action: 'report',
      format: 'html',
      output: 'site/index.html',
      scope: { kind: 'repository', owner: 'acme', repo: 'web' },
      period: '2026-03',
    });
  });

  it('is linked from the README, with the dashboard picture (a PNG)', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('](docs/workflows/dashboard-pages.yml)');
    expect(readme).toContain('](docs/images/dashboard.png)');
    const png = readFileSync('docs/images/dashboard.png');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });
});
