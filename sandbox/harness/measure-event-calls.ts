import { type GitHubSimulator, type RequestLogEntry, sequentialRoundTrips } from '../github-sim/index.ts';
import { SEED_PR_BODY } from '../seed-org.ts';
import { nextGitHubSecond } from './next-github-second.ts';

/**
 * GitHub API calls the app makes per event, measured with the simulator's request log: what `npm run bench`
 * prints and test/e2e/api-calls.test.ts asserts (counts are deterministic; no time is asserted).
 */
export interface EventFigures {
  event: string;
  /** Requests of the app (its installation token and app JWT; people's requests are not counted). */
  calls: number;
  /** Of them, the app's own authentication (GET /app, an installation token): once an hour, not per event. */
  auth: number;
  /** Requests Probot's throttle spaces about a second apart (writes and GraphQL). */
  throttled: number;
  graphql: number;
  /**
   * Sequential round trips of the webhook whose handling took the most: the act's requests grouped by the
   * delivery they answer (the app sends its id with each; one without, its authentication, counts in every
   * group). An act may cause several webhooks (a release causes the deployment's status): each is an event.
   */
  roundTrips: number;
  ms: number;
  /** The target for this kind of event: ≤ 1 call when nothing changes, ≤ 4 when something does. */
  target: number | null;
  /** Method and path (GraphQL: operation name) of each request, in order. */
  requests: string[];
}

/** The targets (#16): API calls per event and per change lifecycle, sequential round trips per event. */
export const CALL_TARGETS = { noOp: 1, stateChanging: 4, lifecycle: 25, roundTrips: 2 } as const;

/** Runs `act`, waits until every webhook it caused was handled, and counts what the app asked of GitHub. */
export const measureEvent = async (options: {
  sim: GitHubSimulator;
  event: string;
  target: number | null;
  act: () => Promise<unknown>;
  /** Other apps whose requests `act` makes (a CI app posting its check run): not the app's calls. */
  otherApps?: number[];
}): Promise<EventFigures> => {
  const { sim } = options;
  const mark = sim.mark();
  const started = performance.now();
  await options.act();
  await sim.settle();
  const ms = performance.now() - started;
  const others = new Set(options.otherApps ?? []);
  const requests = sim
    .requestsSince(mark)
    .filter(
      (request) => request.auth !== 'user' && (request.appId === undefined || !others.has(request.appId)),
    );
  const auth = requests.filter(
    (request) => request.template === '/app' || request.template?.endsWith('/access_tokens'),
  ).length;
  return {
    event: options.event,
    calls: requests.length,
    auth,
    throttled: requests.filter((request) => request.method !== 'GET').length,
    graphql: requests.filter((request) => request.api === 'graphql').length,
    roundTrips: roundTripsPerWebhook(requests),
    ms,
    target: options.target,
    requests: requests.map(
      (request) =>
        `${request.method} ${request.graphqlOperationName ?? request.template ?? request.path} → ${request.status}`,
    ),
  };
};

/** The most sequential round trips one webhook's handling took (EventFigures.roundTrips). */
export const roundTripsPerWebhook = (requests: readonly RequestLogEntry[]): number => {
  const unattributed = requests.filter((request) => request.delivery === undefined);
  const byDelivery = new Map<string, RequestLogEntry[]>();
  for (const request of requests) {
    if (request.delivery === undefined) continue;
    const own = byDelivery.get(request.delivery);
    if (own) own.push(request);
    else byDelivery.set(request.delivery, [request]);
  }
  if (byDelivery.size === 0) return sequentialRoundTrips(unattributed);
  return Math.max(...[...byDelivery.values()].map((own) => sequentialRoundTrips([...unattributed, ...own])));
};

/** The seed change as a high-priority feature: three roles approve it (security, engineering, change manager). */
export const LIFECYCLE_BODY = SEED_PR_BODY.replace(
  'change_type: "security_enhancement"',
  'change_type: "feature"',
).replace(/ {2}approvers:\n {4}- "security-team-lead"\n {4}- "engineering-manager"\n/, '');

/**
 * One change's whole life in `repo` (seeded with the procedure's config, people and a `production`
 * environment protected by the app): open, label, three approvals, merge, the deploy from the default branch
 * gated by the protection rule, and its success recorded. One row per event, and the total.
 */
export const measureLifecycle = async (options: {
  sim: GitHubSimulator;
  repo: string;
  /** The change's branch (default `mfa`): a second lifecycle in the same repository needs another. */
  head?: string;
  /**
   * Latency the simulator adds to every request while the lifecycle runs (default LIFECYCLE_LATENCY_MS):
   * without it requests end before the next can start, and reads made at once would count as sequential.
   */
  latencyMs?: number;
}): Promise<LifecycleFigures> => {
  const { sim } = options;
  sim.setLatency({ fixedMs: options.latencyMs ?? LIFECYCLE_LATENCY_MS });
  try {
    return await lifecycle(options);
  } finally {
    sim.setLatency(undefined);
  }
};

/** The lifecycle's events and totals; `quiet`: events measured on the way that are not part of it. */
export interface LifecycleFigures {
  events: EventFigures[];
  calls: number;
  auth: number;
  quiet: EventFigures[];
}

/** What the lifecycle's round trips are measured with: requests that overlap in time count once. */
export const LIFECYCLE_LATENCY_MS = 20;

const lifecycle = async (options: {
  sim: GitHubSimulator;
  repo: string;
  head?: string;
}): Promise<LifecycleFigures> => {
  const head = options.head ?? 'mfa';
  const { sim, repo } = options;
  const events: EventFigures[] = [];
  const quiet: EventFigures[] = [];
  const step = async (event: string, target: number | null, act: () => Promise<unknown>) => {
    events.push(await measureEvent({ sim, event, target, act }));
  };
  const dana = sim.as('dana');
  let number = 0;
  await step('pull_request.opened (not yet a change)', CALL_TARGETS.stateChanging, async () => {
    number = (
      await dana.openPullRequest({
        repo,
        title: 'MFA',
        body: LIFECYCLE_BODY,
        head,
        files: { [`${head}.ts`]: 'x' },
      })
    ).number;
  });
  await step('pull_request.labeled → submitted', CALL_TARGETS.stateChanging, () =>
    dana.addLabels({ repo, number, labels: ['change'] }),
  );
  // Approvals stamped with the second the change was recorded in would not count.
  await nextGitHubSecond();
  for (const [index, login] of ['sam', 'erin', 'carl'].entries()) {
    const last = index === 2 ? ' → approved' : '';
    await step(`pull_request_review.submitted (${login})${last}`, CALL_TARGETS.stateChanging, () =>
      sim.as(login).review({ repo, number, event: 'APPROVE' }),
    );
  }
  // Not part of the lifecycle (nor its total): an event that changes nothing on the approved change.
  quiet.push(
    await measureEvent({
      sim,
      event: 'pull_request.edited, block unchanged, change approved',
      target: CALL_TARGETS.noOp,
      act: () => dana.editPullRequest({ repo, number, title: 'MFA (approved)' }),
    }),
  );
  await step('pull_request.closed (merged)', CALL_TARGETS.stateChanging, () =>
    dana.mergePullRequest({ repo, number }),
  );
  let runId = 0;
  await step('deployment_protection_rule.requested → gate approves', CALL_TARGETS.stateChanging, async () => {
    runId = (await dana.startDeploymentWorkflow({ repo, environment: 'production', ref: 'main' })).runId;
  });
  if (sim.read.workflowRun({ runId }).protection[0]?.state !== 'approved') {
    throw new Error('the lifecycle: the gate did not approve the deploy of the approved change');
  }
  await step('deployment_status success → implementing, completed', CALL_TARGETS.stateChanging, () =>
    dana.completeWorkflowRun({ repo, runId, conclusion: 'success' }),
  );
  return {
    events,
    calls: events.reduce((sum, row) => sum + row.calls, 0),
    auth: events.reduce((sum, row) => sum + row.auth, 0),
    quiet,
  };
};
