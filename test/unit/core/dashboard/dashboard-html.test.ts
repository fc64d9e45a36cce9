import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildDashboard } from '../../../../src/core/dashboard/build-dashboard.ts';
import { dashboardHtml } from '../../../../src/core/dashboard/dashboard-html.ts';
import { DASHBOARD_SCRIPT } from '../../../../src/core/dashboard/dashboard-script.ts';
import { defaultPolicy } from '../../../../src/core/policy/default-policy.ts';
import { buildReport } from '../../../../src/core/report/build-report.ts';
import { approved, changeOf, jan, submitted } from '../report/report-fixtures.ts';

const HOSTILE = '</script><script>alert(1)</script><img src=x onerror=alert(2)> & "quotes"';
const policy = defaultPolicy();
const change = changeOf({
  repository: 'acme/web',
  number: 1,
  steps: [
    submitted(jan(2, 9), { priority: 'high', change_type: 'feature', title: HOSTILE }),
    approved(jan(2, 12)),
  ],
});
const body = `\`\`\`yaml\nchange_request:\n  title: x\n  scheduled_time: "2025-01-20T02:00:00Z"\n\`\`\`\n`;
const report = buildReport({ changes: [change], period: '2025-01', targets: policy.metrics.targets });
const dashboard = buildDashboard({ report, changes: [{ ...change, body }], policy, now: new Date(jan(31)) });
const CHART_JS = 'window.Chart = function () {};\n//# sourceMappingURL=chart.umd.min.js.map\n';
const html = dashboardHtml({ dashboard, chartJs: CHART_JS });

describe('dashboardHtml', () => {
  it('escapes user text in tables and embeds the data as JSON that nothing can close', () => {
    expect(html).not.toContain('<img');
    expect(html.match(/<script/g)).toHaveLength(3);
    expect(html).toContain(
      '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quotes&quot;',
    );
    const data =
      /<script type="application\/json" id="dashboard-data">([^<]*)<\/script>/.exec(html)?.[1] ?? '';
    expect(data).toContain('\\u003c/script\\u003e');
    expect(JSON.parse(data)).toEqual(JSON.parse(JSON.stringify(dashboard)));
    expect(JSON.parse(data).report.changes[0].title).toBe(HOSTILE);
  });

  it('allows exactly its two scripts by hash, and no connection; drops the source map comment', () => {
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const inlined = 'window.Chart = function () {};\n';
    expect(html).toContain(`<script>${inlined}</script>`);
    expect(html).not.toContain('sourceMappingURL');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/
      .exec(html)?.[1]
      ?.replaceAll('&#39;', "'");
    expect(csp).toContain(`script-src ${hash(inlined)} ${hash(DASHBOARD_SCRIPT)}; `);
    expect(csp).toMatch(/^default-src 'none'; /);
  });

  it('shows the scheduled implementation (its block never recorded: marked not reviewed) and the open change', () => {
    expect(dashboard.calendar.events).toEqual([
      expect.objectContaining({ kind: 'implementation', start: '2025-01-20T02:00:00.000Z', recorded: false }),
    ]);
    expect(html).toContain('not reviewed');
    expect(dashboard.open_changes).toEqual([
      expect.objectContaining({ status: 'approved', change_id: 'CHG-2025-001' }),
    ]);
    expect(dashboard.as_of).toBe(jan(31));
  });

  it('refuses a Chart.js build that would close its script element', () => {
    expect(() => dashboardHtml({ dashboard, chartJs: 'a = "</SCRIPT>"' })).toThrow('cannot be inlined');
  });
});
