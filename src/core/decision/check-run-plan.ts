/** The Change Gate check run as an evaluation wants it to be. */
export interface CheckRunPlan {
  name: string;
  headSha: string;
  status: 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'neutral' | 'cancelled' | 'action_required' | null;
  title: string;
  summary: string;
  text: string;
  /** The change ID (empty for PRs that are not changes), so deploy gates and auditors can match runs to changes. */
  externalId: string;
}
