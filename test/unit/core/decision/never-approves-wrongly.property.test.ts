import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadHistoryKeys } from '../../../../src/app/history-keys.ts';
import { changeIdOf } from '../../../../src/core/decision/change-id.ts';
import { checkForCommit } from '../../../../src/core/decision/check-for-commit.ts';
import { evaluateChange } from '../../../../src/core/decision/evaluate-change.ts';
import { readHistory } from '../../../../src/core/history/read-history.ts';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';
import { applyDecision } from '../../../../src/use-cases/apply-decision.ts';
import { createMemoryGitHub } from '../../../support/memory-github.ts';
import { SEED_CONFIG, testPrivateKey } from '../../../support/reconcile-harness.ts';
import { ATTACKS, type Event, START, stepArb } from './change-events.ts';
import { AUTHOR, RulesModel, TEAMS, VARIANTS, votesOf } from './rules-model.ts';

/**
 * Random sequences of what people do on a change PR (reviews, comments, pushes, force-pushes, edits of
 * the block, label changes, deletions and edits of comments, dismissals; by the author, non-members and
 * role holders), each followed by the app's evaluation (evaluateChange on the facts as GitHub shows them,
 * with the signed history the app wrote so far) and its writes (check run, labels, signed entries, through
 * the real apply). After every step: the evaluation never approves what a plain model of the rules, written
 * apart from the code, would not.
 */

const keys = loadHistoryKeys({ env: {}, appPrivateKey: testPrivateKey() });
const policy = loadPolicy(SEED_CONFIG);

const play = async (steps: Array<{ event: Event; gapSeconds: number }>) => {
  let time = START;
  const now = () => new Date(time);
  const github = createMemoryGitHub({ config: SEED_CONFIG, teams: TEAMS, now });
  const pr = github.openPullRequest({ author: AUTHOR, body: VARIANTS.lowA.body, labels: ['change'] });
  const change = github.get(pr);
  const model = new RulesModel();
  /** The commit graph: sha → parent and author; the PR's commits are the head's ancestors. */
  const commits = new Map<string, { parent: string | null; author: string }>([
    [change.headSha!, { parent: null, author: AUTHOR }],
  ]);
  const shas = [change.headSha!];
  const authorsOfHead = () => {
    const authors = new Set<string>();
    for (let sha: string | null = change.headSha; sha !== null; sha = commits.get(sha)?.parent ?? null)
      authors.add(commits.get(sha)!.author);
    return [...authors];
  };
  let forcePushes = 0;
  let approvals = 0;
  model.head = change.headSha!;
  model.headSetAt = time;
  model.variants.push({ time, variant: 'lowA' });

  const evaluate = async (actor: string) => {
    change.commitAuthors = authorsOfHead();
    const read = await github.port.readChange(github.ref(pr));
    const history = readHistory({
      comments: read.comments,
      botLogin: github.app.botLogin,
      verifiers: keys.verifiers,
      changeId: changeIdOf(read),
      repository: `${github.owner}/${github.repo}`,
      number: pr,
    });
    const facts = { ...read, teamMembers: TEAMS };
    const decision = evaluateChange({ facts, policy, history, app: github.app, actor, now: now() });
    const check = checkForCommit({ pulls: [{ number: pr, decision }] });
    await applyDecision({
      port: github.port,
      ref: github.ref(pr),
      facts,
      decision: { ...decision, check },
      entries: history.entries,
      signer: keys.signer,
      app: github.app,
      now,
    });
    const world = {
      labels: change.labels,
      votes: votesOf(change),
      commitAuthors: change.commitAuthors,
      now: time,
    };
    const expected = model.approved(world);
    // Without the label the PR is not a change, and passes when the scope does not require one (it is empty here).
    const passes = check?.conclusion === 'success' && change.labels.includes('change');
    if (decision.status === 'approved' || passes) {
      expect({ approvedByModel: expected, at: new Date(time).toISOString() }).toEqual({
        approvedByModel: true,
        at: new Date(time).toISOString(),
      });
    }
    model.remember(world);
    if (decision.status === 'approved') approvals++;
    return decision;
  };

  await evaluate(AUTHOR);
  for (const { event, gapSeconds } of steps) {
    time += gapSeconds * 1000;
    let actor = 'user' in event ? event.user : AUTHOR;
    switch (event.kind) {
      case 'review': {
        // GitHub refuses an author's approval or request for changes on their own PR.
        if (event.user === AUTHOR && event.state !== 'COMMENTED') continue;
        const older = shas.filter((sha) => sha !== change.headSha);
        const commitId = event.stale && older.length > 0 ? older[older.length - 1] : change.headSha!;
        github.review(pr, { author: event.user, state: event.state, body: 'review', commitId: commitId! });
        break;
      }
      case 'comment':
        github.comment(pr, { author: event.user, body: event.body });
        break;
      case 'push': {
        const sha = (0x1000 + shas.length).toString(16).padStart(40, 'c');
        commits.set(sha, { parent: change.headSha, author: event.user });
        shas.push(sha);
        change.headSha = sha;
        model.head = sha;
        model.headSetAt = time;
        break;
      }
      case 'forcePush': {
        const older = shas.filter((sha) => sha !== change.headSha);
        const target = older[event.back % Math.max(older.length, 1)];
        if (!target) continue;
        change.headSha = target;
        change.lastForcePush = { id: `HRFPE_${++forcePushes}`, at: now().toISOString(), after: target };
        model.head = target;
        model.headSetAt = time;
        actor = AUTHOR;
        break;
      }
      case 'edit':
        if (model.variantAt(time) === event.variant) continue;
        github.edit(pr, { body: VARIANTS[event.variant].body });
        model.variants.push({ time, variant: event.variant });
        break;
      case 'label': {
        const has = change.labels.includes(event.label);
        if (has === event.add) continue;
        change.labels = event.add
          ? [...change.labels, event.label]
          : change.labels.filter((l) => l !== event.label);
        break;
      }
      case 'deleteComment': {
        const candidates = change.comments.filter((comment) => comment.authorIsBot === event.history);
        const victim = candidates[event.pick % Math.max(candidates.length, 1)];
        if (!victim) continue;
        change.comments = change.comments.filter((comment) => comment.id !== victim.id);
        break;
      }
      case 'editComment': {
        const people = change.comments.filter((comment) => !comment.authorIsBot);
        const target = people[event.pick % Math.max(people.length, 1)];
        if (!target) continue;
        github.editComment(target.id, event.body);
        actor = target.author;
        break;
      }
      case 'dismiss': {
        const open = change.reviews.filter((r) => r.state === 'APPROVED' || r.state === 'CHANGES_REQUESTED');
        const review = open[event.pick % Math.max(open.length, 1)];
        if (!review) continue;
        review.state = 'DISMISSED';
        break;
      }
    }
    await evaluate(actor);
  }
  return approvals;
};

describe('the evaluation never approves what the rules would not', () => {
  it('holds for random sequences of events by the author, non-members and role holders', async () => {
    let approvedSequences = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 25 }), async (steps) => {
        if ((await play(steps)) > 0) approvedSequences++;
      }),
      { numRuns: 1000, examples: ATTACKS.map((steps) => [steps]) },
    );
    // Not vacuous: the sequences do reach approvals the model agrees with.
    expect(approvedSequences).toBeGreaterThan(5);
  }, 120_000);
});
