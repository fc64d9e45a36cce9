import type { RepositoryClients } from '../app/repository-clients.ts';
import type { RepoRef } from '../github/ports/github-port.ts';
import type { UseCaseDeps } from '../use-cases/use-case-deps.ts';
import type { Caller } from './auth/caller.ts';
import type { RateLimiter } from './http/rate-limiter.ts';

/** What every route shares for the life of the process. */
export interface ApiContext {
  deps: UseCaseDeps;
  /** The ports of a repository through the app's installation (NotInstalledError when there is none). */
  clients: (repo: RepoRef) => Promise<RepositoryClients>;
  authenticate: (authorization: string | undefined) => Promise<Caller>;
  /** Null: no rate limit (`CHANGE_GATE_API_RATE_LIMIT=off`). */
  limiter: RateLimiter | null;
  log: {
    info: (message: string) => void;
    warn: (message: string) => void;
    error: (message: string) => void;
  };
}
