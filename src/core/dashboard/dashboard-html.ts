import { createHash } from 'node:crypto';
import type { Dashboard } from './dashboard.ts';
import { DASHBOARD_SCRIPT } from './dashboard-script.ts';
import {
  calendarSection,
  changesSection,
  doraSection,
  figuresSection,
  headerSection,
  metricsSection,
  notCountedSection,
  openSection,
} from './dashboard-sections.ts';
import { DASHBOARD_STYLE } from './dashboard-style.ts';
import { htmlText } from './html-text.ts';
import { scriptJson } from './script-json.ts';

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The dashboard as one self-contained HTML page: Chart.js (given as its UMD build's text) and the page's
 * script inline, the data embedded as JSON in `<script type="application/json">`, no URL to fetch, so it
 * works offline, from `file://` and from GitHub Pages. Tables are static HTML (readable without scripts); the
 * charts are drawn from the embedded data. Every user text (titles, names, reasons) is escaped, and a
 * Content-Security-Policy allows only these two scripts (by hash) and no connection at all.
 */
export const dashboardHtml = (options: { dashboard: Dashboard; chartJs: string }): string => {
  const { dashboard } = options;
  // Inline, a script ends at the first `</script`: a Chart.js build holding one would break the page.
  if (/<\/script/i.test(options.chartJs))
    throw new Error('the Chart.js script holds "</script": it cannot be inlined');
  // Its source map comment would point at a file the page does not have.
  const chartJs = options.chartJs.replace(/\n\/\/# sourceMappingURL=\S*\s*$/, '\n');
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(chartJs)} ${sha256(DASHBOARD_SCRIPT)}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = `Change report ${dashboard.report.report_period}`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${htmlText(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${htmlText(title)}</title>`,
    `<style>${DASHBOARD_STYLE}</style>`,
    '</head>',
    '<body>',
    headerSection(dashboard, title),
    '<main>',
    figuresSection(dashboard),
    metricsSection(dashboard),
    doraSection(dashboard),
    openSection(dashboard),
    calendarSection(dashboard),
    changesSection(dashboard),
    notCountedSection(dashboard),
    '</main>',
    '<footer>Change Gate dashboard: self-contained (Chart.js inline, nothing fetched). The data it is drawn from is embedded in this page as JSON (<code>#dashboard-data</code>).</footer>',
    `<script type="application/json" id="dashboard-data">${scriptJson(dashboard)}</script>`,
    `<script>${chartJs}</script>`,
    `<script>${DASHBOARD_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
};
