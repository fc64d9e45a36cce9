import { describe, expect, it } from 'vitest';
import { decisionWithoutWrites } from '../../../src/core/decision/decision.ts';
import { type IssueFact, reviewIssuePlan } from '../../../src/core/emergency/review-issue.ts';
import type { ReviewIssuePort } from '../../../src/github/ports/review-issue-port.ts';
import { applyReviewIssue } from '../../../src/use-cases/apply-review-issue.ts';
import { createReviewIssuesOpened } from '../../../src/use-cases/review-issues-opened.ts';

const BOT = 'change-gate[bot]';
const REF = { owner: 'acme', repo: 'web', number: 7 };

/**
 * Issues in memory, and every write made to them; `lagging`: the list of a login's issues leaves out those
 * opened since it was last asked before them (GitHub's list behind its writes), reading one by number does not.
 */
const memoryIssues = (options: { lagging?: boolean } = {}) => {
  const issues: IssueFact[] = [];
  const writes: string[] = [];
  const port: ReviewIssuePort = {
    readIssue: async (ref) => issues.find((issue) => issue.number === ref.number) ?? null,
    issuesOpenedBy: async (_repo, login) =>
      options.lagging ? [] : issues.filter((issue) => issue.author === login),
    async createIssue(_repo, plan) {
      const issue: IssueFact = {
        number: 100 + issues.length,
        author: BOT,
        state: 'open',
        closedBy: null,
        body: plan.body,
        htmlUrl: '',
      };
      issues.push(issue);
      writes.push(`create #${issue.number}`);
      return { ...issue };
    },
    async reopenIssue(ref) {
      writes.push(`reopen #${ref.number}`);
    },
  };
  return { port, writes, issues };
};

const implemented = () => ({
  ...decisionWithoutWrites({ changeId: 'CHG-1', status: 'implementing', emergency: true, headline: '' }),
  reviewIssue: reviewIssuePlan({
    number: REF.number,
    changeId: 'CHG-1',
    title: 'Hotfix',
    emergencyReason: 'outage',
    confirmedBy: null,
    deadline: null,
  }),
});

describe('applyReviewIssue: what it wrote, which reconcileChange counts', () => {
  it('says it wrote when it opened the review issue, not when it found the one our bot opened', async () => {
    const memory = memoryIssues();
    const first = await applyReviewIssue({
      port: memory.port,
      ref: REF,
      botLogin: BOT,
      decision: implemented(),
    });
    expect(first.wrote).toBe(true);
    const again = await applyReviewIssue({
      port: memory.port,
      ref: REF,
      botLogin: BOT,
      decision: implemented(),
    });
    expect(again.wrote).toBe(false);
    expect(memory.writes).toEqual(['create #100']);
  });

  it('says it wrote when it reopened an issue whose closing did not count', async () => {
    const memory = memoryIssues();
    const decision = {
      ...decisionWithoutWrites({ changeId: 'CHG-1', status: 'implementing', emergency: true, headline: '' }),
      reopenReviewIssue: { number: 100, comment: 'Reopened by Change Gate' },
    };
    const outcome = await applyReviewIssue({ port: memory.port, ref: REF, botLogin: BOT, decision });
    expect(outcome.wrote).toBe(true);
    expect(memory.writes).toEqual(['reopen #100']);
  });

  it('writes nothing for a decision without review-issue work, or without a port', async () => {
    const memory = memoryIssues();
    const plain = decisionWithoutWrites({
      changeId: 'CHG-1',
      status: 'approved',
      emergency: false,
      headline: '',
    });
    expect(
      (await applyReviewIssue({ port: memory.port, ref: REF, botLogin: BOT, decision: plain })).wrote,
    ).toBe(false);
    expect(
      (await applyReviewIssue({ port: undefined, ref: REF, botLogin: BOT, decision: implemented() })).wrote,
    ).toBe(false);
    expect(memory.writes).toEqual([]);
  });

  /** The emergency change's review-issue writes on `memory`, remembering what this process opened in `opened`. */
  const applyWith = (
    memory: ReturnType<typeof memoryIssues>,
    opened?: ReturnType<typeof createReviewIssuesOpened>,
    ref = REF,
  ) =>
    applyReviewIssue({
      port: memory.port,
      ref,
      botLogin: BOT,
      decision: implemented(),
      ...(opened ? { opened } : {}),
    });

  it("GitHub listing the bot's issues behind its writes: the issue this process opened is read by number and reused, not opened twice", async () => {
    const memory = memoryIssues({ lagging: true });
    const opened = createReviewIssuesOpened();
    expect((await applyWith(memory, opened)).wrote).toBe(true);
    const again = await applyWith(memory, opened);
    expect(again.wrote).toBe(false);
    expect(again.decision.history).toEqual((await applyWith(memory, opened)).decision.history);
    expect(memory.writes).toEqual(['create #100']);
    // Without the memory, the lagging list opens a second one: what the memory is for.
    await applyWith(memory);
    expect(memory.writes).toEqual(['create #100', 'create #101']);
  });

  it("a remembered issue that was deleted, rewritten without the change's marker, or transferred is not reused: a new one is opened", async () => {
    const memory = memoryIssues({ lagging: true });
    const opened = createReviewIssuesOpened();
    await applyWith(memory, opened);
    memory.issues.splice(0, 1);
    await applyWith(memory, opened);
    expect(memory.writes).toEqual(['create #100', 'create #100']);
    const issue = memory.issues[0] as IssueFact;
    issue.body = 'Nothing to see here.';
    await applyWith(memory, opened);
    expect(memory.writes).toEqual(['create #100', 'create #100', 'create #101']);
    // Transferred: GitHub's redirect answers with the issue under its new number, which is not reused.
    const transferred = memoryIssues({ lagging: true });
    const moved = createReviewIssuesOpened();
    await applyWith(transferred, moved);
    const redirected = transferred.issues[0] as IssueFact;
    transferred.port.readIssue = async () => ({ ...redirected, number: 3 });
    await applyWith(transferred, moved);
    expect(transferred.writes).toEqual(['create #100', 'create #101']);
    // Another change's memory is its own.
    expect((await applyWith(memory, opened, { ...REF, number: 8 })).wrote).toBe(true);
  });
});
