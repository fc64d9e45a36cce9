import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../../src/core/policy/default-policy.ts';
import { buildReport } from '../../../../src/core/report/build-report.ts';
import { reportMarkdown } from '../../../../src/core/report/report-markdown.ts';
import { editPayload } from '../../history/history-fixtures.ts';
import { approved, changeOf, jan, type Step, submitted } from './report-fixtures.ts';

const targets = defaultPolicy().metrics.targets;

const escalated = (at: string, data: { level: string; period: number; overdue?: string }): Step => ({
  event: 'escalated',
  at,
  actor: 'change-gate[bot]',
  data: { overdue: 'approval', deadline: jan(2), ...data },
});

/** Escalations by hand: #1 (high) twice in January, #2 (critical) once in January and once in February. */
const changes = [
  changeOf({
    repository: 'acme/web',
    number: 1,
    steps: [
      submitted(jan(1), { priority: 'high', change_type: 'feature' }),
      escalated(jan(2), { level: 'high', period: 1 }),
      escalated(jan(3), { level: 'high', period: 2 }),
      approved(jan(4)),
    ],
  }),
  changeOf({
    repository: 'acme/web',
    number: 2,
    steps: [
      // Submitted in December: its January escalation still counts, by the escalation's own time.
      submitted(new Date(Date.UTC(2024, 11, 30)).toISOString(), {
        priority: 'critical',
        change_type: 'security',
      }),
      escalated(jan(20), { level: 'emergency', period: 1, overdue: 'post_implementation_review' }),
      escalated(new Date(Date.UTC(2025, 1, 2)).toISOString(), { level: 'emergency', period: 2 }),
    ],
  }),
  // Tampered: its escalation is not counted.
  changeOf({
    repository: 'acme/web',
    number: 3,
    steps: [
      submitted(jan(5), { priority: 'low', change_type: 'bugfix' }),
      escalated(jan(6), { level: 'low', period: 1 }),
    ],
    edit: (bodies) =>
      bodies.map((body, index) =>
        index === 1 ? editPayload(body, (json) => json.replace('"level":"low"', '"level":"medium"')) : body,
      ),
  }),
];

describe('escalations in the report', () => {
  const report = buildReport({ changes, period: '2025-01', targets });

  it('counts verified escalated entries of the period by priority, level, what was overdue and round', () => {
    expect(report.not_counted.total).toBe(1);
    expect(report.escalations).toEqual({
      total: 3,
      changes: 2,
      by_priority: { critical: 1, high: 2, medium: 0, low: 0 },
      by_level: { emergency: 1, high: 2 },
      by_overdue: { approval: 2, retroactive_approval: 0, post_implementation_review: 1 },
      by_round: { '1': 2, '2': 1 },
    });
    const february = buildReport({ changes, period: '2025-02', targets });
    expect(february.escalations).toMatchObject({ total: 1, changes: 1, by_priority: { critical: 1 } });
  });

  it('shows them in Markdown, and says so when there were none', () => {
    const markdown = reportMarkdown(report);
    expect(markdown).toContain('### Escalations\n\n3 escalations of 2 changes recorded in the period.');
    expect(markdown).toContain('| critical | 1 |\n| high | 2 |');
    expect(markdown).toContain(
      'By approval level: emergency: 1, high: 2. By what was overdue: approval: 2, post\\_implementation\\_review: 1. By round: round 1: 2, round 2: 1.',
    );
    const none = reportMarkdown(buildReport({ changes, period: '2025-03', targets }));
    expect(none).toContain('_No escalation was recorded in the period._');
  });
});
