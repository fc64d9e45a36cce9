import nock from 'nock';
import type { ActionIO, Annotation, Clock } from '../../action/src/action-io.ts';
import { DEFAULT_RETRY, type RetryOptions } from '../../action/src/create-action-octokit.ts';
import { coveredPullsMarker } from '../../src/core/decision/covered-pulls-marker.ts';

export const API = 'https://api.github.com';
export const REPO = '/repos/acme/shop';
export const sha = (char: string) => char.repeat(40);

export interface RecordingIO extends ActionIO {
  outputs: Record<string, string>;
  exported: Record<string, string>;
  logs: string[];
  annotations: Annotation[];
  summary: string;
}

/** The runner, in memory: inputs and environment in, outputs, exported variables, logs and summary out. */
export function recordingIO(options: {
  inputs: Record<string, string>;
  env?: Record<string, string>;
}): RecordingIO {
  const env: Record<string, string> = {
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: sha('d'),
    GITHUB_API_URL: API,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_REF_TYPE: 'branch',
    GITHUB_REF_NAME: 'main',
    ...options.env,
  };
  const io: RecordingIO = {
    outputs: {},
    exported: {},
    logs: [],
    annotations: [],
    summary: '',
    input: (name) => (options.inputs[name] ?? '').trim(),
    env: (name) => env[name],
    setOutput: (name, value) => {
      io.outputs[name] = value;
    },
    exportVariable: (name, value) => {
      io.exported[name] = value;
    },
    info: (message) => {
      io.logs.push(message);
    },
    warning: (message) => {
      io.logs.push(`warning: ${message}`);
    },
    annotate: (annotation) => {
      io.annotations.push(annotation);
    },
    appendSummary: async (markdown) => {
      io.summary += markdown;
    },
  };
  return io;
}

/** A clock that moves only when slept on; `slept` lists every wait. */
export function fakeClock(start = '2026-07-01T12:00:00Z'): Clock & { slept: number[] } {
  let now = Date.parse(start);
  const slept: number[] = [];
  return {
    slept,
    now: () => new Date(now),
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

/** The action's retry policy without waiting; `waits` records the delays that would have been slept. */
export function instantRetry(): RetryOptions & { waits: number[] } {
  const waits: number[] = [];
  return {
    ...DEFAULT_RETRY,
    waits,
    sleep: async (ms) => {
      waits.push(ms);
    },
  };
}

export interface CheckRunSpec {
  id?: number;
  headSha: string;
  status?: string;
  conclusion?: string | null;
  title?: string;
  externalId?: string;
  app?: { id: number; slug: string };
  name?: string;
  /** The pull requests the run covers (its summary's marker); default #12. */
  covers?: number[];
  /** More of our markers in the summary, after the covered-pulls one. */
  markers?: string[];
}

export function checkRun(spec: CheckRunSpec) {
  return {
    id: spec.id ?? 500,
    name: spec.name ?? 'Change Gate',
    head_sha: spec.headSha,
    status: spec.status ?? 'completed',
    conclusion: spec.conclusion === undefined ? 'success' : spec.conclusion,
    started_at: '2026-07-01T10:00:00Z',
    external_id: spec.externalId ?? 'CHG-2026-012',
    html_url: `https://github.com/acme/shop/runs/${spec.id ?? 500}`,
    output: {
      title: spec.title ?? 'Approved — CHG-2026-012',
      summary: [coveredPullsMarker(spec.covers ?? [12]), ...(spec.markers ?? [])].join('\n'),
    },
    app: spec.app ?? { id: 42, slug: 'change-gate' },
  };
}

export const CHANGE_BODY = [
  'Adds MFA.',
  '',
  '```yaml',
  'change_request:',
  '  title: "Implement MFA for Admin Access"',
  '  change_type: "security_enhancement"',
  '  priority: "high"',
  '  rollback_plan: "Disable MFA requirement via configuration"',
  '```',
].join('\n');

export function pullRequest(options: {
  number: number;
  headSha: string;
  merged?: boolean;
  labels?: string[];
  body?: string;
}) {
  return {
    number: options.number,
    title: `PR ${options.number}`,
    body: options.body ?? CHANGE_BODY,
    state: options.merged === false ? 'open' : 'closed',
    merged_at: options.merged === false ? null : '2026-07-01T09:00:00Z',
    head: { sha: options.headSha },
    base: { ref: 'main' },
    labels: (options.labels ?? ['change']).map((name) => ({ name })),
  };
}

/** The tip of main in these tests: no deployed commit is it, so the gate compares to find its branch. */
export const MAIN_TIP = '7'.repeat(40);

/** GitHub as a deploy sees it, one interceptor per expected request. */
export function github(api = API) {
  const scope = nock(api);
  const mocks = {
    scope,
    /** No config on the default branch (nor in acme/.github); `deployed` is on main. */
    noConfig(deployed: string) {
      mocks.defaultBranch(null);
      scope
        .get('/repos/acme/.github/contents/.github%2Fchange-management.yml')
        .reply(404, { message: 'Not Found' });
      return mocks.onMain(deployed);
    },
    /** `yaml` is the config on the default branch (never read at a commit); `deployed` is on main. */
    config(deployed: string, yaml: string) {
      mocks.defaultBranch(yaml);
      return mocks.onMain(deployed);
    },
    /**
     * The gate's one GraphQL read: the default branch (main), its tip (MAIN_TIP, never a deployed commit
     * here) and the config on it (`config`; null: none).
     */
    defaultBranch(config: string | null) {
      scope
        .post('/graphql', (body) => String(body.query).includes('query DeployStart('))
        .reply(200, {
          data: {
            repository: {
              defaultBranchRef: { name: 'main', target: { __typename: 'Commit', oid: MAIN_TIP } },
              config:
                config === null
                  ? null
                  : { __typename: 'Blob', text: config, isTruncated: false, isBinary: false },
            },
          },
        });
      return mocks;
    },
    /** `deployed` is on main, the default branch (or, with `on: false`, on no deploy branch): the compare says. */
    onMain(deployed: string, on = true) {
      scope
        .get(`${REPO}/compare/main...${deployed}`)
        .query({ page: '1', per_page: '1' })
        .reply(200, { status: on ? 'behind' : 'diverged', total_commits: on ? 0 : 1, commits: [] });
      return mocks;
    },
    /**
     * The environment's deployments, newest first, read until the first one the app vouched for (a
     * successful one is vouched for unless `vouched: false`: a "Change Gate · deployed production" run of
     * the app naming it, on its commit).
     */
    deployments(list: Array<{ id: number; sha: string; states: string[]; vouched?: boolean }>) {
      scope
        .get(`${REPO}/deployments`)
        .query({ environment: 'production', page: '1', per_page: '100' })
        .reply(
          200,
          list.map((deployment) => ({
            id: deployment.id,
            sha: deployment.sha,
            environment: 'production',
            created_at: '2026-06-30T10:00:00Z',
            payload: {},
          })),
        );
      for (const deployment of list) {
        scope
          .get(`${REPO}/deployments/${deployment.id}/statuses`)
          .query({ per_page: '100' })
          .reply(
            200,
            deployment.states.map((state) => ({
              state,
              description: '',
              created_at: '2026-06-30T10:00:00Z',
            })),
          );
        const succeeded = deployment.states.find((state) => state !== 'inactive') === 'success';
        if (!succeeded) continue;
        const vouched = deployment.vouched !== false;
        scope
          .get(`${REPO}/commits/${deployment.sha}/check-runs`)
          .query({
            check_name: 'Change Gate · deployed production',
            filter: 'all',
            per_page: '100',
            page: '1',
          })
          .reply(200, {
            total_count: vouched ? 1 : 0,
            check_runs: vouched
              ? [
                  {
                    ...checkRun({ id: 900 + deployment.id, headSha: deployment.sha, covers: [] }),
                    name: 'Change Gate · deployed production',
                    external_id: `deployment-${deployment.id}`,
                  },
                ]
              : [],
          });
        if (vouched) break;
      }
      return mocks;
    },
    /**
     * The range read over REST: `DeployRange` first (its answer here tells nothing, as for a branch that left
     * before the range's start), then the compare.
     */
    compare(base: string, head: string, commits: string[], status = 'ahead') {
      scope
        .post('/graphql', (body) => String(body.query).includes('query DeployRange('))
        .reply(200, { data: { repository: { head: { __typename: 'Commit', history: { nodes: [] } } } } })
        .get(`${REPO}/compare/${base}...${head}`)
        .query({ page: '1', per_page: '100' })
        .reply(200, {
          status,
          total_commits: commits.length,
          commits: commits.map((commit) => ({ sha: commit })),
        });
      return mocks;
    },
    pullsOf(commit: string, prs: unknown[]) {
      scope.get(`${REPO}/commits/${commit}/pulls`).query({ per_page: '100', page: '1' }).reply(200, prs);
      return mocks;
    },
    checkRuns(headSha: string, runs: unknown[], times = 1) {
      scope
        .get(`${REPO}/commits/${headSha}/check-runs`)
        .query({ check_name: 'Change Gate', filter: 'all', per_page: '100', page: '1' })
        .times(times)
        .reply(200, { total_count: runs.length, check_runs: runs });
      return mocks;
    },
  };
  return mocks;
}
