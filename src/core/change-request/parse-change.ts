import { rememberedByText } from '../text/remembered-by-text.ts';
import { capProblems } from '../validation/cap-problems.ts';
import { deepFreeze } from '../validation/deep-freeze.ts';
import { INPUT_LIMITS } from '../validation/input-limits.ts';
import { type LocatedIssue, toProblems } from '../validation/located-issue.ts';
import { parseYamlSafely } from '../validation/parse-yaml-safely.ts';
import type { Problem } from '../validation/problem.ts';
import { schemaIssues } from '../validation/schema-issues.ts';
import { schemaErrors } from '../validation/schema-validators.ts';
import { blockHash } from './block-hash.ts';
import type { Change, ChangeBlock, ChangeForm, ChangeParse } from './change.ts';
import { CHANGE_TYPES } from './change.ts';
import { findChangeBlock } from './find-change-block.ts';
import { normaliseChangeType } from './normalise-change-type.ts';

export interface ParseChangeOptions {
  /** The policy's `change_types`, for the suffix rule. Default: the procedure's five types. */
  changeTypes?: readonly string[];
}

/**
 * Reads the change request out of a pull request or issue body (or a bare YAML document): finds the
 * block, parses it safely, validates it against `schemas/change-request.schema.json`, and normalises it.
 * Problem lines and columns are inside the block; add `block.startLine - 1` for body lines.
 * Never throws on bad input.
 *
 * Trust: `id`, `requester`, `request_date` and `approval_status` are system-owned. They stay in `form`
 * (the schema accepts them so the procedure's form validates verbatim) but nothing computed here or from
 * a Change may read them: approval comes from reviews, the requester from the author.
 */
export function parseChange(body: unknown, options: ParseChangeOptions = {}): ChangeParse {
  if (typeof body !== 'string' || body.length > INPUT_LIMITS.bodyChars) return parseBody(body, options);
  // JSON text holds no raw NUL: the key is unambiguous.
  const key = `${JSON.stringify(options.changeTypes ?? CHANGE_TYPES)}\u0000${body}`;
  return parsedBodies.of(key, () => frozen(parseBody(body, options)));
}

/**
 * The bodies read last and what they gave, frozen (callers share them): one evaluation reads its body several
 * times (the teams to read, the decision, its steps, its review issue), and a burst of webhooks on a change
 * evaluates the same body again and again.
 */
const parsedBodies = rememberedByText<ChangeParse>({ maxTexts: 64, maxChars: 1_000_000 });

/** Frozen all through; the block first and alone, so that freezing does not read its lazy hash. */
function frozen(parse: ChangeParse): ChangeParse {
  if (parse.status === 'valid') Object.freeze(parse.change.block);
  else if (parse.status === 'invalid' && parse.block) Object.freeze(parse.block);
  return deepFreeze(parse);
}

function parseBody(body: unknown, options: ParseChangeOptions): ChangeParse {
  if (typeof body !== 'string')
    return invalid(null, [problem(`expected the body as text, got ${typeof body}`)]);
  if (body.length > INPUT_LIMITS.bodyChars) {
    return invalid(null, [
      problem(
        `body is ${body.length.toLocaleString('en')} characters; at most ${INPUT_LIMITS.bodyChars.toLocaleString('en')} are read (GitHub bodies hold at most 65,536). Move the change block into a shorter body.`,
      ),
    ]);
  }
  const found = findChangeBlock(body);
  if (!found) return { status: 'missing' };
  const block = changeBlock(found.text, found.startLine);
  const parsed = parseYamlSafely(found.text);
  if (parsed.status === 'error') return invalid(block, parsed.problems);
  const issues = schemaIssues(schemaErrors('change-request', parsed.value));
  if (issues.length > 0) return invalid(block, toProblems(issues, parsed.source));
  const form = (parsed.value as { change_request: ChangeForm }).change_request;
  const change: Change = {
    form,
    block,
    type: normaliseChangeType(form.change_type, options.changeTypes ?? CHANGE_TYPES),
    classification: form.classification ?? 'normal',
    priority: form.priority,
    // Without an urgency the change is not urgent beyond its priority: `medium`, which no rule singles out.
    urgency: form.urgency ?? 'medium',
  };
  return { status: 'valid', change, warnings: toProblems(ignoredFieldWarnings(form), parsed.source) };
}

/**
 * The block, its hash computed when first read (then kept): reading a change for what it is, as the deploy
 * gate's payload does, needs no hash and so no node:crypto (about 4 ms of a gate's start, bench/action.bench.ts).
 */
function changeBlock(text: string, startLine: number): ChangeBlock {
  let hash: string | undefined;
  return {
    text,
    startLine,
    get hash() {
      hash ??= blockHash(text);
      return hash;
    },
  };
}

/** Fields a requester might expect to lower the bar; say plainly that they do not. */
function ignoredFieldWarnings(form: ChangeForm): LocatedIssue[] {
  const warnings: LocatedIssue[] = [];
  const warn = (key: string, message: string) =>
    warnings.push({ path: `/change_request/${key}`, target: 'value', message, severity: 'warning' });
  if (form.approval_status !== undefined && form.approval_status !== 'pending') {
    warn(
      'approval_status',
      `approval_status: ${JSON.stringify(form.approval_status)} is ignored; approval comes from reviews and /approve comments by the required roles`,
    );
  }
  if (form.approval_required === false) {
    warn(
      'approval_required',
      'approval_required: false is ignored; every change needs the approval its level requires',
    );
  }
  return warnings;
}

function invalid(block: ChangeBlock | null, problems: Problem[]): ChangeParse {
  return { status: 'invalid', block, problems: capProblems(problems) };
}

function problem(message: string): Problem {
  return { message, line: 1, column: 1, severity: 'error' };
}
