import type { ReportMetric } from '../report/report-metric.ts';
import type { CalendarEvent, Dashboard } from './dashboard.ts';
import { badge, card, chart, empty, panel, section, TARGET_LEGEND, utc } from './html-parts.ts';
import { type Cell, htmlTable } from './html-table.ts';
import { htmlText } from './html-text.ts';

/** Changes listed one by one in the page; the embedded data holds them all. */
export const MAX_PAGE_CHANGES = 1_000;

const metBadge = (metric: ReportMetric): Cell =>
  metric.met === true
    ? badge('met', '✓ met')
    : metric.met === false
      ? badge('not-met', '✗ not met')
      : badge('none', metric.target === null ? 'no target' : 'n/a');

const metricTable = (id: string, metrics: readonly ReportMetric[]): string =>
  htmlTable({
    id,
    header: ['Metric', 'Value', 'Target', 'Met', 'Sample'],
    rows: metrics.map((metric) => [
      metric.title,
      metric.value === null ? `n/a (${metric.reason ?? 'nothing to compute from'})` : metric.display,
      metric.target?.display ?? null,
      metBadge(metric),
      metric.sample,
    ]),
  });

const countPanel = (options: { id: string; title: string; what: string; counts: Record<string, number> }) =>
  panel(
    options.title,
    chart({ id: `chart-${options.id}`, label: options.title }) +
      htmlTable({
        id: `by-${options.id}`,
        header: [options.what, { html: 'Changes', numeric: true }],
        rows: Object.entries(options.counts).map(([name, count]) => [name, count]),
      }),
  );

export const headerSection = (dashboard: Dashboard, title: string): string => {
  const { report } = dashboard;
  const overdue = dashboard.open_changes.filter((change) => change.overdue).length;
  return [
    `<header><h1>${htmlText(title)}</h1><p>Changes submitted from ${htmlText(utc(report.period.from))} to ${htmlText(
      utc(report.period.to),
    )} (the end excluded); open changes as of ${htmlText(utc(dashboard.as_of))}. Every figure comes from signed history entries that verify.</p>`,
    '<div class="cards">',
    card({ id: 'card-total', label: 'Total changes', value: report.total_changes }),
    card({
      id: 'card-approval',
      label: 'Average approval time',
      value: report.average_approval_time ?? 'n/a',
    }),
    card({
      id: 'card-implementation',
      label: 'Average implementation time',
      value: report.average_implementation_time ?? 'n/a',
    }),
    card({ id: 'card-open', label: 'Open changes', value: dashboard.open_changes.length }),
    card({ id: 'card-overdue', label: 'Overdue approvals', value: overdue, alert: overdue > 0 }),
    card({
      id: 'card-not-counted',
      label: 'Not counted (unverified)',
      value: report.not_counted.total,
      alert: report.not_counted.total > 0,
    }),
    '</div></header>',
  ].join('');
};

export const figuresSection = ({ report }: Dashboard): string =>
  section(
    'figures',
    'Changes of the period',
    `<div class="panel narrow">${htmlTable({
      id: 'procedure-fields',
      header: ['The procedure’s report field', 'Value'],
      rows: [
        ['report_period', report.report_period],
        ['total_changes', String(report.total_changes)],
        ['average_approval_time', report.average_approval_time ?? 'n/a'],
        ['average_implementation_time', report.average_implementation_time ?? 'n/a'],
      ],
    })}</div><div class="grid three">${countPanel({ id: 'status', title: 'By status', what: 'Status', counts: report.by_status })}${countPanel(
      { id: 'priority', title: 'By priority', what: 'Priority', counts: report.by_priority },
    )}${countPanel({ id: 'type', title: 'By type', what: 'Type', counts: report.by_type })}</div>`,
  );

export const metricsSection = ({ report }: Dashboard): string =>
  section(
    'metrics',
    'Metrics against targets',
    `<div class="grid">${panel('Rates (%)', chart({ id: 'chart-rates', label: 'Rates against their targets', tall: true }) + TARGET_LEGEND)}${panel(
      'Times (hours)',
      chart({ id: 'chart-durations', label: 'Times against their targets', tall: true }) + TARGET_LEGEND,
    )}</div><div class="panel spaced">${metricTable('metrics-table', report.metrics)}</div>`,
  );

export const doraSection = ({ report }: Dashboard): string =>
  section('dora', 'DORA keys', `<div class="panel">${metricTable('dora-table', report.dora)}</div>`);

export const openSection = (dashboard: Dashboard): string =>
  section(
    'open',
    `Open and overdue changes (as of ${utc(dashboard.as_of)})`,
    dashboard.open_changes.length === 0
      ? empty('No change is open.')
      : `<div class="panel">${htmlTable({
          id: 'open-changes',
          header: [
            'Change',
            'Title',
            'Status',
            'Priority',
            'Waiting since',
            'Approval deadline',
            'Overdue',
            { html: 'Escalations', numeric: true },
          ],
          rows: dashboard.open_changes.map((change) => [
            `${change.change_id}${change.emergency ? ' (emergency)' : ''} ${change.repository}#${change.number}`,
            change.title,
            change.status,
            change.priority,
            change.waiting_since === null ? null : utc(change.waiting_since),
            change.deadline === null ? null : utc(change.deadline),
            change.overdue
              ? badge('not-met', `overdue by ${change.overdue_by}`)
              : change.deadline === null
                ? null
                : badge('met', 'on time'),
            change.escalations,
          ]),
        })}</div>`,
  );

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

export const calendarSection = ({ calendar }: Dashboard): string =>
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
            rows: calendar.events.map((event) => [
              utc(event.start),
              utc(event.end),
              badge(event.kind, event.kind),
              calendarWhat(event),
            ]),
          })}</div>`,
      calendar.left_out > 0 ? empty(`…and ${calendar.left_out} more.`) : '',
    ].join(''),
  );

export const changesSection = ({ report }: Dashboard): string => {
  const listed = report.changes.slice(0, MAX_PAGE_CHANGES);
  const more = report.changes.length - listed.length;
  return section(
    'changes',
    'Changes',
    listed.length === 0
      ? empty('None.')
      : `<div class="panel">${htmlTable({
          id: 'changes-table',
          header: [
            'Change',
            'Repository',
            'Title',
            'Status',
            'Priority',
            'Type',
            'Approval',
            'Implementation',
          ],
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
        })}</div>${more > 0 ? empty(`…and ${more} more (the JSON report lists every change).`) : ''}`,
  );
};

export const notCountedSection = ({ report }: Dashboard): string =>
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
  );
