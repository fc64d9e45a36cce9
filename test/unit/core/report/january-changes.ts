import type { ReportChange } from '../../../../src/core/report/report.ts';
import { editPayload, otherSigner } from '../../history/history-fixtures.ts';
import { approved, changeOf, deployed, jan, submitted } from './report-fixtures.ts';

const PAYMENTS = 'acme/payments';
const WEB = 'acme/web';

/**
 * The hand-computed fixture of the report tests: ten changes submitted in January 2025 (#1–#10), one
 * submitted in December and deployed in January (#11), one submitted exactly at the end of January (#12),
 * one whose history was tampered with (#13) and one signed by a key the reader does not know (#14).
 * Each line says what the report should measure of it.
 */
export const januaryChanges = (): ReportChange[] => [
  // #1 high security: approval 10:00 → next day 04:00 = 18h; implementation 10:00 → 12:00 = 2h; completed.
  changeOf({
    repository: PAYMENTS,
    number: 1,
    steps: [
      submitted(jan(2, 10), { priority: 'high', change_type: 'security' }),
      approved(jan(3, 4)),
      deployed('implementing', jan(3, 10), 101),
      deployed('completed', jan(3, 12), 101),
    ],
  }),
  // #2 medium feature: approval 6h; implementation 1h; completed.
  changeOf({
    repository: PAYMENTS,
    number: 2,
    steps: [
      submitted(jan(5, 9), { priority: 'medium', change_type: 'feature' }),
      approved(jan(5, 15)),
      deployed('implementing', jan(6, 9), 102),
      deployed('completed', jan(6, 10), 102),
    ],
  }),
  // #3 critical bugfix (acme/web): approval 2h; implementation 3h; failed at Jan 7 06:00.
  changeOf({
    repository: WEB,
    number: 3,
    steps: [
      submitted(jan(7, 0), { priority: 'critical', change_type: 'bugfix' }),
      approved(jan(7, 2)),
      deployed('implementing', jan(7, 3), 103),
      deployed('failed', jan(7, 6), 103),
    ],
  }),
  // #4 high infrastructure: the block was edited at 06:00, so approval runs from there: Jan 8 06:00 → Jan 9
  // 12:00 = 30h; implementation 8h; rolled back at Jan 10 08:00.
  changeOf({
    repository: PAYMENTS,
    number: 4,
    steps: [
      submitted(jan(8, 0), { priority: 'high', change_type: 'infrastructure' }),
      { event: 'invalidated', at: jan(8, 6), data: { valid: true, reason: 'edited' } },
      approved(jan(9, 12)),
      deployed('implementing', jan(10, 0), 104),
      deployed('rolled_back', jan(10, 8), 104),
    ],
  }),
  // #5 low feature: approval 4h; implementation 5h; completed Jan 11 05:00 (restores acme/payments after #4).
  changeOf({
    repository: PAYMENTS,
    number: 5,
    steps: [
      submitted(jan(10, 0), { priority: 'low', change_type: 'feature' }),
      approved(jan(10, 4)),
      deployed('implementing', jan(11, 0), 105),
      deployed('completed', jan(11, 5), 105),
    ],
  }),
  // #6 medium bugfix (acme/web): approval 8h; implementation 1h; completed Jan 7 10:00 (restores acme/web after #3).
  changeOf({
    repository: WEB,
    number: 6,
    steps: [
      submitted(jan(6, 12), { priority: 'medium', change_type: 'bugfix' }),
      approved(jan(6, 20)),
      deployed('implementing', jan(7, 9), 201),
      deployed('completed', jan(7, 10), 201),
    ],
  }),
  // #7 critical security emergency (acme/web): deployed before approval, no `approved` entry (no approval
  // time); implementation 01:00 → 01:30 = 30m; its final `completed` is the same deployment 202 (counted once).
  changeOf({
    repository: WEB,
    number: 7,
    steps: [
      submitted(jan(12, 0), { priority: 'critical', change_type: 'security', level: 'emergency' }),
      { event: 'emergency_implemented', at: jan(12, 1), data: { ...prod(202), finished: false } },
      { event: 'emergency_implemented', at: jan(12, 1, 30), data: { ...prod(202), finished: true } },
      { event: 'retroactively_approved', at: jan(12, 5), actor: 'sec-lead', data: { role: 'security-team' } },
      { event: 'reviewed', at: jan(13, 0), actor: 'sec-lead' },
      { event: 'completed', at: jan(13, 0), data: { ...prod(202), emergency: true } },
    ],
  }),
  // #8 high feature: approval exactly 24h; not deployed: approved.
  changeOf({
    repository: PAYMENTS,
    number: 8,
    steps: [submitted(jan(20, 0), { priority: 'high', change_type: 'feature' }), approved(jan(21, 0))],
  }),
  // #9 medium security: pending.
  changeOf({
    repository: PAYMENTS,
    number: 9,
    steps: [submitted(jan(25, 0), { priority: 'medium', change_type: 'security' })],
  }),
  // #10 low bugfix (acme/web): rejected.
  changeOf({
    repository: WEB,
    number: 10,
    steps: [
      submitted(jan(26, 0), { priority: 'low', change_type: 'bugfix' }),
      { event: 'rejected', at: jan(26, 6), actor: 'approver', data: { reason: 'no rollback plan' } },
    ],
  }),
  // #11 (acme/web) submitted Dec 31 20:00: not a January change, but its deployment 203 succeeded Jan 2 01:00
  // (lead time 29h) and counts for DORA.
  changeOf({
    repository: WEB,
    number: 11,
    steps: [
      submitted('2024-12-31T20:00:00.000Z', { priority: 'high', change_type: 'feature' }),
      approved(jan(1, 2)),
      deployed('implementing', jan(2, 0), 203),
      deployed('completed', jan(2, 1), 203),
    ],
  }),
  // #12 submitted at the period's end (2025-02-01T00:00Z, excluded): out.
  changeOf({
    repository: PAYMENTS,
    number: 12,
    steps: [submitted('2025-02-01T00:00:00.000Z', { priority: 'high', change_type: 'feature' })],
  }),
  // #13 its approval comment was edited after signing: tampered, set apart, listed.
  changeOf({
    repository: PAYMENTS,
    number: 13,
    steps: [submitted(jan(15, 0), { priority: 'low', change_type: 'feature' }), approved(jan(15, 1))],
    edit: (bodies) =>
      bodies.map((body, index) =>
        index === 1 ? editPayload(body, (json) => json.replace('approver', 'mallory')) : body,
      ),
  }),
  // #14 signed by a key the reader does not know: unverifiable, set apart, listed.
  changeOf({
    repository: WEB,
    number: 14,
    steps: [submitted(jan(16, 0), { priority: 'high', change_type: 'feature' })],
    signer: otherSigner,
  }),
];

function prod(deploymentId: number) {
  return { environment: 'production', production: true, deployment_id: deploymentId };
}
