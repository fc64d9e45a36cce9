import { isValidTimeZone } from '../deploy/zoned-time.ts';
import { DurationError, parseDuration } from '../text/parse-duration.ts';
import type { LocatedIssue } from '../validation/located-issue.ts';
import { globProblem } from './compile-glob.ts';
import { IMPLEMENTATION_PHASES, type Policy } from './policy.ts';

const ROOT = '/change_management';
const REQUIRED_LEVELS = ['emergency', 'high', 'medium', 'low'];

/**
 * Checks a merged policy for what the schema cannot see: references between keys (stage roles, tested
 * types, catalogue types), levels added without a default, time zones, windows that end before
 * they start, and globs `compileGlob` refuses. Paths point into the user's config; a value that came
 * from the defaults points at the nearest key the user wrote.
 */
export function policyIssues(policy: Policy): LocatedIssue[] {
  const issues: LocatedIssue[] = [];
  const error = (path: string, message: string, target: 'key' | 'value' = 'value') =>
    issues.push({ path: `${ROOT}${path}`, target, message, severity: 'error' });
  checkLevels(policy, error);
  checkReferences(policy, error);
  checkWindows(policy, 'freeze_windows', error);
  checkWindows(policy, 'maintenance_windows', error);
  checkImplementationSteps(policy, error);
  checkGlobs(policy, error);
  return issues;
}

type Report = (path: string, message: string, target?: 'key' | 'value') => void;

function checkLevels(policy: Policy, error: Report): void {
  for (const [name, level] of Object.entries(policy.approval_workflow)) {
    const at = `/approval_workflow/${name}`;
    if (!Array.isArray(level.approvers) || level.approvers.length === 0) {
      error(
        at,
        `approval_workflow.${name}: missing approvers; a level without a default must list its approvers`,
        'key',
      );
    }
    if (typeof level.approval_timeout !== 'string') {
      error(at, `approval_workflow.${name}: missing approval_timeout, e.g. 4h`, 'key');
    } else {
      try {
        parseDuration(level.approval_timeout);
      } catch (caught) {
        if (!(caught instanceof DurationError)) throw caught;
        error(`${at}/approval_timeout`, `approval_timeout: ${caught.message}`);
      }
    }
  }
  for (const name of REQUIRED_LEVELS) {
    if (!Object.hasOwn(policy.approval_workflow, name))
      error('/approval_workflow', `approval_workflow: missing level ${name}`, 'key');
  }
}

function checkReferences(policy: Policy, error: Report): void {
  const types = new Set(policy.change_types.map((type) => type.toLowerCase()));
  const typeList = policy.change_types.join(', ');
  for (const [index, type] of policy.testing.required_for.entries()) {
    if (!types.has(type.toLowerCase())) {
      error(
        `/testing/required_for/${index}`,
        `testing.required_for[${index}]: "${type}" is not in change_types (${typeList}); list only configured types`,
      );
    }
  }
  const approvingRoles = new Set(Object.keys(policy.roles));
  for (const level of Object.values(policy.approval_workflow))
    for (const role of level.approvers ?? []) approvingRoles.add(role);
  const stageNames = new Set<string>();
  for (const [stageIndex, stage] of policy.approvals.stages.entries()) {
    if (stageNames.has(stage.name))
      error(
        `/approvals/stages/${stageIndex}/name`,
        `stages[${stageIndex}]: stage name "${stage.name}" is used twice`,
      );
    stageNames.add(stage.name);
    for (const [roleIndex, role] of stage.roles.entries()) {
      if (!approvingRoles.has(role)) {
        error(
          `/approvals/stages/${stageIndex}/roles/${roleIndex}`,
          `roles[${roleIndex}]: "${role}" approves at no level and is not in roles; a stage can only order roles that approve`,
        );
      }
    }
  }
  for (const [role, holders] of Object.entries(policy.roles)) {
    if (holders.teams.length === 0 && holders.users.length === 0) {
      error(
        `/roles/${escapePointer(role)}`,
        `roles.${role}: lists no teams and no users, so nobody could approve as ${role}`,
        'key',
      );
    }
  }
  const ids = new Set<string>();
  for (const [index, entry] of policy.pre_approved.entries()) {
    if (ids.has(entry.id))
      error(`/pre_approved/${index}/id`, `pre_approved[${index}]: id "${entry.id}" is used twice`);
    ids.add(entry.id);
    for (const [typeIndex, type] of entry.change_types.entries()) {
      if (!types.has(type.toLowerCase())) {
        error(
          `/pre_approved/${index}/change_types/${typeIndex}`,
          `change_types[${typeIndex}]: "${type}" is not in change_types (${typeList})`,
        );
      }
    }
  }
}

function checkWindows(policy: Policy, key: 'freeze_windows' | 'maintenance_windows', error: Report): void {
  for (const [index, window] of policy[key].entries()) {
    const at = `/${key}/${index}`;
    const label = `${key}[${index}] (${window.name})`;
    if (!isValidTimeZone(window.timezone)) {
      error(
        `${at}/timezone`,
        `timezone: "${window.timezone}" is not an IANA time zone such as UTC or Europe/Berlin`,
      );
    }
    const oneOff = window.start !== undefined || window.end !== undefined;
    if (oneOff && window.recurring) {
      error(at, `${label}: give either start and end, or recurring, not both`, 'key');
    } else if (!oneOff && !window.recurring) {
      error(at, `${label}: give start and end (a one-off window) or recurring (a weekly window)`, 'key');
    } else if (oneOff) {
      if (window.start === undefined || window.end === undefined) {
        error(at, `${label}: a one-off window needs both start and end`, 'key');
      } else {
        const start = localDateTimeValue(window.start);
        const end = localDateTimeValue(window.end);
        if (start === null) error(`${at}/start`, `start: "${window.start}" is not a real date and time`);
        if (end === null) error(`${at}/end`, `end: "${window.end}" is not a real date and time`);
        if (start !== null && end !== null && end <= start)
          error(`${at}/end`, `end: ${window.end} is not after start ${window.start}`);
      }
    } else if (window.recurring && window.recurring.to <= window.recurring.from) {
      error(`${at}/recurring/to`, `to: ${window.recurring.to} is not after from ${window.recurring.from}`);
    }
  }
}

/** Step ids are recorded in history: one id names one step. */
function checkImplementationSteps(policy: Policy, error: Report): void {
  const seen = new Set<string>();
  for (const phase of IMPLEMENTATION_PHASES) {
    for (const [index, step] of policy.implementation_steps[phase].entries()) {
      if (seen.has(step.id)) {
        error(
          `/implementation_steps/${phase}/${index}/id`,
          `implementation_steps.${phase}[${index}].id: "${step.id}" names another step too; step ids must be unique`,
        );
      }
      seen.add(step.id);
    }
  }
}

/** Globs picomatch cannot compile, or could only match slowly, would silently never match. */
function checkGlobs(policy: Policy, error: Report): void {
  const check = (globs: readonly string[], at: string, label: string) => {
    for (const [index, glob] of globs.entries()) {
      const problem = globProblem(glob);
      if (problem !== null) error(`${at}/${index}`, `${label}[${index}]: ${problem}`);
    }
  };
  check(policy.scope.branches, '/scope/branches', 'scope.branches');
  check(policy.scope.paths, '/scope/paths', 'scope.paths');
  for (const [index, entry] of policy.pre_approved.entries())
    check(entry.paths, `/pre_approved/${index}/paths`, `pre_approved[${index}].paths`);
}

/** Minutes since the epoch of a `YYYY-MM-DDTHH:mm` that names a real calendar moment, else null. */
function localDateTimeValue(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const time = Date.UTC(year, month - 1, day, hour, minute);
  const date = new Date(time);
  const real =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute;
  return real ? time / 60_000 : null;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
