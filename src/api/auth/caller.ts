import type { RepoRef } from '../../github/ports/github-port.ts';

/**
 * Who calls the API, as proved by its bearer token: a GitHub user (a user token GitHub vouched for) or a
 * GitHub Actions job (an OIDC token whose signature, issuer, audience and expiry were verified).
 */
export type Caller =
  | {
      kind: 'user';
      login: string;
      /** Whether the caller's own token can read the repository (GitHub asked with that token, cached). */
      tokenSees: (repo: RepoRef) => Promise<boolean>;
    }
  | {
      kind: 'oidc';
      /** The `repository` claim, `owner/name`. */
      repository: string;
      /** The `environment` claim; null when the job runs in none. */
      environment: string | null;
      /** The `actor` claim (who triggered the run), for logs and history; null when absent. */
      actor: string | null;
      subject: string;
    };

/** The rate limiter's key and the history's actor of a caller. */
export const callerKey = (caller: Caller): string =>
  caller.kind === 'user' ? `user:${caller.login.toLowerCase()}` : `oidc:${caller.repository.toLowerCase()}`;

export const callerName = (caller: Caller): string =>
  caller.kind === 'user'
    ? caller.login
    : `${caller.repository} (GitHub Actions${caller.actor ? `, run by ${caller.actor}` : ''})`;
