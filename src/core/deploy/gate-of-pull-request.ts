import { readCoveredPulls } from '../decision/covered-pulls-marker.ts';
import { shortSha } from '../text/short-sha.ts';
import type { DeployChange, DeployCheckRun, DeployPullRequest, TrustedApp } from './deploy-input.ts';
import { carriesEmergencyMarker } from './emergency-marker.ts';
import { readMaintenanceMarker } from './maintenance-marker.ts';
import { readStepsOwed } from './steps-owed-marker.ts';

const CHANGE_ID = /\bCHG-\d{4}-\d{3,9}\b/;

/**
 * Whether one pull request of a deploy is approved: the latest check run named `checkName` that the
 * trusted app created on the PR's merged head SHA must have concluded `success`. Runs by any other app,
 * or on another SHA, prove nothing; a commit pushed after the approval leaves its new head without one.
 * A run counts for a PR only when its covered-pulls marker lists it (one commit can be the head of several
 * PRs). Labels are never read: an emergency change is one whose trusted run carries the emergency marker,
 * and a change waits for a maintenance window only when that run's maintenance marker lists it (a marker of
 * ours that cannot be read fails the PR, closed).
 */
export function gateOfPullRequest(options: {
  pr: DeployPullRequest;
  checkName: string;
  trustedApp: TrustedApp;
}): DeployChange {
  const { pr, checkName, trustedApp } = options;
  const named = pr.checkRuns.filter((run) => run.name === checkName && run.headSha === pr.headSha);
  const trusted = named.filter((run) => isTrusted({ run, trustedApp }));
  const base = {
    pr: pr.number,
    headSha: pr.headSha,
    emergency: false,
    maintenance: null,
    changeId: null,
    checkUrl: null,
  };
  const sha = shortSha(pr.headSha);
  if (trusted.length === 0) {
    const others = [...new Set(named.map((run) => run.appSlug ?? 'unknown app'))].map((slug) =>
      slug.slice(0, 60),
    );
    if (others.length > 0) {
      return {
        ...base,
        gate: 'foreign',
        detail: `"${checkName}" on ${sha} was created by ${others.join(', ')}, not by ${trustedApp.slug}: it does not count`,
      };
    }
    return {
      ...base,
      gate: 'missing',
      detail: `no "${checkName}" check run by ${trustedApp.slug} on the merged head ${sha}`,
    };
  }
  // Our run on a commit speaks for every open PR whose head it is; it counts for #n only if it says so.
  const covering = trusted.filter((run) => readCoveredPulls(run.outputSummary)?.includes(pr.number));
  if (covering.length === 0) return uncovered({ pr, trusted, checkName, trustedApp });
  const latest = newest(covering);
  const changeId = readChangeId(latest);
  const title = (latest.outputTitle ?? '').slice(0, 200);
  const maintenance = readMaintenanceMarker({ summary: latest.outputSummary, number: pr.number });
  const owed = readStepsOwed(latest.outputSummary, pr.number);
  const seen = {
    ...base,
    changeId,
    checkUrl: latest.htmlUrl,
    emergency: carriesEmergencyMarker(latest.outputSummary),
    maintenance: maintenance.status === 'asks' ? maintenance.request : null,
    ...(owed.ok && owed.steps.length === 0 ? {} : { stepsOwed: owed.ok ? owed.steps : null }),
  };
  if (maintenance.status === 'unreadable') return { ...seen, gate: 'failed', detail: maintenance.reason };
  if (latest.status !== 'completed') {
    return { ...seen, gate: 'pending', detail: title || `"${checkName}" is ${latest.status} on ${sha}` };
  }
  if (latest.conclusion === 'success') return { ...seen, gate: 'approved', detail: title || 'approved' };
  // A completed run whose title says it waits for approvals is pending, whatever conclusion carries it.
  if (/^pending\b/i.test(title)) return { ...seen, gate: 'pending', detail: title };
  return {
    ...seen,
    gate: 'failed',
    detail: title || `"${checkName}" concluded ${latest.conclusion ?? 'without a conclusion'} on ${sha}`,
  };
}

function uncovered(options: {
  pr: DeployPullRequest;
  trusted: DeployCheckRun[];
  checkName: string;
  trustedApp: TrustedApp;
}): DeployChange {
  const { pr, checkName, trustedApp } = options;
  const run = newest(options.trusted);
  const listed = readCoveredPulls(run.outputSummary);
  const what = `"${checkName}" by ${trustedApp.slug} on ${shortSha(pr.headSha)}`;
  return {
    pr: pr.number,
    headSha: pr.headSha,
    emergency: false,
    maintenance: null,
    changeId: null,
    checkUrl: run.htmlUrl,
    gate: 'missing',
    detail:
      listed === null
        ? `${what} does not list the pull requests it covers, so it does not approve #${pr.number}`
        : `${what} covers ${listed.map((number) => `#${number}`).join(', ')}, not #${pr.number}: it does not approve it`,
  };
}

function newest(runs: DeployCheckRun[]): DeployCheckRun {
  return runs.reduce((a, b) => (b.id > a.id ? b : a));
}

function isTrusted(options: { run: DeployCheckRun; trustedApp: TrustedApp }): boolean {
  const { run, trustedApp } = options;
  if (run.appSlug === null || run.appSlug !== trustedApp.slug) return false;
  return trustedApp.id === null || run.appId === trustedApp.id;
}

function readChangeId(run: DeployCheckRun): string | null {
  const fromId = typeof run.externalId === 'string' ? CHANGE_ID.exec(run.externalId)?.[0] : undefined;
  if (fromId) return fromId;
  if (run.externalId === '') return null;
  return CHANGE_ID.exec(run.outputTitle ?? '')?.[0] ?? null;
}
