import type { RepoRef } from './github-port.ts';

/** A repository's label as GitHub keeps it. */
export interface RepositoryLabel {
  name: string;
  /** Six hex digits, no `#`. */
  color: string;
  description: string | null;
}

/** A repository's labels: read, created and restyled (status labels are given their colour once, not per change). */
export interface LabelPort {
  /** Every label of the repository. */
  listLabels(repo: RepoRef): Promise<RepositoryLabel[]>;
  /** A label already there (created meanwhile by a person or a change's labels) counts as created. */
  createLabel(repo: RepoRef, label: { name: string; color: string; description: string }): Promise<void>;
  updateLabel(repo: RepoRef, label: { name: string; color: string; description: string }): Promise<void>;
}
