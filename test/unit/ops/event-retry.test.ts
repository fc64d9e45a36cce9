import { describe, expect, it } from 'vitest';
import { DEFAULT_EVENT_RETRY, parseEventRetry } from '../../../src/ops/event-retry.ts';

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
