import { describe, expect, it } from 'vitest';
import { renderGateSummary } from '../../action/src/render-gate-summary.ts';

describe('renderGateSummary', () => {
  it('keeps hostile check titles inside their cell and free of HTML', () => {
    const summary = renderGateSummary({
      environment: 'production',
      sha: 'd'.repeat(40),
      historyRead: true,
      lastDeployedSha: null,
      deploymentId: null,
      decision: {
        allowed: false,
        status: 'rejected',
        freeze: null,
        maintenance: null,
        reasons: ['#12: x | y <img src=x onerror=alert(1)>\n| forged | row |'],
        changes: [
          {
            pr: 12,
            changeId: null,
            headSha: 'b'.repeat(40),
            gate: 'failed',
            emergency: true,
            maintenance: null,
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

  it('claims nothing about earlier deployments when the history could not be read', () => {
    const options = {
      environment: 'production',
      sha: 'd'.repeat(40),
      deploymentId: null,
      decision: {
        allowed: false,
        status: 'error' as const,
        freeze: null,
        maintenance: null,
        reasons: ['GitHub could not be read, so the deploy is refused'],
        changes: [],
      },
    };
    const unread = renderGateSummary({ ...options, historyRead: false, lastDeployedSha: null });
    expect(unread).toContain('Earlier deployments to this environment could not be read');
    expect(unread).not.toMatch(/first|No vouched deployment|Changes since/i);
    const first = renderGateSummary({ ...options, historyRead: true, lastDeployedSha: null });
    expect(first).toContain('No vouched deployment to this environment yet (a first gated deploy)');
  });
});
