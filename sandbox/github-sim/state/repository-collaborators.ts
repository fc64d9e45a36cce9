import type { Repo } from './types.ts';

/** A repository role GitHub grants: the five base roles. */
export type RepoRole = 'read' | 'triage' | 'write' | 'maintain' | 'admin';

const rolesByRepo = new WeakMap<Repo, Map<number, RepoRole>>();

/** Roles granted directly on a repository, by user id; created empty on first use. */
export const repositoryCollaborators = (repo: Repo): Map<number, RepoRole> => {
  let roles = rolesByRepo.get(repo);
  if (!roles) {
    roles = new Map();
    rolesByRepo.set(repo, roles);
  }
  return roles;
};
