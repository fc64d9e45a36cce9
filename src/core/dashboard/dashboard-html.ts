import { createHash } from 'node:crypto';
import type { ReportMetric } from '../report/report-metric.ts';
import type { CalendarEvent, Dashboard } from './dashboard.ts';
import { DASHBOARD_SCRIPT } from './dashboard-script.ts';
import { DASHBOARD_STYLE } from './dashboard-style.ts';
import { type Cell, htmlTable } from './html-table.ts';
import { htmlText } from './html-text.ts';
import { scriptJson } from './script-json.ts';

/** Changes listed one by one in the page; the embedded data holds them all. */
export const MAX_PAGE_CHANGES = 1_000;

const badge = (kind: string, text: string): Cell => ({
  html: `<span class="badge ${kind}">${htmlText(text)}</span>`,
});

const metBadge = (metric: ReportMetric): Cell =>
  metric.met === true
    ? badge('met', '✓ met')
    : metric.met === false
      ? badge('not-met', '✗ not met')
      : badge('none', metric.target === null ? 'no target' : 'n/a');

const metricRows = (metrics: readonly ReportMetric[]): Cell[][] =>
  metrics.map((metric) => [
    metric.title,
    metric.value === null ? `n/a (${metric.reason ?? 'nothing to compute from'})` : metric.display,
    metric.target?.display ?? null,
    metBadge(metric),
    metric.sample,
  ]);

const utc = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

const countRows = (counts: Record<string, number>): Cell[][] =>
  Object.entries(counts).map(([name, count]) => [name, count]);

const section = (id: string, title: string, body: string): string =>
  `<section id="${id}"><h2>${htmlText(title)}</h2>${body}</section>`;

const panel = (title: string, body: string): string =>
  `<div class="panel"><h3>${htmlText(title)}</h3>${body}</div>`;

const chart = (id: string, label: string, tall = false): string =>
  `<div class="chart${tall ? ' tall' : ''}"><canvas id="${id}" role="img" aria-label="${htmlText(label)}"></canvas></div>`;

const empty = (text: string): string => `<p class="empty">${htmlText(text)}</p>`;

const card = (options: { id: string; label: string; value: string | number; alert?: boolean }): string =>
  `<div class="card${options.alert ? ' alert' : ''}" id="${options.id}"><div class="label">${htmlText(
    options.label,
  )}</div><div class="value">${htmlText(options.value)}</div></div>`;

const calendarKind = (event: CalendarEvent): Cell => badge(event.kind, event.kind);

const calendarWhat = (event: CalendarEvent): Cell => {
  if (event.change === null) return event.name;
  const unreviewed =
    event.recorded === false
      ? ' <span class="badge unreviewed">block edited since its history entry: not reviewed</span>'
      : '';
  return {
    html: `${htmlText(event.change.change_id)} ${htmlText(event.name)} <span class="muted">(${htmlText(
      event.change.repository,
    )}#${event.change.number}, ${htmlText(event.change.status)})</span>${unreviewed}`,
  };
};

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
  if (/<\/script/i.test(options.chartJs)) throw new Error('the Chart.js script holds "</script": it cannot be inlined');
  const { report, calendar } = dashboard;
  const overdue = dashboard.open_changes.filter((change) => change.overdue).length;
  const listed = report.changes.slice(0, MAX_PAGE_CHANGES);
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(options.chartJs)} ${sha256(DASHBOARD_SCRIPT)}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = `Change report ${report.report_period}`;
  const body = [
    `<header><h1>${htmlText(title)}</h1><p>Changes submitted from ${htmlText(utc(report.period.from))} to ${htmlText(
      utc(report.period.to),
    )} (the end excluded). Open changes as of ${htmlText(utc(dashboard.as_of))}. Every figure comes from signed history entries that verify.</p>`,
    '<div class="cards">',
    card({ id: 'card-total', label: 'Total changes', value: report.total_changes }),
    card({ id: 'card-approval', label: 'Average approval time', value: report.average_approval_time ?? 'n/a' }),
    card({
      id: 'card-implementation',
      label: 'Average implementation time',
      value: report.average_implementation_time ?? 'n/a',
    }),
    card({ id: 'card-open', label: 'Open changes', value: dashboard.open_changes.length }),
    card({ id: 'card-overdue', label: 'Overdue approvals', value: overdue, alert: overdue > 0 }),
    card({
      id: 'card-not-counted',
      label: 'Not counted (history does not verify)',
      value: report.not_counted.total,
      alert: report.not_counted.total > 0,
    }),
    '</div></header><main>',
    section(
      'figures',
      'Report',
      `<div class="grid">${panel(
        'The procedure’s report fields',
        htmlTable({
          id: 'procedure-fields',
          header: ['Field', 'Value'],
          rows: [
            ['report_period', report.report_period],
            ['total_changes', report.total_changes],
            ['average_approval_time', report.average_approval_time ?? 'n/a'],
            ['average_implementation_time', report.average_implementation_time ?? 'n/a'],
          ],
        }),
      )}${panel('Changes by status', chart('chart-status', 'Changes by status') + htmlTable({ id: 'by-status', header: ['Status', { html: 'Changes', numeric: true }], rows: countRows(report.by_status) }))}${panel(
        'Changes by priority',
        chart('chart-priority', 'Changes by priority') +
          htmlTable({ id: 'by-priority', header: ['Priority', { html: 'Changes', numeric: true }], rows: countRows(report.by_priority) }),
      )}${panel(
        'Changes by type',
        chart('chart-type', 'Changes by type') +
          htmlTable({ id: 'by-type', header: ['Type', { html: 'Changes', numeric: true }], rows: countRows(report.by_type) }),
      )}</div>`,
    ),
    section(
      'metrics',
      'Metrics against targets',
      `<div class="grid">${panel('Rates (%)', chart('chart-rates', 'Rates against their targets', true))}${panel(
        'Times (hours)',
        chart('chart-durations', 'Times against their targets', true),
      )}</div><div class="panel spaced">${htmlTable({
        id: 'metrics-table',
        header: ['Metric', 'Value', 'Target', 'Met', 'Sample'],
        rows: metricRows(report.metrics),
      })}</div>`,
    ),
    section(
      'dora',
      'DORA keys',
      `<div class="panel">${htmlTable({
        id: 'dora-table',
        header: ['Key', 'Value', 'Target', 'Met', 'Sample'],
        rows: metricRows(report.dora),
      })}</div>`,
    ),
    section(
      'open',
      `Open and overdue changes (as of ${utc(dashboard.as_of)})`,
      dashboard.open_changes.length === 0
        ? empty('No change is open.')
        : `<div class="panel">${htmlTable({
            id: 'open-changes',
            header: ['Change', 'Title', 'Status', 'Priority', 'Waiting since', 'Approval deadline', 'Overdue', { html: 'Escalations', numeric: true }],
            rows: dashboard.open_changes.map((change) => [
              `${change.change_id}${change.emergency ? ' (emergency)' : ''} ${change.repository}#${change.number}`,
              change.title,
              change.status,
              change.priority,
              change.waiting_since === null ? null : utc(change.waiting_since),
              change.deadline === null ? null : utc(change.deadline),
              change.overdue ? badge('not-met', `overdue by ${change.overdue_by}`) : change.deadline === null ? null : badge('met', 'on time'),
              change.escalations,
            ]),
          })}</div>`,
    ),
    section(
      'calendar',
      `Change calendar (${utc(calendar.from)} to ${utc(calendar.to)})`,
      [
        ...calendar.problems.map((problem) => `<p class="badge not-met">${htmlText(problem)}</p>`),
        calendar.events.length === 0
          ? empty('No scheduled implementation, maintenance window or freeze window in this range.')
          : `<div class="panel">${htmlTable({
              id: 'calendar-table',
              header: ['Starts', 'Ends', 'Kind', 'What'],
              rows: calendar.events.map((event) => [utc(event.start), utc(event.end), calendarKind(event), calendarWhat(event)]),
            })}</div>`,
        calendar.left_out > 0 ? empty(`…and ${calendar.left_out} more.`) : '',
      ].join(''),
    ),
    section(
      'changes',
      'Changes of the period',
      listed.length === 0
        ? empty('None.')
        : `<div class="panel">${htmlTable({
            id: 'changes-table',
            header: ['Change', 'Repository', 'Title', 'Status', 'Priority', 'Type', 'Approval', 'Implementation'],
            rows: listed.map((change) => [
              `${change.change_id}${change.emergency ? ' (emergency)' : ''}`,
              `${change.repository}#${change.number}`,
              change.title,
              change.status,
              change.priority,
              change.type,
              change.approval_time,
              change.implementation_time,
            ]),
          })}</div>${report.changes.length > listed.length ? empty(`…and ${report.changes.length - listed.length} more (the JSON report lists every change).`) : ''}`,
    ),
    section(
      'not-counted',
      'Not counted: history does not verify',
      report.not_counted.total === 0
        ? empty('None: every change history verified.')
        : `<div class="panel">${htmlTable({
            id: 'not-counted-table',
            header: ['Change', 'Repository', 'Reasons'],
            rows: report.not_counted.changes.map((change) => [
              change.change_id,
              `${change.repository}#${change.number}`,
              change.reasons.join('; '),
            ]),
          })}</div>`,
    ),
    '</main><footer>Change Gate dashboard: self-contained (Chart.js inline, no network). The data it was drawn from is embedded in this page as JSON (#dashboard-data).</footer>',
  ].join('\n');
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
    body,
    `<script type="application/json" id="dashboard-data">${scriptJson(dashboard)}</script>`,
    `<script>${options.chartJs}</script>`,
    `<script>${DASHBOARD_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
};
