import type { Logger } from 'probot';
import { describe, expect, test, vi } from 'vitest';
import { factsReply, mockTeamMembers, pullRequestNode, REPO } from '../support/github-mocks.ts';
import { examplePayload, useSealedProbot } from '../support/probot-harness.ts';
import { SEED_TEAMS } from '../support/reconcile-harness.ts';

/**
 * `logger`, its warnings (and its children's) also kept in `lines`, as text. `child` is pino's own (children
 * inherit the spied one from the event logger's parent, which would wrap them twice).
 */
const recording = (logger: Logger, lines: string[], child: Logger['child']): Logger =>
  new Proxy(logger, {
    get(target, property) {
      if (property === 'warn') {
        return (...args: unknown[]) => {
          lines.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
          return (target.warn as (...args: unknown[]) => void)(...args);
        };
      }
      if (property === 'child') {
        return (...args: Parameters<Logger['child']>) =>
          recording(child.apply(target, args) as unknown as Logger, lines, child);
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

/**
 * A status label added by hand (`change:*`: only the app writes them) is removed by the evaluation, and the log
 * names who added which label where; a hand-added label the evaluation keeps is not "removed".
 */
describe('a status label added by hand (handler path, GitHub mocked)', () => {
  const harness = useSealedProbot();

  /** Every warning the app logs through the event's logger (its children included). */
  const warningsOfEvents = (): string[] => {
    const lines: string[] = [];
    const log = harness.probot.log;
    const child = log.child;
    vi.spyOn(log, 'child').mockImplementation(
      (...args) => recording(child.apply(log, args) as unknown as Logger, lines, child) as never,
    );
    return lines;
  };

  /** A first evaluation of the seed change (pending approval), the PR carrying `labels`; what it writes. */
  const mockFirstEvaluation = (
    labels: string[],
    options: { labelsWritten: boolean },
  ): { labels?: { labels: string[] } } => {
    const writes: { labels?: { labels: string[] } } = {};
    const scope = harness.mockAuth();
    scope
      .post('/graphql', (body) => String(body.query).includes('query ChangeFacts('))
      .reply(200, factsReply(pullRequestNode({ labels: { nodes: labels.map((name) => ({ name })) } })))
      .get(/\/repos\/Codertocat\/(Hello-World|\.github)\/contents\/\.github(%2F|\/)change-management\.yml/)
      .times(2)
      .reply(404, { message: 'Not Found' });
    mockTeamMembers(scope, SEED_TEAMS);
    scope
      .post(`${REPO}/check-runs`)
      .reply(201, { id: 555 })
      .post(`${REPO}/issues/2/comments`)
      .times(2)
      .reply(201, { id: 9001 });
    // Without a mock for it, a label write fails the test (GitHub is sealed).
    if (options.labelsWritten) {
      scope
        .put(`${REPO}/issues/2/labels`, (body) => {
          writes.labels = body;
          return true;
        })
        .reply(200, []);
    }
    return writes;
  };

  const labeledBy = (login: string, label: string, labels: string[]) =>
    examplePayload('pull_request', 'labeled', (payload) => {
      payload.label = { name: label, color: 'aaaaaa' };
      payload.sender = { ...payload.sender, login, type: 'User' };
      payload.pull_request.labels = labels.map((name) => ({ name }));
    });

  test('change:approved added by @mallory on a change nobody approved: removed, and the warning says who and where', async () => {
    const labels = ['change', 'Change:Approved'];
    const writes = mockFirstEvaluation(labels, { labelsWritten: true });
    const warnings = warningsOfEvents();

    await harness.receive('pull_request', labeledBy('mallory', 'Change:Approved', labels));

    expect(writes.labels).toEqual({ labels: ['change', 'change:pending-approval'] });
    expect(warnings).toEqual([
      'Codertocat/Hello-World#2: @mallory added the status label change:approved by hand; status labels are written by Change Gate only, so it was removed',
    ]);
  });

  test('change:pending-approval added by hand on a change pending approval: kept, so no warning that it was removed', async () => {
    // Another status label is wrong too (change:approved): the labels are written, but the one added is kept.
    const labels = ['change', 'change:approved', 'change:pending-approval'];
    const writes = mockFirstEvaluation(labels, { labelsWritten: true });
    const warnings = warningsOfEvents();

    await harness.receive('pull_request', labeledBy('mallory', 'change:pending-approval', labels));

    expect(writes.labels).toEqual({ labels: ['change', 'change:pending-approval'] });
    expect(warnings).toEqual([]);
  });
});
