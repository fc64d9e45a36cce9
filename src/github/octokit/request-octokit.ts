/**
 * The part of an Octokit client the deploy ports use: `request`. Typed structurally so that both the
 * action's @octokit/rest client (with its retries) and Probot's `context.octokit` fit, whatever the
 * versions of their generated endpoint types.
 */
export interface RequestOctokit {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ status: number; data: unknown }>;
}

/** An Octokit client bound to one repository: what the REST adapters are built from. */
export interface RepoOctokit {
  octokit: RequestOctokit;
  owner: string;
  repo: string;
}

/** GitHub answered with something that is not the documented shape: say which request, never crash later. */
export function expectList(options: { data: unknown; what: string; field?: string }): unknown[] {
  const { data, what, field } = options;
  const value = field === undefined ? data : fieldOf(data, field);
  if (!Array.isArray(value)) {
    throw new Error(`GitHub answered ${what} without the expected list${field ? ` (${field})` : ''}`);
  }
  return value;
}

export function expectObject(options: { data: unknown; what: string }): Record<string, unknown> {
  if (options.data === null || typeof options.data !== 'object' || Array.isArray(options.data)) {
    throw new Error(`GitHub answered ${options.what} without the expected object`);
  }
  return options.data as Record<string, unknown>;
}

function fieldOf(data: unknown, field: string): unknown {
  return data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[field] : undefined;
}
