import { describe, expect, it } from 'vitest';
import type { ChangeComments, ChangeCommentsPort } from '../../../src/github/ports/change-comments-port.ts';
import type { FoundChange, ReportSourcePort } from '../../../src/github/ports/report-source-port.ts';
import { auditChangeHistory } from '../../../src/use-cases/audit-change-history.ts';
import { buildRepositoryDashboard } from '../../../src/use-cases/build-repository-dashboard.ts';
import { buildScopeReport } from '../../../src/use-cases/build-scope-report.ts';
import { appSigner, BOT, draft, NUMBER, REPOSITORY, writeChain } from '../history/history-fixtures.ts';

/**
 * The readers that read history from a search or a thread read (report, dashboard, `change-gate history`)
 * read it by the repository's id when GitHub gives it: a change's entries written before its repository
 * was renamed (they name acme/payments) are its own under acme/renamed; another repository's id under the
 * same name stays foreign.
 */
const ID = 4242;
const OTHER_ID = 777;
const RENAMED = 'acme/renamed';

/** acme/renamed#12 (acme/payments before the rename): submitted there on 2026-03-01, with repository_id `ID`. */
const comments = () =>
  writeChain([draft({ data: { repository_id: ID, required_roles: ['change-manager'] } })]).map(
    (written) => written.comment,
  );

const found = (repositoryId: number | null): FoundChange => ({
  repository: RENAMED,
  repositoryId,
  number: NUMBER,
  createdAt: '2026-03-01T09:00:00Z',
  body: null,
  comments: comments(),
  commentsComplete: true,
});

const reportPort = (change: FoundChange): ReportSourcePort => ({
  repositories: async () => ({
    ownerKind: 'Organization',
    repositories: [{ name: 'renamed', configText: null }],
    next: null,
  }),
  readConfigFile: async () => null,
  readComments: async () => {
    throw new Error('every thread fits its page');
  },
  searchChanges: async () => ({ issueCount: 1, changes: [change], next: null }),
});

const dashboardOf = (change: FoundChange) =>
  buildRepositoryDashboard({
    port: reportPort(change),
    owner: 'acme',
    repo: 'renamed',
    period: '2026-03',
    botLogin: BOT,
    verifiers: [appSigner],
    now: new Date(Date.UTC(2026, 2, 15)),
  });

const reportOf = (change: FoundChange) =>
  buildScopeReport({
    port: reportPort(change),
    scope: { kind: 'repository', owner: 'acme', repo: 'renamed' },
    period: '2026-03',
    botLogin: BOT,
    verifiers: [appSigner],
  });

const historyOf = (repositoryId: number | null | undefined) => {
  const thread: ChangeComments = {
    number: NUMBER,
    createdAt: '2026-03-01T09:00:00Z',
    comments: comments(),
    ...(repositoryId === undefined ? {} : { repositoryId }),
  };
  const port: ChangeCommentsPort = { readComments: async () => thread };
  return auditChangeHistory({
    port,
    ref: { owner: 'acme', repo: 'renamed', number: NUMBER },
    botLogin: BOT,
    verifiers: [appSigner],
  });
};

describe('history readers across a repository rename', () => {
  it('the entries of a renamed repository are signed under its old name', () => {
    expect(REPOSITORY).not.toBe(RENAMED);
  });

  it('change-gate report counts the change when the search gives its repository id', async () => {
    const report = await reportOf(found(ID));
    expect(report.total_changes).toBe(1);
    expect(report.by_status).toMatchObject({ pending: 1 });
    expect(report.not_counted.total).toBe(0);
  });

  it('change-gate report sets the change apart under another id, or with none (by name)', async () => {
    for (const repositoryId of [OTHER_ID, null]) {
      const report = await reportOf(found(repositoryId));
      expect(report.total_changes).toBe(0);
      expect(report.not_counted.total).toBe(1);
      expect(JSON.stringify(report.not_counted)).toMatch(/foreign/);
    }
  });

  it('the dashboard shows the change pending by id, and not as a pending change under another id', async () => {
    const same = await dashboardOf(found(ID));
    expect(same.open_changes.map((change) => [change.number, change.status])).toEqual([[NUMBER, 'pending']]);
    const other = await dashboardOf(found(OTHER_ID));
    expect(other.open_changes.map((change) => change.status)).not.toContain('pending');
    expect(other.report.not_counted.total).toBe(1);
  });

  it('change-gate history passes by id and fails on foreign entries under another id or by name', async () => {
    const same = await historyOf(ID);
    expect(same.passes).toBe(true);
    expect(same.report.history.map((entry) => entry.event)).toEqual(['submitted']);
    for (const repositoryId of [OTHER_ID, null, undefined]) {
      const other = await historyOf(repositoryId);
      expect(other.passes).toBe(false);
      expect(other.report.problems.map((problem) => problem.kind)).toContain('foreign');
    }
  });
});
