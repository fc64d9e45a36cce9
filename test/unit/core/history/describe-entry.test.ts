import { describe, expect, it } from 'vitest';
import { appendEntry } from '../../../../src/core/history/append-entry.ts';
import { describeEntry } from '../../../../src/core/history/describe-entry.ts';
import { HISTORY_EVENTS, type HistoryEntry } from '../../../../src/core/history/history-entry.ts';
import { draft } from '../../history/history-fixtures.ts';

const entryOf = (overrides: Parameters<typeof draft>[0]): HistoryEntry =>
  appendEntry({ history: [], draft: draft(overrides), at: '2026-03-01T10:00:00Z' });

describe('describeEntry', () => {
  it('says who submitted and which roles must approve', () => {
    expect(describeEntry(entryOf({}))).toBe(
      '**CHG-2026-012** submitted by @alice — needs security-team, engineering-manager, change-manager',
    );
    expect(describeEntry(entryOf({ data: {} }))).toBe('**CHG-2026-012** submitted by @alice');
  });

  it('has a sentence for every event, naming the change', () => {
    for (const event of HISTORY_EVENTS) {
      const sentence = describeEntry(entryOf({ event, actor: 'bob', data: {} }));
      expect(sentence.startsWith('**CHG-2026-012** ')).toBe(true);
      expect(sentence).not.toContain('undefined');
      expect(sentence).not.toContain('\n');
    }
  });

  it('uses approvers per role, conditions, environment, reason and deadline when present', () => {
    const approved = entryOf({
      event: 'approved',
      actor: 'sec-lead',
      data: {
        role: 'security-team',
        approvers: { 'security-team': ['sec-lead'], 'change-manager': [] },
        conditions: ['MFA must be tested in staging before production'],
      },
    });
    expect(describeEntry(approved)).toBe(
      '**CHG-2026-012** approved by @sec-lead for security-team — approvals: security-team: @sec-lead; ' +
        'change-manager: none yet; conditions: MFA must be tested in staging before production',
    );
    const emergency = entryOf({
      event: 'emergency_implemented',
      actor: 'oncall',
      data: { environment: 'production', deadline: '2026-03-02T10:00:00Z' },
    });
    expect(describeEntry(emergency)).toBe(
      '**CHG-2026-012** emergency change implemented in production by @oncall — retroactive approval due by 2026-03-02T10:00:00Z',
    );
    const rolledBack = entryOf({
      event: 'rolled_back',
      actor: 'ci',
      data: { environment: 'staging', reason: 'error rate' },
    });
    expect(describeEntry(rolledBack)).toBe('**CHG-2026-012** rolled back in staging by @ci — error rate');
    const voided = entryOf({
      event: 'approval_voided',
      actor: 'alice',
      data: { approver: 'sec-lead', role: 'security-team', reason: 'new commit' },
    });
    expect(describeEntry(voided)).toBe(
      '**CHG-2026-012** approval of @sec-lead for security-team voided — new commit',
    );
  });

  it('keeps user text inert in Markdown: no markup, no HTML, no mentions, one line', () => {
    const rejected = entryOf({
      event: 'rejected',
      actor: 'sec-lead',
      data: { reason: 'cc @everyone\n<img src=x onerror=alert(1)> **bold** [link](http://x) `code`' },
    });
    const sentence = describeEntry(rejected);
    expect(sentence).not.toMatch(/[<>\n]/);
    expect(sentence).not.toContain('@everyone');
    expect(sentence).toContain('@\u200beveryone');
    expect(sentence).toContain('\\*\\*bold\\*\\*');
    expect(sentence).toContain('\\[link\\](http://x)');
    expect(sentence.length).toBeLessThan(400);
  });

  it('writes plain text for exports', () => {
    expect(describeEntry(entryOf({}), 'text')).toBe(
      'CHG-2026-012 submitted by alice — needs security-team, engineering-manager, change-manager',
    );
  });
});
