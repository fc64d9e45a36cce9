import { describe, expect, test } from 'vitest';
import type { OpenChange } from '../../../src/core/sweep/open-change.ts';
import { GitHubError } from '../../../src/github/ports/github-error.ts';
import type { SweepPort } from '../../../src/github/ports/sweep-port.ts';
import { sweepInstallation } from '../../../src/use-cases/sweep-installation.ts';
import { createReconcileHarness, SEED_PR_BODY } from '../../support/reconcile-harness.ts';

const DAY = 24 * 3_600_000;

/** The search over the in-memory GitHub: open changes with the label, our runs on each head, the last comments. */
const memorySweep = (harness: ReturnType<typeof createReconcileHarness>, numbers: number[]) => {
  let searches = 0;
  const port: SweepPort = {
    async openChanges(query) {
      searches++;
      const changes: OpenChange[] = numbers
        .map((number) => harness.github.get(number))
        .filter((change) => change.state === 'open' && change.labels.includes(query.label))
        .map((change) => ({
          owner: harness.github.owner,
          repo: harness.github.repo,
          number: change.number,
          kind: change.kind,
          headSha: change.headSha,
          checkSummaries: change.checkRuns
            .filter((run) => run.appId === query.appId && run.headSha === change.headSha)
            .map((run) => run.outputSummary ?? ''),
          recentComments: change.comments
            .slice(-5)
            .map((comment) => ({ author: comment.author.replace(/\[bot\]$/, ''), body: comment.body })),
        }));
      return { changes, truncated: false };
    },
  };
  return { port, searches: () => searches };
};

const sweep = (
  harness: ReturnType<typeof createReconcileHarness>,
  port: SweepPort,
  extra: Partial<Parameters<typeof sweepInstallation>[0]> = {},
) =>
  sweepInstallation({
    deps: harness.deps,
    sweep: port,
    port: harness.github.port,
    log: { info: () => {}, warn: () => {} },
    account: { login: 'acme', type: 'Organization' },
    label: 'change',
    ...extra,
  });

describe('the sweep of one installation', () => {
  test('nothing due: one search, no read or write of any change', async () => {
    const harness = createReconcileHarness();
    const prs = [1, 2, 3].map(() =>
      harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] }),
    );
    const issue = harness.github.openIssue({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    for (const number of [...prs, issue]) await harness.reconcile(number);
    const search = memorySweep(harness, [...prs, issue]);
    const writes = harness.github.writes.length;

    const report = await sweep(harness, search.port);

    expect(report.open).toBe(4);
    expect(report.reconciled).toEqual([]);
    expect(search.searches()).toBe(1);
    expect(harness.github.writes.length).toBe(writes);
  });

  test('a missed webhook (a new head without our check, a change never evaluated) is healed', async () => {
    const harness = createReconcileHarness();
    const seen = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    const pushed = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(seen);
    await harness.reconcile(pushed);
    harness.github.push(pushed);
    const missed = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });

    const report = await sweep(harness, memorySweep(harness, [seen, pushed, missed]).port);

    expect(report.reconciled.map(({ number, reason }) => [number, reason])).toEqual([
      [pushed, 'no check run'],
      [missed, 'no check run'],
    ]);
    expect(harness.latestCheck(pushed)?.headSha).toBe(harness.github.get(pushed).headSha);
    expect(harness.history(missed).entries.map(({ entry }) => entry.event)).toEqual(['submitted']);
    expect((await sweep(harness, memorySweep(harness, [seen, pushed, missed]).port)).reconciled).toEqual([]);
  });

  test('after each reconcile the door is told the decision (to release waiting deploys); its failure stops nothing', async () => {
    const harness = createReconcileHarness();
    const first = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    const second = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    const told: Array<[string, string | null]> = [];
    const warnings: string[] = [];
    const report = await sweep(harness, memorySweep(harness, [first, second]).port, {
      log: { info: () => {}, warn: (line) => warnings.push(line) },
      afterReconcile: async (repo, decision) => {
        told.push([`${repo.owner}/${repo.repo}`, decision.status]);
        if (told.length === 1) throw new Error('the release failed');
      },
    });
    expect(told).toEqual([
      [`${harness.github.owner}/${harness.github.repo}`, 'pending_approval'],
      [`${harness.github.owner}/${harness.github.repo}`, 'pending_approval'],
    ]);
    expect(report.reconciled).toHaveLength(2);
    expect(report.failed).toEqual([]);
    expect(warnings).toEqual([
      `sweep: after ${harness.github.owner}/${harness.github.repo}#${first}: the release failed`,
    ]);
  });

  test('past the deadline: each change escalates once per period, and a second sweep does nothing', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    const issue = harness.github.openIssue({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    await harness.reconcile(issue);
    const search = memorySweep(harness, [pr, issue]);
    harness.advance(DAY);

    const first = await sweep(harness, search.port);
    const second = await sweep(harness, search.port);

    expect(first.reconciled.map(({ number, reason }) => [number, reason])).toEqual([
      [pr, 'escalation due'],
      [issue, 'escalation due'],
    ]);
    expect(second.reconciled).toEqual([]);
    for (const number of [pr, issue]) {
      const events = harness.history(number).entries.map(({ entry }) => entry.event);
      expect(events).toEqual(['submitted', 'escalated']);
    }
  });

  test('a 502 after the entry was written: the change is read again, the entry is not written twice', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.advance(DAY);
    let failures = 0;
    // GitHub writes the comment, then a proxy answers 502 (the action's client does not send it again).
    const port = {
      ...harness.github.port,
      async createComment(...args: Parameters<typeof harness.github.port.createComment>) {
        await harness.github.port.createComment(...args);
        if (failures++ > 0) return { id: 0 };
        throw new GitHubError({ message: 'Bad Gateway', status: 502, request: 'POST /comments' });
      },
    };
    const waits: Array<[number, number | null]> = [];
    const warnings: string[] = [];
    const report = await sweep(harness, memorySweep(harness, [pr]).port, {
      port,
      log: { info: () => {}, warn: (line) => warnings.push(line) },
      retry: {
        waitBefore: (error, retry) => {
          const wait = (error as GitHubError).status === 502 && retry <= 2 ? 1000 * retry : null;
          waits.push([retry, wait]);
          return wait;
        },
        sleep: async () => {},
      },
    });
    expect(report.reconciled.map(({ number }) => number)).toEqual([pr]);
    expect(report.failed).toEqual([]);
    expect(waits).toEqual([[1, 1000]]);
    expect(warnings).toEqual([
      `sweep: ${harness.github.owner}/${harness.github.repo}#${pr}: POST /comments: GitHub answered HTTP 502: Bad Gateway; read and reconciled again in 1 s`,
    ]);
    expect(harness.history(pr).entries.map(({ entry }) => entry.event)).toEqual(['submitted', 'escalated']);
  });

  test('a change that keeps failing is reported failed when its retries run out; a 404 is not retried', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    const missing = harness.github.openPullRequest({
      author: 'dana',
      body: SEED_PR_BODY,
      labels: ['change'],
    });
    const reads: number[] = [];
    const port = {
      ...harness.github.port,
      async readChange(ref: Parameters<typeof harness.github.port.readChange>[0]) {
        reads.push(ref.number);
        const status = ref.number === pr ? 503 : 404;
        throw new GitHubError({ message: 'Server Error', status, request: 'POST /graphql' });
      },
    };
    const report = await sweep(harness, memorySweep(harness, [pr, missing]).port, {
      port,
      retry: {
        waitBefore: (error, retry) => ((error as GitHubError).status === 503 && retry <= 2 ? 10 : null),
        sleep: async () => {},
      },
    });
    expect(reads).toEqual([pr, pr, pr, missing]);
    expect(report.reconciled).toEqual([]);
    expect(report.failed.map(({ number, error }) => [number, error])).toEqual([
      [pr, 'POST /graphql: GitHub answered HTTP 503: Server Error'],
      [missing, 'POST /graphql: GitHub answered HTTP 404: Server Error'],
    ]);
  });

  test('one sweep at a time per installation', async () => {
    const harness = createReconcileHarness();
    let running = 0;
    let most = 0;
    const port: SweepPort = {
      async openChanges() {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return { changes: [], truncated: false };
      },
    };
    await Promise.all([sweep(harness, port), sweep(harness, port), sweep(harness, port)]);
    expect(most).toBe(1);
  });
});

describe('what the app’s sweep does per repository and base branch', () => {
  const change = (repo: string, number: number, extra: Partial<OpenChange> = {}): OpenChange => ({
    owner: 'acme',
    repo,
    number,
    kind: 'pull_request',
    headSha: 'a'.repeat(40),
    checkSummaries: [],
    recentComments: [],
    ...extra,
  });
  const CHANGES = [
    change('web', 1, { baseRef: 'main' }),
    change('web', 2, { baseRef: 'main' }),
    change('web', 3, { baseRef: 'release' }),
    change('shop', 4, { baseRef: 'main' }),
    change('shop', 5, { kind: 'issue', headSha: null }),
  ];

  test('reads each open pull request’s base branch once (then not within ten minutes), and visits each repository once', async () => {
    const harness = createReconcileHarness();
    const reads: string[] = [];
    const visited: string[] = [];
    const cache = harness.deps.mergeRequirements;
    const options = {
      mergeRequirementFor: (repo: { owner: string; repo: string }) => ({
        settings: {
          branchRules: async (branch: string) => {
            reads.push(`${repo.repo} rules ${branch}`);
            return { requiredChecks: [], restrictedFilePaths: [] };
          },
          branchProtectionSummary: async (branch: string) => {
            reads.push(`${repo.repo} protection ${branch}`);
            return { protected: false, checks: [] };
          },
        },
        cache,
      }),
      refreshMergeRequirements: true,
      afterRepository: async (repo: { owner: string; repo: string }) => {
        visited.push(`${repo.owner}/${repo.repo}`);
      },
    };
    const port: SweepPort = { openChanges: async () => ({ changes: CHANGES, truncated: false }) };

    await sweep(harness, port, options);
    expect(reads.sort()).toEqual([
      'shop protection main',
      'shop rules main',
      'web protection main',
      'web protection release',
      'web rules main',
      'web rules release',
    ]);
    expect(visited).toEqual(['acme/web', 'acme/shop']);
    await sweep(harness, port, options);
    expect(reads).toHaveLength(6);
    expect(visited).toEqual(['acme/web', 'acme/shop', 'acme/web', 'acme/shop']);
  });
});
