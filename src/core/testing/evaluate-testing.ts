import type { Change } from '../change-request/change.ts';
import type { CheckRunFact, CommitStatusFact } from '../decision/change-facts.ts';
import type { TestingPolicy } from '../policy/policy.ts';
import { shortSha } from '../text/short-sha.ts';
import { coverageInText } from './coverage-in-text.ts';
import { isTrustedRun, isTrustedStatus, untrustedSources } from './trusted-results.ts';

export interface CoverageResult {
  required: number;
  actual: number | null;
  /** Where the figure was read, e.g. `check run "coverage"`; `none` when it was not found. */
  source: string;
  ok: boolean;
}

export interface TestingOutcome {
  ok: boolean;
  /** Checks (and the coverage check) that have not finished, or not run, on the head commit. */
  pending: string[];
  /** Checks that finished without success, or coverage below the requirement. */
  failed: string[];
  coverage: CoverageResult | null;
  /** Plain-text sentences for the check output (not escaped). */
  messages: string[];
}

export interface TestingInput {
  testing: TestingPolicy;
  change: Change;
  checkRuns: CheckRunFact[];
  statuses: CommitStatusFact[];
  /** Whether this change must be tested (its type is in `required_for`, or the form says so). */
  requiresTesting: boolean;
  /** When given, only check runs on this commit count; null = the change has no commit (an issue). */
  headSha?: string | null;
  /** The name of our own check run: a run of that name, by any app, is never a test result. */
  ownCheckName?: string;
}

/**
 * The seed's testing requirements: every required check run succeeded on the head commit (the latest run
 * of each name; neutral or skipped is not success) and, where coverage is reported, it reaches
 * `test_coverage_required`. Coverage configured but not reported yet is pending, never assumed. Only
 * trusted sources count (see trusted-results.ts); a result from any other says so and counts for nothing.
 */
export function evaluateTesting(input: TestingInput): TestingOutcome {
  if (!input.requiresTesting) {
    return {
      ok: true,
      pending: [],
      failed: [],
      coverage: null,
      messages: [`testing is not required for type ${input.change.type}`],
    };
  }
  const onHead = runsOnHead(input);
  const runs = onHead.filter((run) => isTrustedRun(run, input.testing));
  const untrusted = onHead.filter((run) => !isTrustedRun(run, input.testing));
  const pending: string[] = [];
  const failed: string[] = [];
  const messages: string[] = [];
  const head =
    input.headSha === undefined
      ? 'the head commit'
      : input.headSha === null
        ? 'a commit'
        : shortSha(input.headSha);
  for (const name of new Set(input.testing.required_checks)) {
    const run = latestRun(runs, name);
    if (!run) {
      pending.push(name);
      const others = untrustedSources({
        runs: untrusted.filter((other) => other.name === name),
        statuses: [],
        testing: input.testing,
      });
      messages.push(
        input.headSha === null
          ? `required check "${name}" cannot have run: the change has no commit`
          : others
            ? `required check "${name}" has no trusted result on ${head}: the ${others}`
            : `required check "${name}" has not run on ${head}`,
      );
    } else if (run.status !== 'completed') {
      pending.push(name);
      messages.push(`required check "${name}" is ${run.status.replace('_', ' ')}`);
    } else if (run.conclusion !== 'success') {
      failed.push(name);
      messages.push(
        `required check "${name}" concluded ${run.conclusion ?? 'without a conclusion'}; it must succeed`,
      );
    }
  }
  const coverage = evaluateCoverage({ input, runs, untrusted, pending, failed, messages });
  return { ok: pending.length === 0 && failed.length === 0, pending, failed, coverage, messages };
}

/** Runs on the head commit, our own check's name excepted: whoever creates a run of that name, it is no test. */
function runsOnHead(input: TestingInput): CheckRunFact[] {
  return input.checkRuns.filter(
    (run) =>
      (input.headSha === undefined || (input.headSha !== null && run.headSha === input.headSha)) &&
      run.name !== input.ownCheckName,
  );
}

/** GitHub gives a re-run a new, higher id: the highest id of a name is its latest run. */
function latestRun(runs: CheckRunFact[], name: string): CheckRunFact | undefined {
  let latest: CheckRunFact | undefined;
  for (const run of runs) if (run.name === name && (!latest || run.id > latest.id)) latest = run;
  return latest;
}

function evaluateCoverage(options: {
  input: TestingInput;
  runs: CheckRunFact[];
  untrusted: CheckRunFact[];
  pending: string[];
  failed: string[];
  messages: string[];
}): CoverageResult | null {
  const { testing } = options.input;
  const required = testing.test_coverage_required;
  if (!(required > 0)) return null;
  const name = testing.coverage_check;
  if (name === '') {
    options.messages.push(
      `coverage of ${required}% is required but not enforced: no coverage_check is configured`,
    );
    return null;
  }
  const reading = readCoverage(options.input, options.runs, options.untrusted);
  if (reading.state === 'absent') {
    options.pending.push(name);
    options.messages.push(`coverage ${reading.why}; ${required}% is required`);
    return { required, actual: null, source: 'none', ok: false };
  }
  if (reading.actual === null) {
    options.failed.push(name);
    options.messages.push(`coverage could not be read from the ${reading.source}: no percentage found`);
    return { required, actual: null, source: reading.source, ok: false };
  }
  const ok = reading.actual >= required;
  if (!ok) {
    options.failed.push(name);
    options.messages.push(
      `coverage is ${reading.actual}% (${reading.source}), below the required ${required}%`,
    );
  }
  return { required, actual: reading.actual, source: reading.source, ok };
}

type CoverageReading =
  | { state: 'absent'; why: string }
  | { state: 'read'; actual: number | null; source: string };

function readCoverage(input: TestingInput, runs: CheckRunFact[], untrusted: CheckRunFact[]): CoverageReading {
  const name = input.testing.coverage_check;
  const run = latestRun(runs, name);
  if (run) {
    if (run.status !== 'completed')
      return { state: 'absent', why: `check "${name}" is ${run.status.replace('_', ' ')}` };
    const actual = coverageInText(run.outputTitle) ?? coverageInText(run.outputSummary);
    return { state: 'read', actual, source: `check run "${name}"` };
  }
  const named = input.statuses.filter((status) => status.context === name);
  const statuses = named.filter((status) => isTrustedStatus(status, input.testing));
  if (statuses.length === 0) {
    const others = untrustedSources({
      runs: untrusted.filter((other) => other.name === name),
      statuses: named,
      testing: input.testing,
    });
    return {
      state: 'absent',
      why: others ? `"${name}" has no trusted result: the ${others}` : `check "${name}" has not reported`,
    };
  }
  if (statuses.some((status) => status.state === 'pending'))
    return { state: 'absent', why: `status "${name}" is pending` };
  // Several statuses of one context: the lowest figure counts, whatever their order.
  const figures = statuses.map((status) => coverageInText(status.description));
  const actual = figures.includes(null) ? null : Math.min(...(figures as number[]));
  return { state: 'read', actual, source: `status "${name}"` };
}
