import type { Change } from '../change-request/change.ts';
import type { HistoryEntry } from '../history/history-entry.ts';
import type { Policy, StepEvidence } from '../policy/policy.ts';

/**
 * What a valid change block and the testing gate prove: a rollback plan written down; a schedule (a
 * `scheduled_time`, or no maintenance window asked for); tests required and passed (a change that needs
 * no testing proves nothing about a test plan).
 */
export const blockEvidence = (options: {
  change: Change;
  testing: { required: boolean; ok: boolean };
}): StepEvidence[] => {
  const { form } = options.change;
  const evidence: StepEvidence[] = [];
  if (typeof form.rollback_plan === 'string' && form.rollback_plan.trim() !== '')
    evidence.push('rollback_plan');
  if (form.scheduled_time !== undefined || form.maintenance_window !== true) evidence.push('schedule');
  if (options.testing.required && options.testing.ok) evidence.push('testing');
  return evidence;
};

const PRODUCTION_STARTED: ReadonlySet<string> = new Set([
  'implementing',
  'completed',
  'emergency_implemented',
]);

/**
 * What the signed deployment entries prove (recorded only for deployments the gate allowed, each naming its
 * deployment; a lifecycle command's entry names none): a
 * finished deployment to a `staging_environments` environment; a production deployment started; one that
 * finished successfully.
 */
export const deploymentEvidence = (options: {
  entries: ReadonlyArray<Pick<HistoryEntry, 'event'> & { data?: HistoryEntry['data'] }>;
  policy: Pick<Policy, 'staging_environments'>;
}): StepEvidence[] => {
  const staging = new Set(options.policy.staging_environments.map((name) => name.toLowerCase()));
  const evidence = new Set<StepEvidence>();
  for (const entry of options.entries) {
    const data = entry.data ?? {};
    // A deployment's entry names it; a person's `/implement` or `/complete` on an issue proves no deployment.
    if (typeof data.deployment_id !== 'number') continue;
    const production = data.production !== false;
    const environment = String(data.environment ?? '').toLowerCase();
    if (entry.event === 'completed' && !production && staging.has(environment))
      evidence.add('staging_deployment');
    if (PRODUCTION_STARTED.has(entry.event) && production) evidence.add('production_deployment');
    // An emergency change deployed before approval records its successful finish as a finished emergency_implemented.
    const finished =
      entry.event === 'completed' || (entry.event === 'emergency_implemented' && data.finished === true);
    if (finished && production) evidence.add('deploy_finished');
  }
  return [...evidence];
};
