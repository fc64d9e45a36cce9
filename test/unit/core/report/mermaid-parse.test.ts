// Every Mermaid block the Markdown report emits goes through the `mermaid` package's own parser, as GitHub's
// renderer would read it. Mermaid sanitises with DOMPurify, which needs a DOM: jsdom's, set up before import.
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../../src/core/policy/default-policy.ts';
import { buildReport } from '../../../../src/core/report/build-report.ts';
import type { Report } from '../../../../src/core/report/report.ts';
import { reportMarkdown } from '../../../../src/core/report/report-markdown.ts';
import { januaryChanges } from './january-changes.ts';
import { approved, changeOf, jan, submitted } from './report-fixtures.ts';

type Mermaid = { parse: (text: string) => Promise<unknown> };
let mermaid: Mermaid;

beforeAll(async () => {
  const { window } = new JSDOM('<!doctype html><html><body></body></html>');
  const globals = globalThis as Record<string, unknown>;
  for (const name of ['window', 'document', 'DOMParser', 'Element', 'HTMLElement', 'Node'] as const)
    globals[name] ??= name === 'window' ? window : (window as unknown as Record<string, unknown>)[name];
  if (globals.navigator === undefined)
    Object.defineProperty(globalThis, 'navigator', { value: window.navigator, configurable: true });
  mermaid = ((await import('mermaid')) as unknown as { default: Mermaid }).default;
}, 60_000);

const blocks = (markdown: string): string[] =>
  [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((match) => match[1] as string);

const targets = defaultPolicy().metrics.targets;

describe('the Markdown report’s Mermaid charts parse with mermaid.parse', () => {
  it('every chart of the hand-computed January report', async () => {
    const charts = blocks(
      reportMarkdown(buildReport({ changes: januaryChanges(), period: '2025-01', targets })),
    );
    // Changes by status and by type (pies) and the approval time per priority (xychart), at least.
    expect(charts.length).toBeGreaterThanOrEqual(3);
    expect(charts.map((chart) => chart.split(/\s/)[0])).toEqual(
      expect.arrayContaining(['pie', 'xychart-beta']),
    );
    for (const chart of charts) await expect(mermaid.parse(chart), chart).resolves.toBeTruthy();
  });

  it('charts whose labels come from hostile change types, and whose figures are fractions or zero', async () => {
    const hostile = ['a"b', 'x]%%{init: {"theme":"dark"}}%%', 'line\nbreak', 'ünï`cödé`', 'semi;colon:'];
    const changes = hostile.map((changeType, index) =>
      changeOf({
        repository: 'acme/web',
        number: index + 1,
        steps: [
          submitted(jan(2 + index, 9), { priority: index % 2 ? 'low' : 'high', change_type: changeType }),
          approved(jan(2 + index, 9, 7 + index)),
        ],
      }),
    );
    const report: Report = buildReport({ changes, period: '2025-01', targets });
    const charts = blocks(reportMarkdown(report));
    expect(charts.length).toBeGreaterThanOrEqual(3);
    for (const chart of charts) await expect(mermaid.parse(chart), chart).resolves.toBeTruthy();
  });

  it('a chart that does not parse is caught (the parser is really at work)', async () => {
    await expect(mermaid.parse('pie title x\n "a : 3')).rejects.toThrow();
  });
});
