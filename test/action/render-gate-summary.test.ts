import { describe, expect, it } from 'vitest';
import { renderGateSummary } from '../../action/src/render-gate-summary.ts';

describe('renderGateSummary', () => {
  it('keeps hostile check titles inside their cell and free of HTML', () => {
    const summary = renderGateSummary({
      environment: 'production',
      sha: 'd'.repeat(40),
      lastDeployedSha: null,
      deploymentId: null,
      decision: {
        allowed: false,
        status: 'rejected',
        freeze: null,
        reasons: ['#12: x | y <img src=x onerror=alert(1)>\n| forged | row |'],
        changes: [
          {
            pr: 12,
            changeId: null,
            headSha: 'b'.repeat(40),
            gate: 'failed',
            emergency: true,
            detail: 'Rejected | <script>alert(1)</script>\n| #99 | CHG-2026-099 | x | approved |',
            checkUrl: null,
          },
        ],
      },
    });
    const rows = summary.split('\n').filter((line) => line.startsWith('| #'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(
      '| #12 | — (emergency) | `bbbbbbb` | failed | Rejected &#124; &#60;script&#62;',
    );
    expect(summary).not.toMatch(/<script|<img/);
    expect(summary).toContain('⛔ refused');
  });
});
