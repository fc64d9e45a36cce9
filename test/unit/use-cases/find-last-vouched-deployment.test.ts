import { describe, expect, it } from 'vitest';
import type { DeployCheckRun } from '../../../src/core/deploy/deploy-input.ts';
import type { DeploymentSummary, DeployPort } from '../../../src/github/ports/deploy-port.ts';
import { errorMessage } from '../../../src/github/ports/error-message.ts';
import { findLastVouchedDeployment } from '../../../src/use-cases/find-last-vouched-deployment.ts';

const APP = { slug: 'change-gate', id: 42 };
const NAME = 'Change Gate · deployed production';

interface Fake {
  id: number;
  states: string[];
  /** The runs on its commit named NAME. */
  runs?: Array<Partial<DeployCheckRun>>;
}

/** Deployments newest first, each on its own commit, with its statuses and the check runs on that commit. */
function port(deployments: Fake[]): DeployPort {
  const sha = (id: number) => id.toString(16).padStart(40, '0');
  const summary = (fake: Fake): DeploymentSummary => ({
    id: fake.id,
    sha: sha(fake.id),
    environment: 'production',
    createdAt: '2026-07-01T00:00:00Z',
    payload: {},
  });
  const never = () => Promise.reject(new Error('not expected'));
  return {
    readConfigFile: never,
    readDeployStart: never,
    listDeployments: async ({ page, perPage }) =>
      deployments.slice((page - 1) * perPage, page * perPage).map(summary),
    listDeploymentStatuses: async (id) =>
      (deployments.find((fake) => fake.id === id)?.states ?? []).map((state) => ({
        state,
        description: null,
        createdAt: '2026-07-01T00:00:00Z',
      })),
    compareCommits: never,
    pullRequestsOfCommit: never,
    filesOfCommit: never,
    checkRunsOf: async ({ sha: on, checkName }) =>
      (deployments.find((fake) => sha(fake.id) === on)?.runs ?? []).map((run, index) => ({
        id: index + 1,
        name: checkName === NAME ? NAME : 'other',
        headSha: on,
        status: 'completed',
        conclusion: 'success',
        appId: APP.id,
        appSlug: APP.slug,
        outputTitle: null,
        outputSummary: null,
        startedAt: null,
        externalId: null,
        htmlUrl: null,
        ...run,
      })),
    getDeployment: never,
    createDeployment: never,
    createDeploymentStatus: never,
  };
}

const find = (deployments: Fake[], before?: number) =>
  findLastVouchedDeployment({
    port: port(deployments),
    environment: 'production',
    checkName: 'Change Gate',
    trustedApp: APP,
    ...(before === undefined ? {} : { before }),
  });

const vouched = (id: number, run: Partial<DeployCheckRun> = {}): Fake => ({
  id,
  states: ['success'],
  runs: [{ externalId: `deployment-${id}`, ...run }],
});

describe('findLastVouchedDeployment', () => {
  it('skips a newer successful deployment the app did not vouch for: a forged one moves nothing', async () => {
    const found = await find([{ id: 30, states: ['success'] }, vouched(20), vouched(10)]);
    expect(found?.id).toBe(20);
  });

  it('believes only a successful voucher of the trusted app, naming this very deployment', async () => {
    const forgeries: Fake[] = [
      vouched(60, { appSlug: 'impostor', appId: 7 }),
      vouched(50, { appId: 7 }),
      vouched(40, { conclusion: 'failure' }),
      vouched(30, { status: 'in_progress', conclusion: null }),
      { id: 20, states: ['success'], runs: [{ externalId: 'deployment-10' }] },
    ];
    expect(await find([...forgeries, vouched(10)])).toMatchObject({ id: 10 });
    expect(await find(forgeries)).toBeNull();
  });

  it('passes over a vouched deployment that later failed or was rolled back, and one at or after `before`', async () => {
    const rolledBack: Fake = { ...vouched(30), states: ['failure', 'success'] };
    const superseded: Fake = { ...vouched(20), states: ['inactive', 'success'] };
    expect((await find([rolledBack, superseded, vouched(10)]))?.id).toBe(20);
    expect((await find([vouched(30), vouched(20), vouched(10)], 30))?.id).toBe(20);
  });

  it('fails closed when no vouched deployment is among the newest 300 (a flood of forged ones)', async () => {
    const flood = Array.from({ length: 300 }, (_, i): Fake => ({ id: 1000 - i, states: ['success'] }));
    const error = await find([...flood, vouched(10)]).catch((failure: unknown) => failure);
    expect(errorMessage(error)).toBe(
      'none of the newest 300 deployments to "production" was vouched for by change-gate (a "Change Gate · deployed production" check run), so the changes since the last gated deploy cannot be told; deploy from a known state',
    );
  });
});

describe('the deployment the protection rule decides on', () => {
  it('is skipped unread: its statuses are never asked for, and the vouched one behind it starts the range', async () => {
    const base = port([
      { id: 9, states: ['waiting'] },
      { id: 7, states: ['success'], runs: [{ externalId: 'deployment-7' }] },
    ]);
    const statusesRead: number[] = [];
    const found = await findLastVouchedDeployment({
      port: {
        ...base,
        listDeploymentStatuses: (id) => {
          statusesRead.push(id);
          return base.listDeploymentStatuses(id);
        },
      },
      environment: 'production',
      checkName: 'Change Gate',
      trustedApp: APP,
      deciding: 9,
    });
    expect(found?.id).toBe(7);
    expect(statusesRead).toEqual([7]);
  });
});

describe('findLastVouchedDeployment with the newest deployments already read (with the policy)', () => {
  const listing = (deployments: Fake[]) => {
    const pages: number[] = [];
    const base = port(deployments);
    const counted: DeployPort = {
      ...base,
      listDeployments: (options) => {
        pages.push(options.page);
        return base.listDeployments(options);
      },
    };
    return { port: counted, pages };
  };
  const summaries = async (deployments: Fake[]) =>
    port(deployments).listDeployments({ environment: 'production', page: 1, perPage: 100 });
  const findWith = (options: {
    port: DeployPort;
    newest: DeploymentSummary[];
    complete: boolean;
    deciding?: number;
  }) =>
    findLastVouchedDeployment({
      port: options.port,
      environment: 'production',
      checkName: 'Change Gate',
      trustedApp: APP,
      newest: { newestFirst: options.newest, complete: options.complete },
      ...(options.deciding === undefined ? {} : { deciding: options.deciding }),
    });

  it('finds the start among them without listing again', async () => {
    const deployments = [{ id: 9, states: ['success'] }, vouched(8)];
    const { port: counted, pages } = listing(deployments);
    const found = await findWith({ port: counted, newest: await summaries(deployments), complete: false });
    expect(found?.id).toBe(8);
    expect(pages).toEqual([]);
  });

  it('all of them and none vouched for: a first gated deploy, nothing listed again', async () => {
    const deployments = [{ id: 9, states: ['success'] }];
    const { port: counted, pages } = listing(deployments);
    expect(
      await findWith({ port: counted, newest: await summaries(deployments), complete: true }),
    ).toBeNull();
    expect(pages).toEqual([]);
  });

  it('"all of them" without the deployment being decided is not believed: the list is read again', async () => {
    const deployments = [{ id: 10, states: [] }, vouched(8)];
    const { port: counted, pages } = listing(deployments);
    // The answer lacks deployment 10, which GitHub created for the run being decided, and 8 with it.
    const found = await findWith({ port: counted, newest: [], complete: true, deciding: 10 });
    expect(found?.id).toBe(8);
    expect(pages).toEqual([1]);
  });

  it('not all of them and none vouched for: the list is read again from its first page, none skipped', async () => {
    const deployments = [{ id: 9, states: ['success'] }, vouched(8)];
    const { port: counted, pages } = listing(deployments);
    // Only the newest was given, and the list goes on: the rest is read from REST's own first page.
    const newest = (await summaries(deployments)).slice(0, 1);
    expect((await findWith({ port: counted, newest, complete: false }))?.id).toBe(8);
    expect(pages).toEqual([1]);
  });
});

describe('findLastVouchedDeployment on what the gate read with the deployments', () => {
  const VOUCHER: DeployCheckRun = {
    id: 9,
    name: NAME,
    headSha: 'a'.repeat(40),
    status: 'completed',
    conclusion: 'success',
    appId: APP.id,
    appSlug: APP.slug,
    outputTitle: null,
    outputSummary: null,
    startedAt: null,
    externalId: 'deployment-7',
    htmlUrl: null,
  };
  const read = (overrides: Partial<DeploymentSummary>): DeploymentSummary => ({
    id: 7,
    sha: 'a'.repeat(40),
    environment: 'production',
    createdAt: '2026-07-01T00:00:00Z',
    payload: {},
    ...overrides,
  });
  /** A port whose REST reads of statuses and check runs are counted, and answer `rest`. */
  const counting = (rest: { states: string[]; runs: DeployCheckRun[] }) => {
    const reads: string[] = [];
    const base = port([]);
    const deployPort: DeployPort = {
      ...base,
      listDeploymentStatuses: async () => {
        reads.push('statuses');
        return rest.states.map((state) => ({ state, description: null, createdAt: '2026-07-01T00:00:00Z' }));
      },
      checkRunsOf: async () => {
        reads.push('check runs');
        return rest.runs;
      },
    };
    return { deployPort, reads };
  };
  const findAmong = (deployPort: DeployPort, newest: DeploymentSummary[]) =>
    findLastVouchedDeployment({
      port: deployPort,
      environment: 'production',
      checkName: 'Change Gate',
      trustedApp: APP,
      newest: { newestFirst: newest, complete: true },
    });

  it('a latest status of success and a voucher read with it: the start, without a REST read', async () => {
    const { deployPort, reads } = counting({ states: ['failure'], runs: [] });
    const found = await findAmong(deployPort, [
      read({ latestState: 'success', vouchRuns: { checkName: NAME, runs: [VOUCHER] } }),
    ]);
    expect(found?.id).toBe(7);
    expect(reads).toEqual([]);
  });

  it('a latest status that is not success (or none) is never the start, whatever its runs', async () => {
    for (const latestState of ['failure', 'in_progress', null]) {
      const { deployPort, reads } = counting({ states: ['success'], runs: [VOUCHER] });
      const found = await findAmong(deployPort, [
        read({ latestState, vouchRuns: { checkName: NAME, runs: [VOUCHER] } }),
      ]);
      expect(found, String(latestState)).toBeNull();
      expect(reads).toEqual([]);
    }
  });

  it('an inactive latest status, or none read: the statuses are read over REST', async () => {
    for (const latestState of ['inactive', undefined]) {
      const { deployPort, reads } = counting({ states: ['inactive', 'success'], runs: [] });
      const found = await findAmong(deployPort, [
        read({
          ...(latestState === undefined ? {} : { latestState }),
          vouchRuns: { checkName: NAME, runs: [VOUCHER] },
        }),
      ]);
      expect(found?.id).toBe(7);
      expect(reads).toEqual(['statuses']);
    }
  });

  it('vouchers read under another name (a config naming another check), or not read: read over REST', async () => {
    const impostor = { ...VOUCHER, appId: 7 };
    for (const vouchRuns of [
      { checkName: 'Deploy Gate · deployed production', runs: [VOUCHER] },
      undefined,
    ]) {
      const { deployPort, reads } = counting({ states: [], runs: [impostor] });
      const found = await findAmong(deployPort, [
        read({ latestState: 'success', ...(vouchRuns ? { vouchRuns } : {}) }),
      ]);
      expect(found).toBeNull();
      expect(reads).toEqual(['check runs']);
    }
  });

  it('a voucher read with it by another app proves nothing', async () => {
    const { deployPort } = counting({ states: [], runs: [VOUCHER] });
    const found = await findAmong(deployPort, [
      read({ latestState: 'success', vouchRuns: { checkName: NAME, runs: [{ ...VOUCHER, appId: 7 }] } }),
    ]);
    expect(found).toBeNull();
  });
});
