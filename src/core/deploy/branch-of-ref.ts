const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/**
 * The branch a deployment's `ref` names, for `scope.branches`; null when it names a tag or a commit, or
 * nothing (then the gate assumes the scope matches: fail closed). A bare name is taken as a branch: GitHub
 * Actions writes the branch name there for jobs with `environment:`.
 */
export function branchOfRef(ref: string | null | undefined): string | null {
  if (typeof ref !== 'string' || ref === '' || SHA.test(ref) || ref.startsWith('refs/tags/')) return null;
  if (ref.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length) || null;
  return ref.startsWith('refs/') ? null : ref;
}
