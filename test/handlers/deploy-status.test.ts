import type nock from 'nock';
import { describe, expect, test } from 'vitest';
import { coveredPullsMarker } from '../../src/core/decision/covered-pulls-marker.ts';
import {
  botCommentNode,
  DEPLOYED,
  factsReply,
  HEAD,
  mockDefaultBranch,
  mockGateReads,
  pullRequestNode,
  REPO,
  restCheckRun,
  restPullRequest,
} from '../support/github-mocks.ts';
import { examplePayload, useSealedProbot } from '../support/probot-harness.ts';

const GATE_PAYLOAD = {
  change_gate: {
    v: 1,
    changes: [{ pr: 2, change_id: 'CHG-2026-002', head_sha: HEAD, type: 'security', testing_required: true }],
  },
};

const MERGED = {
  state: 'MERGED',
  merged: true,
  labels: { nodes: [{ name: 'change' }, { name: 'change:approved' }] },
};

const statusPayload = (
  options: { state: string; description?: string; environment?: string; payload?: unknown } = {
    state: 'success',
  },
) =>
  examplePayload('deployment_status', 'created', (payload) => {
    payload.deployment.payload = options.payload ?? GATE_PAYLOAD;
    payload.deployment.environment = options.environment ?? 'production';
    payload.deployment_status.state = options.state;
    payload.deployment_status.description = options.description ?? '';
    payload.deployment_status.environment = options.environment ?? 'production';
  });

describe('deployment statuses recorded by the app, with GitHub mocked', () => {
  const harness = useSealedProbot();

  /**
   * What every recording reads: the gate again for this deployment (the config, none; a first deploy of
   * DEPLOYED, the merge commit of #2, approved), then the change's facts. The config is read once.
   */
  const mockReads = (
    node: Record<string, unknown> = pullRequestNode(MERGED),
    gate: { pulls?: unknown[]; environment?: string } = {},
  ) =>
    mockGateReads(harness.mockAuth(), gate)
      .post('/graphql', (body) => String(body.query).includes('query ChangeFacts('))
      .reply(200, factsReply(node));

  /** A successful gated deployment is vouched for: the app's "deployed" run on the deployed commit. */
  const mockVoucher = (scope: nock.Scope, environment = 'production') => {
    const vouchers: Array<Record<string, unknown>> = [];
    scope
      .get(`${REPO}/commits/${DEPLOYED}/check-runs`)
      .query({
        check_name: `Change Gate · deployed ${environment}`,
        filter: 'all',
        per_page: '100',
        page: '1',
      })
      .reply(200, { total_count: 0, check_runs: [] })
      .post(`${REPO}/check-runs`, (body) => {
        vouchers.push(body);
        return true;
      })
      .reply(201, { id: 777 });
    return vouchers;
  };

  const mockWrites = (
    scope: nock.Scope,
    writes: { labels?: unknown; comments: string[] },
    label?: string,
  ) => {
    if (label) {
      scope
        .put(`${REPO}/issues/2/labels`, (body) => {
          writes.labels = body;
          return true;
        })
        .reply(200, [
          { name: 'change', color: 'aaaaaa' },
          { name: label, color: '5319e7' },
        ]);
    }
    // The outcome's entry, then the implementation steps it proves and the steps comment.
    return scope
      .post(`${REPO}/issues/2/comments`, (body) => {
        // nock may offer this matcher other requests' bodies (the voucher's check run): only comments count.
        if (typeof body.body !== 'string') return false;
        writes.comments.push(body.body);
        return true;
      })
      .optionally()
      .times(4)
      .reply(201, () => ({ id: 9099 + writes.comments.length }));
  };

  /** The sentences of the history entries written, in order (one comment holds an evaluation's entries). */
  const sentences = (comments: string[]) => comments.flatMap((body) => body.match(/^\*\*CHG-.*$/gm) ?? []);
  /** The lifecycle entries among them (no step ticks). */
  const lifecycle = (comments: string[]) =>
    sentences(comments).filter((sentence) => !sentence.includes('implementation step'));

  test('success in production: a completed entry and the completed label; the app vouches for it', async () => {
    const writes: { labels?: unknown; comments: string[] } = { comments: [] };
    const vouchers = mockVoucher(mockWrites(mockReads(), writes, 'change:completed'));

    await harness.receive(
      'deployment_status',
      statusPayload({ state: 'success', description: 'Deployed. CHG-2026-002' }),
    );

    expect(writes.labels).toEqual({ labels: ['change', 'change:completed'] });
    expect(lifecycle(writes.comments)).toHaveLength(1);
    // A finished production deployment proves two implementation steps, ticked in the app's name.
    expect(sentences(writes.comments).filter((sentence) => sentence.includes('implementation step'))).toEqual(
      [
        expect.stringMatching(
          /^\*\*CHG-2026-002\*\* implementation step Deploy to production ticked by @change-gate/,
        ),
        expect.stringMatching(
          /^\*\*CHG-2026-002\*\* implementation step Monitor system health ticked by @change-gate/,
        ),
      ],
    );
    expect(writes.comments.at(-1)).toMatch(/^<!-- change-gate:steps CHG-2026-002 -->/);
    // The three entries share one comment: one call, each still signed on its own.
    expect(writes.comments).toHaveLength(2);
    expect(writes.comments[0]!.match(/<!-- change-gate:history v1 [A-Za-z0-9_-]+ -->/g)).toHaveLength(3);
    expect(writes.comments[0]).toMatch(
      /^\*\*CHG-2026-002\*\* completed in production by @Codertocat — next review \d{4}-\d{2}-\d{2}\n/,
    );
    expect(writes.comments[0]).toMatch(/<!-- change-gate:history v1 [A-Za-z0-9_-]+ -->/);
    expect(vouchers).toMatchObject([
      {
        name: 'Change Gate · deployed production',
        head_sha: DEPLOYED,
        status: 'completed',
        conclusion: 'success',
        external_id: 'deployment-145988746',
      },
    ]);
  });

  test('the same status delivered again writes nothing', async () => {
    const writes: { labels?: unknown; comments: string[] } = { comments: [] };
    mockVoucher(mockWrites(mockReads(), writes, 'change:completed'));
    await harness.receive('deployment_status', statusPayload());

    const recorded = pullRequestNode({
      ...MERGED,
      labels: { nodes: [{ name: 'change' }, { name: 'change:completed' }] },
      comments: {
        pageInfo: { hasNextPage: false, endCursor: null },
        nodes: writes.comments.map((body, index) => botCommentNode(9100 + index, body)),
      },
    });
    // The voucher is there already: read, not written again.
    mockReads(recorded)
      .get(`${REPO}/commits/${DEPLOYED}/check-runs`)
      .query(true)
      .reply(200, {
        total_count: 1,
        check_runs: [
          restCheckRun({
            name: 'Change Gate · deployed production',
            head_sha: DEPLOYED,
            external_id: 'deployment-145988746',
          }),
        ],
      });
    const written = writes.comments.length;
    await harness.receive('deployment_status', statusPayload());

    expect(writes.comments).toHaveLength(written);
  });

  /** The gate's deployment created (the action writes no `in_progress` status after it). */
  const createdPayload = (payload: unknown = GATE_PAYLOAD) =>
    examplePayload('deployment', 'created', (event) => {
      event.deployment.payload = payload;
      event.deployment.environment = 'production';
    });

  test('a deployment the gate created: its creation records implementing, as an in_progress status would', async () => {
    const writes: { labels?: unknown; comments: string[] } = { comments: [] };
    mockWrites(mockReads(), writes);

    await harness.receive('deployment', createdPayload());

    // As for a deploy's start by status: the entry at once, its label at the deploy's end.
    expect(writes.labels).toBeUndefined();
    expect(lifecycle(writes.comments)).toEqual([
      expect.stringMatching(/^\*\*CHG-2026-002\*\* implementation started in production by @Codertocat/),
    ]);

    // The same deployment's in_progress status (an older action writes one) records nothing again.
    const recorded = pullRequestNode({
      ...MERGED,
      comments: {
        pageInfo: { hasNextPage: false, endCursor: null },
        nodes: writes.comments.map((body, index) => botCommentNode(9100 + index, body)),
      },
    });
    mockReads(recorded);
    const written = writes.comments.length;
    await harness.receive('deployment_status', statusPayload({ state: 'in_progress' }));
    expect(writes.comments).toHaveLength(written);
  });

  test('the creation of an older deployment (one the gate refused to deploy with) after a newer one finished writes nothing', async () => {
    const writes: { labels?: unknown; comments: string[] } = { comments: [] };
    mockVoucher(mockWrites(mockReads(), writes, 'change:completed'));
    await harness.receive('deployment_status', statusPayload());
    const finished = statusPayload().deployment;

    const recorded = pullRequestNode({
      ...MERGED,
      labels: { nodes: [{ name: 'change' }, { name: 'change:completed' }] },
      comments: {
        pageInfo: { hasNextPage: false, endCursor: null },
        nodes: writes.comments.map((body, index) => botCommentNode(9100 + index, body)),
      },
    });
    mockReads(recorded);
    const written = writes.comments.length;
    const orphan = createdPayload();
    orphan.deployment.id = finished.id - 1;
    orphan.deployment.created_at = new Date(Date.parse(finished.created_at) - 60_000).toISOString();
    await harness.receive('deployment', orphan);

    expect(writes.comments).toHaveLength(written);
    expect(writes.labels).toEqual({ labels: ['change', 'change:completed'] });
  });

  test('a deployment the gate did not create (no gate payload) causes no API call at its creation', async () => {
    // GitHub sealed: any request would fail the delivery. Its statuses are recorded as they come.
    await harness.receive('deployment', createdPayload({}));
  });

  test('a failure described "Rolled back" records rolled_back with the reason', async () => {
    const writes: { labels?: unknown; comments: string[] } = { comments: [] };
    mockWrites(mockReads(), writes, 'change:rolled-back');

    await harness.receive(
      'deployment_status',
      statusPayload({ state: 'failure', description: 'Rolled back: error rate above 5%' }),
    );

    expect(writes.labels).toEqual({ labels: ['change', 'change:rolled-back'] });
    expect(writes.comments[0]).toMatch(
      /^\*\*CHG-2026-002\*\* rolled back in production by @Codertocat — Rolled back: error rate above 5%\n/,
    );
  });

  test('a plain failure records failed', async () => {
    const writes: { labels?: unknown; comments: string[] } = { comments: [] };
    mockWrites(mockReads(), writes, 'change:failed');

    await harness.receive(
      'deployment_status',
      statusPayload({ state: 'failure', description: 'Deploy failed.' }),
    );

    expect(writes.labels).toEqual({ labels: ['change', 'change:failed'] });
    expect(writes.comments[0]).toMatch(
      /^\*\*CHG-2026-002\*\* failed in production \(by @Codertocat\) — Deploy failed\./,
    );
  });

  test('staging: recorded in the history, the status label untouched', async () => {
    const writes: { labels?: unknown; comments: string[] } = { comments: [] };
    mockVoucher(mockWrites(mockReads(undefined, { environment: 'staging' }), writes), 'staging');

    await harness.receive('deployment_status', statusPayload({ state: 'success', environment: 'staging' }));

    expect(writes.labels).toBeUndefined();
    expect(writes.comments[0]).toMatch(/^\*\*CHG-2026-002\*\* completed in staging by @Codertocat\n/);
  });

  test('a deployment without the gate payload: the labeled PRs of its range', async () => {
    const writes: { labels?: unknown; comments: string[] } = { comments: [] };
    const pulls = [
      restPullRequest(),
      restPullRequest({ number: 3, head: { sha: 'e'.repeat(40) }, labels: [{ name: 'docs' }] }),
    ];
    const scope = mockReads(undefined, { pulls })
      .get(`${REPO}/commits/${'e'.repeat(40)}/check-runs`)
      .query(true)
      .reply(200, {
        total_count: 1,
        check_runs: [
          restCheckRun({
            head_sha: 'e'.repeat(40),
            output: { title: 'Not a change request', summary: coveredPullsMarker([3]) },
          }),
        ],
      });
    mockWrites(scope, writes);

    await harness.receive('deployment_status', statusPayload({ state: 'in_progress', payload: {} }));

    // The deploy's start is recorded at once; its label waits for the deploy's end.
    expect(writes.labels).toBeUndefined();
    expect(writes.comments[0]).toMatch(
      /^\*\*CHG-2026-002\*\* implementation started in production by @Codertocat/,
    );
  });

  test.each(['inactive', 'waiting'])('a %s status causes no API call', async (state) => {
    await harness.receive('deployment_status', statusPayload({ state }));
  });

  test('GitHub failing to answer fails the delivery without writing anything', async () => {
    mockDefaultBranch(harness.mockAuth()).get(`${REPO}/deployments`).query(true).reply(502, {});
    await expect(harness.receive('deployment_status', statusPayload())).rejects.toThrow(
      /deployment 145988746 to production \(success\) not recorded: its range cannot be read: /,
    );
  });

  test('a deployment the gate does not approve is a finding on the unapproved change, never a move', async () => {
    const writes: { labels?: unknown; comments: string[] } = { comments: [] };
    const pending = restCheckRun({
      status: 'in_progress',
      conclusion: null,
      output: { title: 'Pending approval — CHG-2026-002', summary: coveredPullsMarker([2]) },
    });
    const node = pullRequestNode({
      ...MERGED,
      labels: { nodes: [{ name: 'change' }, { name: 'change:pending-approval' }] },
    });
    const scope = mockGateReads(harness.mockAuth(), { runs: [pending] })
      .post('/graphql', (body) => String(body.query).includes('query ChangeFacts('))
      .reply(200, factsReply(node));
    mockWrites(scope, writes, 'change:deployed-unapproved');

    await harness.receive('deployment_status', statusPayload({ state: 'success' }));

    expect(writes.labels).toEqual({
      labels: ['change', 'change:pending-approval', 'change:deployed-unapproved'],
    });
    expect(writes.comments[0]).toMatch(
      /^\*\*CHG-2026-002\*\* deployed without the gate's approval in production \(by @Codertocat\) — the gate did not approve it \(pending: /,
    );
  });
});
