import { describe, expect, it } from 'vitest';
import type { DeployPort } from '../../../src/github/ports/deploy-port.ts';
import { GitHubError } from '../../../src/github/ports/github-error.ts';
import { readDeploy } from '../../../src/use-cases/read-deploy.ts';

const DEPLOYED = 'd'.repeat(40);

/**
 * A deploy port whose reads wait until released, so a test sees which ones were started together. `fail`
 * names reads that throw once released.
 */
function gatedPort(fail: string[] = [], tip = 'e'.repeat(40), options: { whole?: boolean } = {}) {
  // The first read gives the deployed commit's pull requests and the deployments whole (none of either),
  // unless `whole: false`: then both are read over REST.
  const whole = options.whole ?? true;
  const started: string[] = [];
  const waiting: Array<() => void> = [];
  const read =
    <T>(name: string, value: T) =>
    (): Promise<T> => {
      started.push(name);
      return new Promise<T>((resolve, reject) => {
        waiting.push(() =>
          fail.includes(name)
            ? reject(
                new GitHubError({ status: 502, message: `${name}: Bad gateway`, request: `GET ${name}` }),
              )
            : resolve(value),
        );
      });
    };
  const unexpected = () => Promise.reject(new Error('not expected in this test'));
  const port: DeployPort = {
    readConfigFile: read('config', null),
    // The repository's own config absent (null): the owner's .github is read next, as the app reads it.
    readDeployStart: read('repository', {
      defaultBranch: 'main',
      defaultBranchTip: tip,
      config: null,
      pullRequestsOfSha: whole ? [] : undefined,
      deployments: whole ? { newestFirst: [], complete: true } : undefined,
    }),
    compareCommits: read('compare', { status: 'behind', totalCommits: 0, commits: [] }),
    listDeployments: read('deployments', []),
    listDeploymentStatuses: unexpected,
    pullRequestsOfCommit: read('pulls', []),
    filesOfCommit: unexpected,
    checkRunsOf: unexpected,
    getDeployment: unexpected,
    createDeployment: unexpected,
    createDeploymentStatus: unexpected,
  };
  /** Lets every read started so far answer; returns their names. */
  const release = async (): Promise<string[]> => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    const round = started.splice(0);
    for (const answer of waiting.splice(0)) answer();
    return round;
  };
  return { port, release };
}

const read = (port: DeployPort) =>
  readDeploy({
    port,
    environment: 'production',
    owner: 'acme',
    repo: 'shop',
    sha: DEPLOYED,
    trustedApp: { slug: 'change-gate', id: 42 },
    log: () => {},
  });

describe('the deploy gate reads what does not depend on another read at once', () => {
  it('one read of the default branch, its tip and config, the deployed commit’s pull requests and the deployments; then the owner’s config, then the compare', async () => {
    const { port, release } = gatedPort();
    const result = read(port);
    const rounds: string[][] = [];
    // The config is read at the repository with the default branch, then at the owner's .github (no file
    // anywhere): one round each. The pull requests and deployments came with the first read.
    for (let round = 0; round < 5; round++) rounds.push((await release()).sort());
    expect(rounds.filter((names) => names.length > 0)).toEqual([['repository'], ['config'], ['compare']]);
    const outcome = await result;
    expect(outcome.ok).toBe(true);
  });

  it("a deploy of the default branch's tip, as read with it, is on that branch without a compare", async () => {
    const { port, release } = gatedPort([], DEPLOYED);
    const result = read(port);
    const rounds: string[][] = [];
    for (let round = 0; round < 5; round++) rounds.push((await release()).sort());
    expect(rounds.filter((names) => names.length > 0)).toEqual([['repository'], ['config']]);
    const outcome = await result;
    expect(outcome.ok && outcome.scope.deployBranch).toBe('main');
  });

  it('what the first read cannot give whole is read over REST: the deployments ‖ the compare, then the pull requests', async () => {
    const { port, release } = gatedPort([], 'e'.repeat(40), { whole: false });
    const result = read(port);
    const rounds: string[][] = [];
    for (let round = 0; round < 6; round++) rounds.push((await release()).sort());
    expect(rounds.filter((names) => names.length > 0)).toEqual([
      ['repository'],
      ['config'],
      ['compare', 'deployments'],
      ['pulls'],
    ]);
    expect((await result).ok).toBe(true);
  });

  it('when the default branch cannot be read, the gate refuses with that reason and reads nothing else', async () => {
    const { port, release } = gatedPort(['repository']);
    const result = read(port);
    expect(await release()).toEqual(['repository']);
    const outcome = await result;
    expect(outcome).toMatchObject({ ok: false });
    expect(outcome.ok === false && outcome.error).toMatch(/repository: Bad gateway/);
    expect(await release()).toEqual([]);
  });

  it('a port that throws at once still gives a failed read, never an exception', async () => {
    const { port } = gatedPort();
    const throwing: DeployPort = {
      ...port,
      readDeployStart: () => {
        throw new Error('no client');
      },
    };
    const outcome = await read(throwing);
    expect(outcome.ok === false && outcome.error).toMatch(/no client/);
  });

  it('when the compare and the deployments both fail, the compare’s failure is the one reported', async () => {
    const { port, release } = gatedPort(['compare', 'deployments'], 'e'.repeat(40), { whole: false });
    const result = read(port);
    for (let round = 0; round < 3; round++) await release();
    const outcome = await result;
    expect(outcome.ok === false && outcome.error).toMatch(/compare: Bad gateway/);
  });
});
