/** The repository fields of a history entry's `data`: what binds it to its repository (see foreignOwner). */
export interface RepositoryBinding {
  /** `owner/repo` as it is called when the entry is written. */
  repository: string;
  /** The repository's numeric id (GitHub's `databaseId`), stable across a rename or a transfer; absent when unknown. */
  repository_id?: number;
}

/**
 * `data.repository` of an entry written for a change of this repository and, when its id is known,
 * `data.repository_id`: readers then keep counting the entry after the repository is renamed or transferred.
 */
export const repositoryBinding = (repository: {
  owner: string;
  repo: string;
  repositoryId?: number | null | undefined;
}): RepositoryBinding => ({
  repository: `${repository.owner}/${repository.repo}`,
  ...(typeof repository.repositoryId === 'number' ? { repository_id: repository.repositoryId } : {}),
});
