import { describe, expect, it } from 'vitest';
import type {
  ChangeSearchQuery,
  FoundChange,
  ReportSourcePort,
} from '../../../src/github/ports/report-source-port.ts';
import { buildRepositoryDashboard } from '../../../src/use-cases/build-repository-dashboard.ts';
import { appSigner, BOT, draft, NUMBER, REPOSITORY, writeChain } from '../history/history-fixtures.ts';

/** acme/payments#12, submitted on 2026-03-01 and untouched since: pending approval, open on GitHub. */
const untouched = (): FoundChange => ({
  repository: REPOSITORY,
  number: NUMBER,
  createdAt: '2026-03-01T09:00:00Z',
  body: null,
  comments: writeChain([draft()]).map((written) => written.comment),
  commentsComplete: true,
});

/** The report's port over two searches: those updated since a time, and those open (however long untouched). */
const fakePort = (found: { updatedSince: FoundChange[]; open: FoundChange[] }) => {
  const searches: ChangeSearchQuery[] = [];
  const port: ReportSourcePort = {
    repositories: async () => ({
      ownerKind: 'Organization',
      repositories: [{ name: 'payments', configText: null }],
      next: null,
    }),
    readConfigFile: async () => null,
    readComments: async () => {
      throw new Error('every thread fits its page');
    },
    searchChanges: async (query) => {
      searches.push(query);
      const changes = query.state === 'open' ? found.open : found.updatedSince;
      return { issueCount: changes.length, changes, next: null };
    },
  };
  return { port, searches };
};

const dashboardOf = (port: ReportSourcePort) =>
  buildRepositoryDashboard({
    port,
    owner: 'acme',
    repo: 'payments',
    period: '2026-09',
    botLogin: BOT,
    verifiers: [appSigner],
    now: new Date(Date.UTC(2026, 8, 15)),
  });

describe('buildRepositoryDashboard', () => {
  it('lists a change open on GitHub but untouched since the trend began, found by one more search', async () => {
    const { port, searches } = fakePort({ updatedSince: [], open: [untouched()] });
    const dashboard = await dashboardOf(port);
    expect(dashboard.open_changes.map((change) => [change.number, change.status])).toEqual([
      [NUMBER, 'pending'],
    ]);
    // The report is of the changes updated since: the untouched one has no entry in its period or trend.
    expect(dashboard.report.total_changes).toBe(0);
    expect(searches.map((query) => [query.state ?? null, query.updatedSince])).toEqual([
      [null, '2026-04-01T00:00:00.000Z'],
      ['open', null],
    ]);
  });

  it('lists a change both searches find once', async () => {
    const { port } = fakePort({ updatedSince: [untouched()], open: [untouched()] });
    const dashboard = await dashboardOf(port);
    expect(dashboard.open_changes.map((change) => change.number)).toEqual([NUMBER]);
  });
});
