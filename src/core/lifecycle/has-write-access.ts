/**
 * A person's base permission on a repository, as GitHub's collaborator permission endpoint reports it
 * (`maintain` reads as `write`, `triage` as `read`; custom roles as the base role they extend).
 */
export type RepositoryPermission = 'admin' | 'write' | 'read' | 'none';

/** Only people who could change the system themselves may record that they did: write, maintain or admin. */
export const hasWriteAccess = (permission: RepositoryPermission): boolean =>
  permission === 'admin' || permission === 'write';
