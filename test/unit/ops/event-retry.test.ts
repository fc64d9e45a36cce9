import { describe, expect, it } from 'vitest';
import { GitHubError } from '../../../src/github/ports/github-error.ts';
import {
  DEFAULT_EVENT_RETRY,
  isTransient,
  parseEventRetry,
  waitBeforeAttempt,
} from '../../../src/ops/event-retry.ts';

describe('CHANGE_GATE_EVENT_RETRY', () => {
  it('defaults to 2 s, 5 s, 15 s and 45 s; reads comma-separated durations; off retries nothing', () => {
    expect(parseEventRetry(undefined)).toEqual(DEFAULT_EVENT_RETRY);
    expect(parseEventRetry('  ')).toEqual(DEFAULT_EVENT_RETRY);
    expect(DEFAULT_EVENT_RETRY.delaysMs).toEqual([2_000, 5_000, 15_000, 45_000]);
    expect(parseEventRetry('500ms, 1s,2m').delaysMs).toEqual([500, 1_000, 120_000]);
    expect(parseEventRetry('off')).toEqual({ ...DEFAULT_EVENT_RETRY, delaysMs: [] });
  });

  it('refuses anything else, naming the variable, the value and what to write', () => {
    expect(() => parseEventRetry('2s,soon')).toThrow(
      'CHANGE_GATE_EVENT_RETRY: "2s,soon" has "soon", not a duration; write comma-separated waits (e.g. 2s,5s,15s,45s) or off',
    );
    expect(() => parseEventRetry('2s,,5s')).toThrow(/has "", not a duration/);
    expect(() => parseEventRetry('0s')).toThrow(/has "0s", not a duration/);
    expect(() => parseEventRetry('10m')).toThrow(/has a wait longer than 5m/);
    expect(() => parseEventRetry(Array.from({ length: 11 }, () => '1s').join(','))).toThrow(
      /more than 10 waits/,
    );
  });
});

describe('which failures have an event handled again', () => {
  const github = (status: number | null, retryAt: Date | null = null) =>
    new GitHubError({ message: `HTTP ${status}`, status, request: 'POST /graphql', retryAt });

  it('a 5xx, no answer, a 429 or a 403 with a time to retry; not a 422, a GraphQL error or a bug', () => {
    expect([502, null, 429].map((status) => isTransient(github(status)))).toEqual([true, true, true]);
    expect(isTransient(github(403, new Date(0)))).toBe(true);
    expect([422, 200, 403].map((status) => isTransient(github(status)))).toEqual([false, false, false]);
    expect(isTransient(new TypeError('x is undefined'))).toBe(false);
  });

  it("follows a use case's error to GitHub's answer: its cause, or any of an AggregateError's errors", () => {
    const named = (cause: unknown) => new Error('deployment 7 not recorded for #1', { cause });
    expect(isTransient(named(github(502)))).toBe(true);
    expect(isTransient(named(github(422)))).toBe(false);
    // One change failed for good, another for now: the event is handled again (the recorded one writes nothing).
    expect(isTransient(new AggregateError([github(422), named(github(502))], 'not recorded'))).toBe(true);
    expect(isTransient(new AggregateError([github(422), new TypeError('bug')], 'not recorded'))).toBe(false);
    // A few levels deep at most, and never round a cycle.
    const cyclic = new Error('a') as Error & { cause?: unknown };
    cyclic.cause = cyclic;
    expect(isTransient(cyclic)).toBe(false);
    const deep = [1, 2, 3, 4, 5].reduce<unknown>((inner) => named(inner), github(502));
    expect(isTransient(deep)).toBe(false);
  });

  it('waits as long as the longest time GitHub asked for among the transient failures it holds', () => {
    const nowMs = Date.parse('2026-12-02T12:00:00Z');
    const error = new AggregateError(
      [github(429, new Date(nowMs + 30_000)), github(422, new Date(nowMs + 90_000))],
      'not recorded',
    );
    expect(waitBeforeAttempt({ error, attempt: 2, policy: DEFAULT_EVENT_RETRY, nowMs })).toBe(30_000);
    expect(waitBeforeAttempt({ error: github(502), attempt: 2, policy: DEFAULT_EVENT_RETRY, nowMs })).toBe(
      2_000,
    );
  });
});
