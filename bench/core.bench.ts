// Pure core: parsing, policy, history verification and the one evaluation, on realistic and hostile input.

import { parseChange } from '../src/core/change-request/parse-change.ts';
import { changeIdOf } from '../src/core/decision/change-id.ts';
import { evaluateChange } from '../src/core/decision/evaluate-change.ts';
import { readHistory } from '../src/core/history/read-history.ts';
import { loadPolicy } from '../src/core/policy/load-policy.ts';
import { createReconcileHarness, SEED_CONFIG, SEED_PR_BODY } from '../test/support/reconcile-harness.ts';
import { type Measurement, measure as measureRuns } from './measure.ts';

/** `minMs`: how long each benchmark runs at least (the smoke run in CI uses a few milliseconds). */
export const coreBenchmarks = async (options: { minMs?: number } = {}): Promise<Measurement[]> => {
  const rows: Measurement[] = [];
  const measure = (what: Parameters<typeof measureRuns>[0]) =>
    measureRuns({ ...what, ...(options.minMs === undefined ? {} : { minMs: options.minMs, minRuns: 3 }) });
  // A body not read before each time (parseChange keeps the last bodies it read): the parse itself.
  let edits = 0;
  const edited = (body: string) => `${body}\n<!-- edit ${edits++} -->`;
  rows.push(
    await measure({ name: 'parseChange: seed PR body', work: () => parseChange(edited(SEED_PR_BODY)) }),
  );
  rows.push(
    await measure({ name: 'parseChange: seed PR body read again', work: () => parseChange(SEED_PR_BODY) }),
  );

  const bigBody = `${'x'.repeat(60_000)}\n${SEED_PR_BODY}`;
  rows.push(await measure({ name: 'parseChange: 60 KB body', work: () => parseChange(edited(bigBody)) }));

  const hugeBody = 'y'.repeat(10 * 2 ** 20);
  rows.push(await measure({ name: 'parseChange: 10 MB body (refused)', work: () => parseChange(hugeBody) }));

  // Nine levels of nine aliases: 9^9 nodes if expanded.
  const names = 'abcdefghi'.split('');
  const bomb = [
    '```yaml',
    'change_request:',
    '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...names.slice(1).map((name, i) => `  ${name}: &${name} [${Array(9).fill(`*${names[i]}`).join(',')}]`),
    '  title: *i',
    '```',
  ].join('\n');
  rows.push(
    await measure({ name: 'parseChange: YAML bomb (refused)', work: () => parseChange(edited(bomb)) }),
  );

  rows.push(await measure({ name: 'loadPolicy: seed config', work: () => loadPolicy(SEED_CONFIG) }));

  // A change with 4 approvals and a long signed history: the work of one webhook, minus I/O.
  const harness = createReconcileHarness();
  const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
  await harness.reconcile(pr);
  for (let round = 0; round < 25; round++) {
    harness.advance(60_000);
    harness.github.push(pr);
    await harness.reconcile(pr);
    for (const login of ['sam', 'erin', 'carl', 'lee']) {
      harness.advance(60_000);
      harness.github.review(pr, { author: login, state: 'APPROVED' });
    }
    await harness.reconcile(pr, 'lee');
  }
  const facts = {
    ...(await harness.github.port.readChange(harness.github.ref(pr))),
    teamMembers: {
      'security-team': ['sam'],
      'security-team-lead': ['lee'],
      'engineering-manager': ['erin'],
      'change-manager': ['carl'],
    },
  };
  const policy = loadPolicy(SEED_CONFIG);
  const read = () =>
    readHistory({
      comments: facts.comments,
      botLogin: harness.github.app.botLogin,
      verifiers: harness.deps.keys.verifiers,
      changeId: changeIdOf(facts),
      repository: `${facts.owner}/${facts.repo}`,
      number: facts.number,
    });
  const history = read();
  // Comment texts not read before each time (an edit outside the markers): every entry parsed and verified.
  let reads = 0;
  const readAnew = () => {
    reads++;
    return readHistory({
      comments: facts.comments.map((comment) => ({
        ...comment,
        body: `${comment.body}\n<!-- read ${reads} -->`,
      })),
      botLogin: harness.github.app.botLogin,
      verifiers: harness.deps.keys.verifiers,
      changeId: changeIdOf(facts),
      repository: `${facts.owner}/${facts.repo}`,
      number: facts.number,
    });
  };
  rows.push(
    await measure({
      name: `readHistory: ${history.entries.length} signed entries`,
      work: readAnew,
      minRuns: 10,
    }),
  );
  rows.push(
    await measure({
      name: `readHistory: ${history.entries.length} signed entries read again`,
      work: read,
      minRuns: 10,
    }),
  );
  rows.push(
    await measure({
      name: `evaluateChange: ${facts.reviews.length} reviews, ${history.entries.length} entries`,
      work: () =>
        evaluateChange({ facts, policy, history, app: harness.github.app, actor: 'lee', now: new Date() }),
    }),
  );
  return rows;
};
