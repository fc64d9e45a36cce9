import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny GitHub REST stand-in on 127.0.0.1 for running the bundled action as the runner does, until the
 * project's simulator serves deployments. It knows one repository, acme/shop, and only the routes the
 * action calls; anything else answers 404 and is recorded, so a test can assert nothing unexpected ran.
 */
export interface LoopbackState {
  config: string | null;
  deployments: Array<{
    id: number;
    sha: string;
    environment: string;
    payload: unknown;
    statuses: Array<{ state: string; description: string }>;
  }>;
  compare: Record<string, string[]>;
  pullsOfCommit: Record<string, unknown[]>;
  checkRuns: Record<string, unknown[]>;
}

export interface LoopbackGitHub {
  url: string;
  state: LoopbackState;
  requests: string[];
  unknown: string[];
  close(): Promise<void>;
}

/** The tip of main in these tests: no deployed commit is it. */
const MAIN_TIP = '7'.repeat(40);

export async function startLoopbackGitHub(state: LoopbackState): Promise<LoopbackGitHub> {
  const requests: string[] = [];
  const unknown: string[] = [];
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const line = `${request.method} ${url.pathname}`;
    requests.push(line);
    const body = request.method === 'POST' ? JSON.parse((await readBody(request)) || '{}') : null;
    const reply = (status: number, data: unknown) => {
      response.writeHead(status, {
        'content-type': typeof data === 'string' ? 'text/plain' : 'application/json',
      });
      response.end(typeof data === 'string' ? data : JSON.stringify(data));
    };
    // Octokit sends the contents path with its slashes encoded, as GitHub accepts.
    const path = decodeURIComponent(url.pathname);
    if (request.headers.authorization !== 'token ghs_loopback')
      return reply(401, { message: 'Bad credentials' });
    if (path === '/repos/acme/shop') return reply(200, { default_branch: 'main' });
    // The gate's one read of the default branch, its tip (never a deployed commit here: the compare below
    // says it is on main) and the config on it.
    if (path === '/graphql' && String(body?.query).includes('query DeployStart(')) {
      const config =
        state.config === null
          ? null
          : { __typename: 'Blob', text: state.config, isTruncated: false, isBinary: false };
      return reply(200, {
        data: {
          repository: {
            defaultBranchRef: { name: 'main', target: { __typename: 'Commit', oid: MAIN_TIP } },
            config,
          },
        },
      });
    }
    // Every deployed commit of these tests is on main.
    if (/^\/repos\/acme\/shop\/compare\/main\.\.\.[0-9a-f]{40}$/.test(path)) {
      return reply(200, { status: 'behind', total_commits: 0, commits: [] });
    }
    if (path === '/repos/acme/shop/contents/.github/change-management.yml') {
      if (url.searchParams.has('ref')) return reply(400, { message: 'the policy is never read at a commit' });
      return state.config === null ? reply(404, { message: 'Not Found' }) : reply(200, state.config);
    }
    if (path === '/repos/acme/.github/contents/.github/change-management.yml')
      return reply(404, { message: 'Not Found' });
    if (path === '/repos/acme/shop/deployments' && request.method === 'GET') {
      const environment = url.searchParams.get('environment');
      const page = Number(url.searchParams.get('page') ?? '1');
      const list = state.deployments.filter((deployment) => deployment.environment === environment).reverse();
      return reply(200, page === 1 ? list.map(deploymentJson) : []);
    }
    if (path === '/repos/acme/shop/deployments' && request.method === 'POST') {
      const deployment = {
        id: 1000 + state.deployments.length,
        sha: body.ref,
        environment: body.environment,
        payload: body.payload,
        statuses: [],
      };
      state.deployments.push(deployment);
      return reply(201, deploymentJson(deployment));
    }
    const deploymentRoute = /^\/repos\/acme\/shop\/deployments\/(\d+)(\/statuses)?$/.exec(path);
    if (deploymentRoute) {
      const deployment = state.deployments.find((candidate) => candidate.id === Number(deploymentRoute[1]));
      if (!deployment) return reply(404, { message: 'Not Found' });
      if (!deploymentRoute[2]) return reply(200, deploymentJson(deployment));
      if (request.method === 'POST') {
        deployment.statuses.unshift({ state: body.state, description: body.description });
        return reply(201, { id: deployment.statuses.length, state: body.state });
      }
      return reply(
        200,
        deployment.statuses.map((status) => ({ ...status, created_at: '2026-07-01T12:00:00Z' })),
      );
    }
    const compareRoute = /^\/repos\/acme\/shop\/compare\/([0-9a-f]+)\.\.\.([0-9a-f]+)$/.exec(path);
    if (compareRoute) {
      const commits = state.compare[`${compareRoute[1]}...${compareRoute[2]}`];
      if (!commits) return reply(404, { message: 'Not Found' });
      return reply(200, {
        status: 'ahead',
        total_commits: commits.length,
        commits: commits.map((sha) => ({ sha })),
      });
    }
    const pullsRoute = /^\/repos\/acme\/shop\/commits\/([0-9a-f]+)\/pulls$/.exec(path);
    if (pullsRoute) {
      return reply(200, state.pullsOfCommit[pullsRoute[1]!] ?? []);
    }
    const checksRoute = /^\/repos\/acme\/shop\/commits\/([0-9a-f]+)\/check-runs$/.exec(path);
    if (checksRoute) {
      const name = url.searchParams.get('check_name');
      const runs = (state.checkRuns[checksRoute[1]!] ?? []).filter(
        (run) => (run as { name: string }).name === name,
      );
      return reply(200, { total_count: runs.length, check_runs: runs });
    }
    unknown.push(line);
    return reply(404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    unknown,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function deploymentJson(deployment: LoopbackState['deployments'][number]) {
  return {
    id: deployment.id,
    sha: deployment.sha,
    environment: deployment.environment,
    payload: deployment.payload,
    created_at: '2026-07-01T12:00:00Z',
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text;
}
