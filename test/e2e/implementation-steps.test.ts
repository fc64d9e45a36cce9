import { describe, expect, test } from 'vitest';
import { actionsToken } from '../../sandbox/harness/actions-token.ts';
import { runAction } from '../../sandbox/harness/run-action.ts';
import { seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { changeScenario, LOW_PRIORITY_BODY } from './support/change-scenario.ts';
import { useE2E } from './support/use-e2e.ts';

/** The low-priority fix (carl alone approves it), at high risk: the backup must be ticked before production. */
const HIGH_RISK_BODY = LOW_PRIORITY_BODY.replace('  priority: low', '  priority: low\n  risk_level: high');

describe('implementation steps: the task list, who ticked what, and the production deploy waiting for them', () => {
  let token = '';
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'steps' });
      token = actionsToken(sim, 'acme');
    },
  });

  test('a high-risk change waits at production for its backup step, ticked by a person, recorded as the sender; staging ticks its own step', async () => {
    const { sim } = e2e;
    const repo = 'acme/steps';
    const change = await changeScenario(e2e, repo).open(HIGH_RISK_BODY);
    const stepsComment = () =>
      sim.read
        .comments({ repo, number: change.number })
        .find((comment) => comment.body?.startsWith('<!-- change-gate:steps CHG-'));
    const line = (name: string) =>
      stepsComment()
        ?.body?.split('\n')
        .find((text) => text.includes(`] ${name}`));
    const tick = async (login: string, name: string) => {
      const comment = stepsComment()!;
      await sim.as(login).editComment({
        repo,
        commentId: comment.id,
        body: comment.body!.replace(`- [ ] ${name}`, `- [x] ${name}`),
      });
      await sim.settle();
    };
    const deploy = (
      environment: string,
      inputs: Record<string, string> = {},
      env: Record<string, string> = {},
    ) =>
      runAction({
        apiUrl: sim.apiUrl,
        token,
        repository: repo,
        sha: sim.read.branchSha({ repo, branch: 'main' }) ?? '',
        inputs: { environment, ...inputs },
        env,
      });

    // The app keeps one task list; the rollback plan is in the block, so the app ticked it.
    expect(line('Prepare rollback plan')).toMatch(/^- \[x\] Prepare rollback plan — @change-gate/);
    expect(line('Backup current system state')).toMatch(/^- \[ \] .*required before a production deploy/);

    await change.approve('carl');
    expect(change.check()?.conclusion).toBe('success');
    expect(change.summary()).toContain('### Implementation steps owed');
    await sim.as('dana').mergePullRequest({ repo, number: change.number });
    await sim.settle();

    // Staging is where steps are carried out: not held, and its success ticks "Deploy to staging environment".
    const staging = await deploy('staging');
    expect(staging.code).toBe(0);
    await deploy('staging', { command: 'finish', result: 'success' }, staging.env);
    await sim.settle();
    expect(line('Deploy to staging environment')).toMatch(
      /^- \[x\] Deploy to staging environment — @change-gate/,
    );

    const refused = await deploy('production');
    expect(refused.code).toBe(1);
    expect(refused.outputs.status).toBe('pending');
    expect(refused.stdout).toMatch(
      /CHG-\d{4}-001: step "Backup current system state" must be ticked before a production deploy/,
    );

    // Ticking a step the app proves from evidence ticks nothing; the list is rendered again from the record.
    await tick('erin', 'Deploy to production');
    expect(line('Deploy to production')).toMatch(/^- \[ \] Deploy to production/);
    expect((await deploy('production')).code).toBe(1);

    // erin ticks the backup in the app's comment: recorded with erin (the sender), not the comment's author.
    await tick('erin', 'Backup current system state');
    expect(line('Backup current system state')).toMatch(/^- \[x\] Backup current system state — @erin, /);
    expect(change.steps()).toEqual([
      ['deploy_to_staging', 'change-gate[bot]'],
      ['backup_current_state', 'erin'],
    ]);
    expect(change.summary()).not.toContain('### Implementation steps owed');

    const allowed = await deploy('production');
    expect(allowed.code).toBe(0);
    expect(allowed.outputs.status).toBe('approved');
  }, 120_000);
});
