import { findAccount, findRepo } from './seed-helpers.ts';
import type { SimContext } from './sim-context.ts';
import { type RepoRole, repositoryCollaborators } from './state/repository-collaborators.ts';

/** Seeding: who holds which role on a repository (what the collaborator permission endpoint reports). */
export const createCollaboratorSeedApi = (ctx: () => SimContext) => ({
  /** Grants `user` the role `role` on `repo` (`owner/name`), replacing an earlier grant. */
  addCollaborator(options: { repo: string; user: string; role: RepoRole }) {
    const c = ctx();
    repositoryCollaborators(findRepo(c, options.repo)).set(findAccount(c, options.user).id, options.role);
  },
});
