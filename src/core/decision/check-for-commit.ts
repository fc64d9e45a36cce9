import { emergencyMarker } from '../deploy/emergency-marker.ts';
import { maintenanceMarker } from '../deploy/maintenance-marker.ts';
import { stepsOwedMarker } from '../deploy/steps-owed-marker.ts';
import type { CheckRunPlan } from './check-run-plan.ts';
import { coveredPullsMarker } from './covered-pulls-marker.ts';
import type { Decision } from './decision.ts';
import { dueMarker, earliestDue } from './due-marker.ts';
import { type HeadRecord, headRecordsMarker } from './head-records-marker.ts';

/** One pull request whose head is the commit, and its evaluation. */
export interface PullOnCommit {
  number: number;
  decision: Pick<Decision, 'check' | 'status' | 'emergency'> &
    Partial<Pick<Decision, 'maintenance' | 'stepsOwed' | 'nextDueAt'>> & { head?: HeadRecord | null };
}

const MAX_TITLE = 250;

/** Fail closed: the check would speak for pull requests it cannot see. */
const unknownOthers = (options: { pulls: PullOnCommit[]; extraMarkers?: string[] }, own: CheckRunPlan) => {
  const plan = checkForCommit({
    pulls: options.pulls.slice(0, 1),
    ...(options.extraMarkers ? { extraMarkers: options.extraMarkers } : {}),
  }) as CheckRunPlan;
  return {
    ...plan,
    status: 'completed' as const,
    conclusion: 'failure' as const,
    title: 'Change Gate cannot tell which pull requests share this commit',
    summary: `${plan.summary}\n\n**Failed closed:** GitHub did not list every pull request whose head is this commit, and this check speaks for all of them, so it cannot pass until they can be listed. This pull request on its own: ${own.title}.`,
  };
};

type Verdict = 'pass' | 'fail' | 'wait';

const markerLines = (marker: string | null): string[] => (marker === null ? [] : [marker]);

const verdictOf = (plan: CheckRunPlan): Verdict =>
  plan.status !== 'completed' ? 'wait' : plan.conclusion === 'success' ? 'pass' : 'fail';

/**
 * Our one check run on a commit, for every open pull request whose head it is (DESIGN, trust model): the
 * first of `pulls` is the one being evaluated, the others share its head. It passes only when each of
 * them passes (a failure fails it, anything unfinished keeps it in progress), names each in its output,
 * and carries, where only our app writes, the markers others rely on: the pull requests it covers (the
 * deploy gate accepts it for #n only when it lists #n), since when each has had this head (`/approve`
 * binding), the emergency marker when every change on it is an emergency change, which of them deploy to
 * production only inside a maintenance window (with their own slots), and the implementation steps each
 * still owes before a production deploy. Pull requests whose
 * evaluation has no check on this commit are left out. Null when the first one has no check.
 */
export const checkForCommit = (options: {
  pulls: PullOnCommit[];
  /** GitHub did not list every pull request on the commit: the check cannot speak for them, so it fails. */
  othersUnknown?: boolean;
  /** Markers of other writers to keep in the summary (e.g. the other pull requests' chain heads). */
  extraMarkers?: string[];
}): CheckRunPlan | null => {
  const own = options.pulls[0]?.decision.check;
  if (!own) return null;
  if (options.othersUnknown) return unknownOthers(options, own);
  const pulls = options.pulls.filter((pull) => pull.decision.check?.headSha === own.headSha);
  const changes = pulls.filter((pull) => pull.decision.status !== null);
  const markers = [
    coveredPullsMarker(pulls.map((pull) => pull.number)),
    headRecordsMarker(pulls.flatMap((pull) => (pull.decision.head ? [pull.decision.head] : []))),
    ...(changes.length > 0 && changes.every((pull) => pull.decision.emergency) ? [emergencyMarker()] : []),
    ...markerLines(
      maintenanceMarker(
        changes.flatMap(({ number, decision }) =>
          decision.maintenance ? [{ number, request: decision.maintenance }] : [],
        ),
      ),
    ),
    ...pulls.flatMap(({ number, decision }) =>
      decision.stepsOwed?.length ? [stepsOwedMarker(number, decision.stepsOwed)] : [],
    ),
    // The sweep reads when the next of them needs an evaluation (an escalation) from here.
    dueMarker(earliestDue(changes.map((pull) => pull.decision.nextDueAt))),
    ...(options.extraMarkers ?? []),
  ].join('\n');
  if (pulls.length === 1) return { ...own, summary: `${markers}\n\n${own.summary}` };

  const plans = pulls.map((pull) => ({ number: pull.number, plan: pull.decision.check as CheckRunPlan }));
  const verdicts = plans.map(({ plan }) => verdictOf(plan));
  const state: Verdict = verdicts.includes('fail') ? 'fail' : verdicts.includes('wait') ? 'wait' : 'pass';
  const list = plans.map(({ number }) => `#${number}`).join(', ');
  return {
    name: own.name,
    headSha: own.headSha,
    status: state === 'wait' ? 'in_progress' : 'completed',
    conclusion: state === 'wait' ? null : state === 'pass' ? 'success' : 'failure',
    title: plans
      .map(({ number, plan }) => `#${number}: ${plan.title}`)
      .join(' · ')
      .slice(0, MAX_TITLE),
    summary: [
      markers,
      `This commit is the head of pull requests ${list}: the check passes only when each of them passes.`,
      ...plans.map(({ number, plan }) => `## #${number}: ${plan.title}\n\n${plan.summary}`),
    ].join('\n\n'),
    text: plans
      .filter(({ plan }) => plan.text !== '')
      .map(({ number, plan }) => `## #${number}\n\n${plan.text}`)
      .join('\n\n'),
    externalId: [...new Set(plans.map(({ plan }) => plan.externalId).filter((id) => id !== ''))].join(' '),
  };
};
