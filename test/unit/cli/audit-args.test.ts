import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src/cli/parse-cli-args.ts';

describe('change-gate audit arguments', () => {
  it('reads audit export with a month or a range, keys and an output file', () => {
    expect(
      parseCliArgs([
        'audit',
        'export',
        '--repo',
        'acme/shop',
        '--period',
        '2026-03',
        '--public-key',
        'a.pem',
        '-o',
        'x.json',
      ]),
    ).toEqual({
      action: 'audit-export',
      repo: { owner: 'acme', repo: 'shop' },
      period: '2026-03',
      publicKeys: ['a.pem'],
      appSlug: 'change-gate',
      output: 'x.json',
    });
    expect(
      parseCliArgs([
        'audit',
        'export',
        '--repo',
        'acme/shop',
        '--from',
        '2026-03-01T00:00:00Z',
        '--to',
        '2026-03-08T00:00:00Z',
        '--public-key',
        'a.pem',
        '--public-key',
        'old.pem',
      ]),
    ).toMatchObject({
      period: { from: '2026-03-01T00:00:00Z', to: '2026-03-08T00:00:00Z' },
      publicKeys: ['a.pem', 'old.pem'],
      output: null,
    });
  });

  it('reads audit verify with one export and keys', () => {
    expect(parseCliArgs(['audit', 'verify', 'x.json', '--public-key', 'a.pem', '--format', 'json'])).toEqual({
      action: 'audit-verify',
      file: 'x.json',
      publicKeys: ['a.pem'],
      format: 'json',
    });
  });

  it.each([
    [['audit'], 'audit takes a subcommand: audit export or audit verify'],
    [['audit', 'verify', '--public-key', 'a.pem'], 'audit verify takes one EXPORT file'],
    [['audit', 'verify', 'x.json'], 'audit verify needs --public-key FILE'],
    [
      ['audit', 'verify', 'x.json', '--public-key', 'a', '--repo', 'a/b'],
      '--repo is not an option of audit verify',
    ],
    [['audit', 'export', '--period', '2026-03', '--public-key', 'a'], 'audit export needs --repo OWNER/NAME'],
    [['audit', 'export', '--repo', 'a/b', '--public-key', 'a'], 'audit export needs --period YYYY-MM'],
    [['audit', 'export', '--repo', 'a/b', '--period', '2026-13', '--public-key', 'a'], 'is not a month'],
    [['audit', 'export', '--repo', 'a/b', '--period', '2026-03'], 'audit export needs --public-key FILE'],
    [
      ['audit', 'export', '--repo', 'a/b', '--period', '2026-03', '--public-key', 'a', '--format', 'csv'],
      'writes JSON only',
    ],
    [['validate', 'x.md', '--output', 'y'], '--output is an option of report and audit export'],
  ])('refuses %j', (argv, message) => {
    const args = parseCliArgs(argv);
    expect(args.action).toBe('usage-error');
    expect((args as { message: string }).message).toContain(message);
  });
});
