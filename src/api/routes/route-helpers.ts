import { NotInstalledError, type RepositoryClients } from '../../app/repository-clients.ts';
import type { ChangeFacts } from '../../core/decision/change-facts.ts';
import { changeIdOf } from '../../core/decision/change-id.ts';
import type { ChangeRef, RepoRef } from '../../github/ports/github-port.ts';
import type { ApiContext } from '../api-context.ts';
import type { Caller } from '../auth/caller.ts';
import { ApiProblem } from '../http/api-problem.ts';

const REPOSITORY = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

/** `owner/name` from the body or the query (both present: they must agree); 400 naming where otherwise. */
export const repositoryOf = (query: URLSearchParams, body?: { repository?: string }): RepoRef => {
  const fromQuery = query.get('repository');
  const fromBody = body?.repository;
  if (fromQuery !== null && fromBody !== undefined && fromQuery.toLowerCase() !== fromBody.toLowerCase()) {
    throw new ApiProblem(
      'bad_request',
      `repository is ${fromQuery} in the query but ${fromBody} in the body`,
      {
        errors: [{ pointer: '/repository', message: 'differs from the query parameter' }],
      },
    );
  }
  const text = fromBody ?? fromQuery;
  if (text === null) {
    throw new ApiProblem(
      'bad_request',
      'say which repository: `repository=owner/name` (query) or `"repository"` in the body',
      {
        errors: [{ pointer: '/repository', message: 'is required' }],
      },
    );
  }
  const match = REPOSITORY.exec(text);
  if (!match || match[2] === '.' || match[2] === '..') {
    throw new ApiProblem('bad_request', `repository "${text.slice(0, 200)}" is not owner/name`, {
      errors: [{ pointer: '/repository', message: 'must be owner/name' }],
    });
  }
  return { owner: match[1]!, repo: match[2]! };
};

/** The change an ID names in a repository: CHG-<year>-<number>, the number being the issue or PR. */
export const changeRefOf = (changeId: string, repo: RepoRef): ChangeRef => {
  const match = /^CHG-(\d{4})-(\d{3,9})$/.exec(changeId);
  if (!match) {
    throw new ApiProblem(
      'bad_request',
      `"${changeId.slice(0, 100)}" is not a change ID (CHG-<year>-<number>, e.g. CHG-2025-001)`,
      {
        errors: [{ pointer: '/change_id', message: 'must be CHG-<year>-<number>' }],
      },
    );
  }
  return { ...repo, number: Number(match[2]) };
};

/** 404 unless the change read has the ID asked for (its year is the year it was opened). */
export const expectChangeId = (
  changeId: string,
  facts: Pick<ChangeFacts, 'createdAt' | 'number'>,
  repo: RepoRef,
): void => {
  if (changeIdOf(facts) !== changeId) {
    throw new ApiProblem('not_found', `${repo.owner}/${repo.repo} has no change ${changeId}`);
  }
};

/** Approving and filing are done by people: an OIDC token (a pipeline) is refused with the rule. */
export const requireUser = (caller: Caller, what: string): Extract<Caller, { kind: 'user' }> => {
  if (caller.kind === 'user') return caller;
  throw new ApiProblem(
    'forbidden',
    `${what} needs a GitHub user token: a GitHub Actions OIDC token speaks for a workflow, not a person`,
    {
      rule: 'user_token_required',
    },
  );
};

/** An OIDC token moves only changes of its own repository. */
export const requireOidcRepository = (caller: Extract<Caller, { kind: 'oidc' }>, repo: RepoRef): void => {
  if (caller.repository.toLowerCase() !== `${repo.owner}/${repo.repo}`.toLowerCase()) {
    throw new ApiProblem(
      'forbidden',
      `the OIDC token is for ${caller.repository}, not ${repo.owner}/${repo.repo}`,
      { rule: 'oidc_repository' },
    );
  }
};

/** Reading a repository's changes needs read access (users) or a token of that repository (OIDC). */
export const requireReadAccess = async (
  caller: Caller,
  clients: RepositoryClients,
  repo: RepoRef,
): Promise<void> => {
  if (caller.kind === 'oidc') return requireOidcRepository(caller, repo);
  const permission = await clients.permissions.repositoryPermission(repo, caller.login);
  if (permission === 'none') {
    throw new ApiProblem('forbidden', `${caller.login} cannot read ${repo.owner}/${repo.repo}`, {
      rule: 'read_access',
    });
  }
};

/** The one answer for a change the caller may not see: no hint whether the repository or change exists. */
export const NOT_VISIBLE = 'change not found, or not visible to you';

/**
 * The repository's ports, once the caller is known to see it: before anything of a change is read, evaluated
 * or written (approve, implement, complete, create). A user needs at least read permission as GitHub gives it
 * to their login (the installation asks: collaborator permission), an OIDC token must be of this repository.
 * A repository without the app, or one the user cannot read, is the same uniform 404. First of all, a user's
 * own token must be able to read the repository (403 `token_repository_access` otherwise): a token made for
 * something else does not act for its owner here.
 */
export const visibleClients = async (
  api: Pick<ApiContext, 'clients'>,
  caller: Caller,
  repo: RepoRef,
): Promise<RepositoryClients> => {
  if (caller.kind === 'oidc') requireOidcRepository(caller, repo);
  else if (!(await caller.tokenSees(repo))) {
    throw new ApiProblem(
      'forbidden',
      `this token cannot see ${repo.owner}/${repo.repo}: use a token that can read the repository`,
      { rule: 'token_repository_access' },
    );
  }
  let clients: RepositoryClients;
  try {
    clients = await api.clients(repo);
  } catch (error) {
    if (error instanceof NotInstalledError) throw new ApiProblem('not_found', NOT_VISIBLE);
    throw error;
  }
  if (caller.kind === 'user') {
    const permission = await clients.permissions.repositoryPermission(repo, caller.login);
    if (permission === 'none') throw new ApiProblem('not_found', NOT_VISIBLE);
  }
  return clients;
};

/** A refusal of a use case as the problem a door answers. */
export const refusalProblem = (refusal: {
  reason: 'not_found' | 'not_allowed' | 'invalid_transition';
  message: string;
  rule?: string;
}): ApiProblem => {
  const kind =
    refusal.reason === 'not_found'
      ? 'not_found'
      : refusal.reason === 'not_allowed'
        ? 'forbidden'
        : 'conflict';
  return new ApiProblem(kind, refusal.message, { rule: refusal.rule ?? refusal.reason });
};
