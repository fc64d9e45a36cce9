import { describe, expect, it } from 'vitest';
import type { CheckRunFact } from '../../../../src/core/decision/change-facts.ts';
import { headRecordOf } from '../../../../src/core/decision/head-record-of.ts';
import { headRecordsMarker, readHeadRecords } from '../../../../src/core/decision/head-records-marker.ts';

const run = (summary: string, extra: Partial<CheckRunFact> = {}): CheckRunFact => ({
  id: 7,
  name: 'Change Gate',
  status: 'in_progress',
  conclusion: null,
  appId: 42,
  appSlug: 'change-gate',
  headSha: 'abc',
  outputTitle: 't',
  outputSummary: summary,
  startedAt: null,
  ...extra,
});

describe('head records', () => {
  it('round-trip through the marker, sorted by number', () => {
    const records = [
      { number: 13, afterComment: 4720, forcePush: 'HRFPE_kwDOA+/=' },
      { number: 12, afterComment: 4711, forcePush: null },
    ];
    const marker = headRecordsMarker(records);
    expect(marker).toBe('<!-- change-gate:heads #12@4711@- #13@4720@HRFPE_kwDOA+/= -->');
    expect(readHeadRecords(`text\n${marker}\nmore`)).toEqual([records[1], records[0]]);
    expect(readHeadRecords('no marker')).toEqual([]);
  });

  it('are read from our own latest run only, and renewed after a force-push', () => {
    const facts = {
      kind: 'pull_request' as const,
      number: 12,
      headSha: 'abc',
      comments: [
        { id: 900, author: 'x', authorIsBot: false, body: '', createdAt: '', updatedAt: '', edited: false },
      ],
      lastForcePush: null,
      checkRuns: [
        run('<!-- change-gate:heads #12@100@- -->'),
        run('<!-- change-gate:heads #12@1@- -->', { id: 8, appId: 666 }),
      ],
    };
    const options = { app: { id: 42 }, checkName: 'Change Gate' };
    expect(headRecordOf({ facts, ...options })).toEqual({ number: 12, afterComment: 100, forcePush: null });
    const pushed = { ...facts, lastForcePush: { id: 'F1', at: '2026-01-01T00:00:00Z', after: 'abc' } };
    expect(headRecordOf({ facts: pushed, ...options })).toEqual({
      number: 12,
      afterComment: 900,
      forcePush: 'F1',
    });
    expect(headRecordOf({ facts: { ...facts, kind: 'issue' }, ...options })).toBeNull();
  });
});
