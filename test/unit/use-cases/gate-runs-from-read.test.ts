import { describe, expect, it } from 'vitest';
import type { DeployCheckRun } from '../../../src/core/deploy/deploy-input.ts';
import { defaultPolicy } from '../../../src/core/policy/default-policy.ts';
import type { DeployPort, PullRequestOfCommit } from '../../../src/github/ports/deploy-port.ts';
import { deployStartRequest } from '../../../src/use-cases/deploy-start-request.ts';
import { gateDeploy } from '../../../src/use-cases/gate-deploy.ts';
import { recheckDeploy } from '../../../src/use-cases/recheck-deploy.ts';
import { DEPLOYED, GATE_APP, gateRun, HEAD } from './gate-run-fixture.ts';

const APP = GATE_APP;

const pull = (headCheckRuns?: PullRequestOfCommit['headCheckRuns']): PullRequestOfCommit => ({
  number: 12,
  title: 'PR 12',
  body: null,
  state: 'closed',
  mergedAt: '2026-07-01T09:00:00Z',
  mergeCommitSha: DEPLOYED,
  headSha: HEAD,
  baseRef: 'main',
  labels: ['change'],
  ...(headCheckRuns ? { headCheckRuns } : {}),
});

/**
 * A first deploy of the default branch's tip, which PR #12 brought in, read whole with `DeployStart`: its
 * runs as `readWith` gives them; `checkRunsOf` (the REST read) answers `rest` and counts its calls.
 */
function port(options: {
  readWith?: PullRequestOfCommit['headCheckRuns'];
  rest: DeployCheckRun[];
  config?: string;
}) {
  const asked: Array<Record<string, unknown>> = [];
  const restReads: string[] = [];
  const unexpected = () => Promise.reject(new Error('not expected in this test'));
  const deployPort: DeployPort = {
    readConfigFile: async () => null,
    readDeployStart: async (request) => {
      asked.push(request);
      return {
        defaultBranch: 'main',
        defaultBranchTip: DEPLOYED,
        config: options.config ?? null,
        pullRequestsOfSha: [pull(options.readWith)],
        deployments: { newestFirst: [], complete: true },
      };
    },
    listDeployments: unexpected,
    listDeploymentStatuses: unexpected,
    compareCommits: unexpected,
    pullRequestsOfCommit: unexpected,
    filesOfCommit: async () => [],
    checkRunsOf: async ({ checkName }) => {
      restReads.push(checkName);
      return options.rest;
    },
    getDeployment: unexpected,
    createDeployment: unexpected,
    createDeploymentStatus: unexpected,
  };
  return { deployPort, asked, restReads };
}

const gate = (deployPort: DeployPort, trustedApp: { slug: string; id: number | null } = APP) =>
  gateDeploy({
    port: deployPort,
    environment: 'production',
    owner: 'acme',
    repo: 'shop',
    sha: DEPLOYED,
    trustedApp,
    at: new Date('2026-07-02T10:00:00Z'),
    log: () => {},
  });

describe("the gate decides on the check runs read with the deployed commit's pull requests", () => {
  it('asks for the app’s runs of the default name with the first read, and decides on them without a REST read', async () => {
    const failed = gateRun({ conclusion: 'failure', outputTitle: 'Rejected' });
    const { deployPort, asked, restReads } = port({
      readWith: { checkName: 'Change Gate', runs: [gateRun()] },
      rest: [failed],
    });
    const { decision } = await gate(deployPort);
    expect(asked[0]).toMatchObject({ gateRuns: { appId: 42, checkName: 'Change Gate' } });
    expect(restReads).toEqual([]);
    expect(decision.status).toBe('approved');
  });

  it('a run read with them still has to be the trusted app’s: another app’s run of that name approves nothing', async () => {
    const impostor = gateRun({ appId: 7, appSlug: 'change-gate' });
    const { deployPort, restReads } = port({
      readWith: { checkName: 'Change Gate', runs: [impostor] },
      rest: [gateRun()],
    });
    const { decision } = await gate(deployPort);
    expect(restReads).toEqual([]);
    expect(decision.status).not.toBe('approved');
  });

  it('a config naming another check: its runs are read over REST under that name', async () => {
    const { deployPort, restReads } = port({
      readWith: { checkName: 'Change Gate', runs: [gateRun()] },
      rest: [gateRun({ name: 'Deploy Gate', conclusion: 'failure', outputTitle: 'Rejected' })],
      config: 'change_management:\n  check_name: Deploy Gate\n',
    });
    const { decision } = await gate(deployPort);
    expect(restReads).toEqual(['Deploy Gate']);
    expect(decision.status).not.toBe('approved');
  });

  it('runs the first read could not give whole are read over REST', async () => {
    const { deployPort, restReads } = port({ rest: [gateRun({ conclusion: 'failure' })] });
    const { decision } = await gate(deployPort);
    expect(restReads).toEqual(['Change Gate']);
    expect(decision.status).not.toBe('approved');
  });

  it('without the app’s id (an action without app-id) every app’s runs of the name are asked for, and decided on by slug', async () => {
    const { deployPort, asked, restReads } = port({
      readWith: { checkName: 'Change Gate', runs: [gateRun()] },
      rest: [gateRun({ conclusion: 'failure', outputTitle: 'Rejected' })],
    });
    const { decision } = await gate(deployPort, { slug: APP.slug, id: null });
    expect(asked[0]).toMatchObject({ gateRuns: { appId: null, checkName: 'Change Gate' } });
    expect(restReads).toEqual([]);
    expect(decision.status).toBe('approved');
  });

  it('without the app’s id, another app’s run of that name read with them approves nothing', async () => {
    const impostor = gateRun({ appId: 7, appSlug: 'change-gate-impostor' });
    const { deployPort, restReads } = port({
      readWith: { checkName: 'Change Gate', runs: [impostor] },
      rest: [gateRun()],
    });
    const { decision } = await gate(deployPort, { slug: APP.slug, id: null });
    expect(restReads).toEqual([]);
    expect(decision.status).not.toBe('approved');
  });

  it('deciding again on an older read (the action’s wait) reads the runs afresh', async () => {
    const { deployPort, restReads } = port({
      readWith: { checkName: 'Change Gate', runs: [gateRun({ status: 'in_progress', conclusion: null })] },
      rest: [gateRun()],
    });
    const { read, decision: first } = await gate(deployPort);
    expect(first.status).toBe('pending');
    const again = await recheckDeploy({
      port: deployPort,
      read,
      trustedApp: APP,
      sha: DEPLOYED,
      environment: 'production',
      at: new Date('2026-07-02T10:05:00Z'),
    });
    expect(restReads).toEqual(['Change Gate']);
    expect(again.status).toBe('approved');
  });
});

describe('deployStartRequest', () => {
  it("asks for the runs under the default policy's check name, or the action's, and its vouchers' name", () => {
    expect(deployStartRequest({ sha: DEPLOYED, environment: 'Production', trustedApp: APP })).toEqual({
      configPath: '.github/change-management.yml',
      sha: DEPLOYED,
      environment: 'Production',
      gateRuns: {
        appId: 42,
        checkName: defaultPolicy().check_name,
        vouchName: `${defaultPolicy().check_name} · deployed production`,
      },
    });
    expect(
      deployStartRequest({ sha: DEPLOYED, environment: 'qa', checkName: 'Deploy Gate', trustedApp: APP })
        .gateRuns,
    ).toEqual({ appId: 42, checkName: 'Deploy Gate', vouchName: 'Deploy Gate · deployed qa' });
    expect(
      deployStartRequest({ sha: DEPLOYED, environment: 'qa', trustedApp: { slug: APP.slug, id: null } })
        .gateRuns,
    ).toEqual({ appId: null, checkName: 'Change Gate', vouchName: 'Change Gate · deployed qa' });
  });
});
