import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../../src/core/policy/default-policy.ts';
import { buildReport } from '../../../../src/core/report/build-report.ts';
import { csvCell } from '../../../../src/core/report/csv-cell.ts';
import { reportCsv } from '../../../../src/core/report/report-csv.ts';
import { reportJson } from '../../../../src/core/report/report-json.ts';
import { reportMarkdown } from '../../../../src/core/report/report-markdown.ts';
import { januaryChanges } from './january-changes.ts';
import { approved, changeOf, jan, submitted } from './report-fixtures.ts';

const targets = defaultPolicy().metrics.targets;
const changes = januaryChanges();
const report = buildReport({ changes, period: '2025-01', targets });
const json = reportJson(report);
const csv = reportCsv(report);
const markdown = reportMarkdown(report);

/** Minimal RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF rows. */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += char;
  }
  return rows;
};

const csvRows = parseCsv(csv);
const csvRow = (section: string, name: string) => {
  const row = csvRows.find((cells) => cells[0] === section && cells[1] === name);
  if (row === undefined) throw new Error(`no CSV row ${section} ${name}`);
  return row;
};

describe('reportJson', () => {
  it('round-trips the report and gives the same bytes for the same report', () => {
    expect(JSON.parse(json)).toEqual(report);
    expect(reportJson(buildReport({ changes, period: '2025-01', targets }))).toBe(json);
    expect(json.endsWith('}\n')).toBe(true);
  });

  it('writes keys in a fixed order, whatever order the report object has', () => {
    const shuffled = Object.fromEntries(Object.entries(report).reverse()) as typeof report;
    shuffled.metrics = report.metrics.map((m) => Object.fromEntries(Object.entries(m).reverse()) as typeof m);
    expect(reportJson(shuffled)).toBe(json);
    expect(Object.keys(JSON.parse(json)).slice(0, 3)).toEqual([
      'report_period',
      'total_changes',
      'by_status',
    ]);
  });
});

describe('JSON, CSV and Markdown agree', () => {
  it('on the counts and averages', () => {
    expect(csvRows[0]).toEqual(['section', 'name', 'value', 'display', 'target', 'met', 'sample', 'reason']);
    expect(csvRow('report', 'total_changes')[2]).toBe('10');
    expect(csvRow('by_status', 'completed')[2]).toBe('5');
    expect(csvRow('by_type', 'infrastructure')[2]).toBe('1');
    expect(csvRow('report', 'average_approval_time')[3]).toBe('13h 9m');
    expect(markdown).toContain('| Total changes | 10 |');
    expect(markdown).toContain('| Average approval time | 13h 9m |');
    expect(markdown).toContain('| Average implementation time | 2h 56m |');
    expect(markdown).toContain('| completed | 5 |');
  });

  it('on every metric and DORA key: value, target and met', () => {
    for (const [section, list] of [
      ['metric', report.metrics],
      ['dora', report.dora],
    ] as const) {
      for (const metric of list) {
        const row = csvRow(section, metric.name);
        expect(row[2]).toBe(metric.value === null ? '' : String(metric.value));
        expect(row[3]).toBe(metric.display);
        expect(row[4]).toBe(metric.target?.display ?? '');
        expect(row[5]).toBe(metric.met === null ? '' : metric.met ? 'met' : 'not met');
        const mark = metric.met === null ? '—' : metric.met ? '✅ met' : '❌ not met';
        const line = markdown
          .split('\n')
          .find(
            (l) =>
              l.startsWith(`| ${metric.title.replace(/[()]/g, '\\$&')} |`) && l.split(' | ').length === 5,
          );
        expect(line, metric.name).toBeDefined();
        expect(line).toContain(` ${mark} `);
      }
    }
    expect(markdown).toContain('| Change success rate | 71\\.43% | &#62;95% | ❌ not met |');
    expect(markdown).toContain('| Average implementation time | 2h 56m | &#60;4h | ✅ met |');
    expect(markdown).toContain('| Time to restore \\(median\\) | 12h 30m |');
  });

  it('on the changes set apart', () => {
    expect(csvRow('not_counted', 'acme/payments#13')[7]).toMatch(/^tampered: /);
    expect(csvRow('not_counted', 'acme/web#14')[7]).toMatch(/^unverifiable: /);
    expect(markdown).toContain('### Not counted: history does not verify');
    expect(markdown).toMatch(/\| CHG\\-2025\\-013 \| acme\/payments#13 \| tampered\\: /);
  });
});

describe('reportMarkdown charts', () => {
  const blocks = [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((match) => match[1] as string);

  it('draws changes by status and by type as pies, zero slices left out', () => {
    expect(blocks[0]).toBe(
      [
        'pie showData title Changes by status',
        '    "pending" : 1',
        '    "approved" : 1',
        '    "completed" : 5',
        '    "rejected" : 1',
        '    "failed" : 1',
        '    "rolled_back" : 1',
      ].join('\n'),
    );
    expect(blocks[1]).toContain('    "infrastructure" : 1');
  });

  it('draws the approval time per priority as bars against the high-priority target', () => {
    // critical 2h, high 24h, medium 7h, low 4h; target 24h; axis up to ceil(24 × 1.2) = 29.
    expect(blocks[2]).toBe(
      [
        'xychart-beta',
        '    title "Average approval time per priority (hours), target <24h for high"',
        '    x-axis [critical, high, medium, low]',
        '    y-axis "Hours" 0 --> 29',
        '    bar [2, 24, 7, 4]',
        '    line [24, 24, 24, 24]',
      ].join('\n'),
    );
  });

  it('says so instead of drawing an empty chart for an empty period', () => {
    const empty = reportMarkdown(buildReport({ changes: [], period: '2025-06', targets }));
    expect(empty).not.toContain('```mermaid');
    expect(empty).toContain('_No changes in the period._');
    expect(empty).toContain('n/a (no change of the period is completed, failed or rolled back)');
  });
});

describe('hostile text', () => {
  const title = '<img src=x onerror=alert(1)> | **bold** [link](https://evil.example) @everyone';
  const type = 'x" : 99\n%%{init: {"theme":"dark"}}%%';
  const repository = '=HYPERLINK("https://evil.example")|<b>';
  const hostile = changeOf({
    repository,
    number: 1,
    steps: [submitted(jan(3), { priority: 'high', change_type: type, title }), approved(jan(3, 1))],
  });
  const tampered = changeOf({
    repository: '+cmd|evil',
    number: 2,
    steps: [submitted(jan(4), { priority: 'low', change_type: 'feature' })],
    edit: (bodies) => bodies.map((body) => body.replace(/v1 ([A-Za-z0-9_-]{20})/, 'v1 $1x')),
  });
  const hostileReport = buildReport({ changes: [hostile, tampered], period: '2025-01', targets });
  const md = reportMarkdown(hostileReport);

  it('escapes titles, repository names and types in Markdown', () => {
    expect(hostileReport.not_counted.total).toBe(1);
    expect(md).not.toContain('<img');
    expect(md).not.toContain('<b>');
    expect(md).not.toContain('**bold**');
    expect(md).not.toContain('](https');
    expect(md).not.toContain('@everyone');
    expect(md).toContain('&#60;img src\\=x onerror\\=alert\\(1\\)&#62; &#124; \\*\\*bold\\*\\*');
    // Every table row keeps its column count: no `|` of user text splits a cell.
    for (const line of md.split('\n').filter((l) => l.startsWith('| CHG'))) {
      expect(line.split(' | ').length, line).toBeLessThanOrEqual(8);
    }
  });

  it('keeps user text from ending a Mermaid label or adding a directive', () => {
    const typePie = [...md.matchAll(/```mermaid\n([\s\S]*?)\n```/g)][1]?.[1] ?? '';
    expect(typePie).not.toContain('%%{');
    const slice = typePie.split('\n')[1] ?? '';
    expect(slice).toMatch(/^ {4}"[A-Za-z0-9 _.-]*" : 1$/);
    expect(slice).toContain('99');
    expect(typePie.split('\n')).toHaveLength(2);
  });

  it('quotes CSV fields and defuses formulas', () => {
    const rows = parseCsv(reportCsv(hostileReport));
    const apart = rows.find((row) => row[0] === 'not_counted');
    expect(apart?.[1]).toBe("'+cmd|evil#2");
    expect(rows.every((row) => row.length === 8)).toBe(true);
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a "quoted", text\nnext')).toBe('"a ""quoted"", text\nnext"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('');
    expect(csvCell(12.5)).toBe('12.5');
  });
});
