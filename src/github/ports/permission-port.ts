import type { RepositoryPermission } from '../../core/lifecycle/has-write-access.ts';
import type { RepoRef } from './github-port.ts';

/** Who may do what in a repository, as GitHub says. */
export interface PermissionPort {
  /** `login`'s base permission on the repository (`maintain` reads as `write`, `triage` as `read`). */
  repositoryPermission(repo: RepoRef, login: string): Promise<RepositoryPermission>;
}
