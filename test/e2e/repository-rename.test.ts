import { describe, expect, test } from 'vitest';
import { personalToken, seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { callApi } from './support/api-client.ts';
import { changeScenario, LOW_PRIORITY_BODY } from './support/change-scenario.ts';
import { historyEntries, renderedCheck } from './support/history-comments.ts';
import { useE2E } from './support/use-e2e.ts';

const ADMIN = 'acme-admin';

/** History entries are bound to the repository's id: a rename keeps them, another repository's stay foreign. */
describe('history across a repository rename', () => {
  const ids = new Map<string, number>();
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      for (const name of ['before', 'taken']) ids.set(name, seedRepo(sim, { org: 'acme', name }).id);
    },
  });

  const entries = (repo: string, number: number) => historyEntries(e2e, repo, number);

  const checkText = (change: ReturnType<typeof changeScenario>): string => renderedCheck(change.check());

  test('a change submitted before its repository was renamed is approved under the new name', async () => {
    const { sim } = e2e;
    const before = await changeScenario(e2e, 'acme/before').open(LOW_PRIORITY_BODY);
    expect(before.history()).toEqual(['submitted']);
    const [submitted] = entries('acme/before', before.number);
    const id = ids.get('before');
    expect(submitted!.data).toMatchObject({ repository: 'acme/before', repository_id: id });

    // Renamed: every earlier entry still names acme/before.
    expect(sim.renameRepo({ repo: 'acme/before', name: 'after' })).toEqual({ id, fullName: 'acme/after' });

    await sim.as('carl').review({ repo: 'acme/after', number: before.number, event: 'APPROVE' });
    await sim.settle();

    const now = entries('acme/after', before.number);
    expect(now.map((entry) => entry.event)).toEqual(['submitted', 'approved']);
    expect(now[1]!.data).toMatchObject({ repository: 'acme/after', repository_id: id });
    const run = sim.read
      .checkRuns({ repo: 'acme/after', ref: before.headSha })
      .filter((check) => check.name === 'Change Gate')
      .at(-1);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(JSON.stringify(run?.output)).not.toMatch(/foreign|tampered/i);
    expect(sim.read.labels({ repo: 'acme/after', number: before.number })).toContain('change:approved');

    // The readers over a search (report, list) read its history by id too: its `submitted` under acme/before counts.
    const api = (path: string) =>
      callApi({
        appUrl: e2e.appUrl,
        method: 'GET',
        path: `/api/v1/change-management${path}`,
        token: personalToken('carl'),
      });
    const period = new Date().toISOString().slice(0, 7);
    const report = await api(`/reports?period=${period}&repository=acme/after`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      total_changes: 1,
      by_status: { approved: 1 },
      not_counted: { total: 0 },
    });
    const list = await api('/change-requests?repository=acme/after');
    expect(list.status).toBe(200);
    expect(
      list.body.change_requests.map((change: { number: number; status: string }) => [
        change.number,
        change.status,
      ]),
    ).toEqual([[before.number, 'approved']]);
  }, 90_000);

  test('a signed entry of a repository whose name another repository took stays foreign there (other id)', async () => {
    const { sim } = e2e;
    const old = await changeScenario(e2e, 'acme/taken').open(LOW_PRIORITY_BODY);
    await old.approve('carl');
    expect(old.history()).toEqual(['submitted', 'approved']);
    const approvedInOld = entries('acme/taken', old.number).find((entry) => entry.event === 'approved');
    const oldId = approvedInOld!.data.repository_id;

    // The old repository is renamed away and a new one takes its name: same name, same number, same change ID.
    sim.renameRepo({ repo: 'acme/taken', name: 'taken-archived' });
    seedRepo(sim, { org: 'acme', name: 'taken' });
    const fresh = await changeScenario(e2e, 'acme/taken').open(LOW_PRIORITY_BODY);
    expect(fresh.number).toBe(old.number);
    const [submittedInFresh] = entries('acme/taken', fresh.number);
    expect(submittedInFresh!.data.repository_id).not.toBe(oldId);

    // An admin pastes the old repository's signed `approved` entry over the new change's `submitted` comment.
    await sim.as(ADMIN).editComment({
      repo: 'acme/taken',
      commentId: submittedInFresh!.id,
      body: approvedInOld!.body,
    });
    await sim.settle();

    expect(checkText(fresh)).toMatch(
      new RegExp(
        `foreign: comment \\d+ holds an entry of acme/taken#${old.number} \\(CHG-\\d{4}-\\d{3}\\) of repository id ${oldId}`,
      ),
    );
    expect(fresh.check()).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(fresh.labels()).not.toContain('change:approved');
  }, 90_000);
});
