import { describe, expect, test } from 'vitest';
import { parseCliArgs } from '../../../src/cli/parse-cli-args.ts';
import { runLabels } from '../../../src/cli/run-labels.ts';
import { LABEL_STYLES } from '../../../src/core/decision/change-status.ts';
import type { LabelPort, RepositoryLabel } from '../../../src/github/ports/label-port.ts';
import { styleStatusLabels } from '../../../src/use-cases/style-status-labels.ts';

const REPO = { owner: 'acme', repo: 'shop' };
const NAMES = Object.keys(LABEL_STYLES);

/** A repository's labels in memory, and every write made to them. */
const memoryLabels = (initial: RepositoryLabel[], failList = false) => {
  const labels = new Map(initial.map((label) => [label.name, { ...label }]));
  const writes: string[] = [];
  const port: LabelPort = {
    async listLabels() {
      if (failList) throw new Error('GitHub answered 502');
      return [...labels.values()];
    },
    async createLabel(_repo, label) {
      writes.push(`create ${label.name}`);
      labels.set(label.name, label);
    },
    async updateLabel(_repo, label) {
      writes.push(`update ${label.name}`);
      labels.set(label.name, label);
    },
  };
  return { port, labels, writes };
};

describe('styleStatusLabels', () => {
  test('creates the missing status labels with their colour, restyles grey ones, leaves chosen colours', async () => {
    const repo = memoryLabels([
      { name: 'bug', color: 'd73a4a', description: null },
      { name: 'Change:Approved', color: 'EDEDED', description: null },
      { name: 'change:rejected', color: '123456', description: 'our own' },
    ]);
    const styled = await styleStatusLabels({ port: repo.port, repo: REPO });
    expect(styled.restyled).toEqual(['change:approved']);
    expect(styled.created.sort()).toEqual(
      NAMES.filter((n) => !['change:approved', 'change:rejected'].includes(n)).sort(),
    );
    // GitHub's label names are case-insensitive: the existing label is restyled under its own spelling.
    expect(repo.labels.get('Change:Approved')?.color).toBe(LABEL_STYLES['change:approved']!.color);
    expect(repo.labels.get('change:rejected')?.color).toBe('123456');
    expect(repo.labels.get('change:pending-approval')).toMatchObject(
      LABEL_STYLES['change:pending-approval']!,
    );
  });

  test('a second run writes nothing: paid once per repository', async () => {
    const repo = memoryLabels([]);
    await styleStatusLabels({ port: repo.port, repo: REPO });
    const first = repo.writes.length;
    expect(first).toBe(NAMES.length);
    await styleStatusLabels({ port: repo.port, repo: REPO });
    expect(repo.writes).toHaveLength(first);
  });
});

describe('change-gate labels', () => {
  test('parses --repo and refuses options of other commands', () => {
    expect(parseCliArgs(['labels', '--repo', 'acme/shop'])).toEqual({ action: 'labels', repo: REPO });
    expect(parseCliArgs(['labels'])).toEqual({
      action: 'usage-error',
      message: 'labels needs --repo OWNER/NAME',
    });
    expect(parseCliArgs(['labels', '--repo', 'acme/shop', '--number', '3'])).toMatchObject({
      action: 'usage-error',
      message: '--number is not an option of labels',
    });
  });

  test('says what it did, and exits 2 with the reason when the labels cannot be read', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
    const done = memoryLabels(NAMES.map((name) => ({ name, ...LABEL_STYLES[name]! })));
    expect(await runLabels({ repo: REPO, port: done.port, ...io })).toBe(0);
    expect(out).toEqual(['acme/shop: every status label already has its colour\n']);
    const broken = memoryLabels([], true);
    expect(await runLabels({ repo: REPO, port: broken.port, ...io })).toBe(2);
    expect(err.join('')).toMatch(/^change-gate labels: cannot style the labels of acme\/shop: .*502/);
  });
});
