import nock from 'nock';
import { ProbotOctokit } from 'probot';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/core/policy/load-policy.ts';
import { mergeOverDefaults } from '../../../src/core/policy/merge-over-defaults.ts';
import { resolveConfig } from '../../../src/core/policy/resolve-config.ts';
import { octokitConfigFilePort } from '../../../src/github/octokit/octokit-config-file-port.ts';

const API = 'https://api.github.test';
const PATH = '.github/change-management.yml';
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const octokit = () =>
  new ProbotOctokit({ auth: { token: 'ghs_test' }, baseUrl: API, log: silent, retry: { enabled: false } });

/** GitHub's contents API over `files` (`owner/repo:path` → text), raw, default branch only. */
function serve(files: Record<string, string>): string[] {
  const reads: string[] = [];
  nock(API)
    .persist()
    .get(/^\/repos\/[^/]+\/[^/]+\/contents\/.+$/)
    .reply((request: unknown) => {
      // nock hands the reply a fetch Request here (a path string in older versions).
      const uri =
        typeof request === 'string'
          ? request
          : (({ pathname, search }) => pathname + search)(new URL((request as Request).url));
      const [, owner, repo, path] = /^\/repos\/([^/]+)\/([^/]+)\/contents\/([^?]+)/.exec(uri)!;
      const key = `${owner}/${repo}:${decodeURIComponent(path!)}`;
      reads.push(uri.includes('?') ? `${key}?${uri.split('?')[1]}` : key);
      const text = files[key];
      return text === undefined
        ? [404, { message: 'Not Found' }]
        : [200, text, { 'content-type': 'text/plain; charset=utf-8' }];
    });
  return reads;
}

/** What the app's readConfig got from Probot's config plugin (before it used resolveConfig too). */
async function viaProbot(repo: string): Promise<unknown> {
  const { config, files } = await octokit().config.get({
    owner: 'acme',
    repo,
    path: PATH,
    defaults: (layers: Record<string, unknown>[]) =>
      layers.reduce<Record<string, unknown>>((merged, layer) => mergeOverDefaults(merged, layer), {}),
  });
  return files.some((file) => file.config !== null) ? config : null;
}

async function viaResolver(repo: string): Promise<unknown> {
  const port = octokitConfigFilePort(octokit());
  return (await resolveConfig({ owner: 'acme', repo, path: PATH, read: port.readConfigFile })).config;
}

const policyOf = (config: unknown) => {
  const loaded = loadPolicy(config);
  return loaded.status === 'valid' ? loaded.policy : loaded.problems;
};

const BASE = [
  'change_management:',
  '  label: change',
  '  scope:',
  '    paths: ["infra/**"]',
  '  testing:',
  '    test_coverage_required: 90',
  '  freeze_windows:',
  '    - name: year end',
  '      start: "2026-12-20T00:00"',
  '      end: "2027-01-02T00:00"',
].join('\n');

const CASES: Array<{ name: string; files: Record<string, string> }> = [
  { name: 'the repository file alone', files: { [`acme/web:${PATH}`]: BASE } },
  { name: "the owner's .github when the repository has none", files: { [`acme/.github:${PATH}`]: BASE } },
  { name: 'no file anywhere', files: {} },
  {
    name: '_extends: repo, merged key by key',
    files: {
      [`acme/web:${PATH}`]: '_extends: base\nchange_management:\n  testing:\n    required_checks: [ci]\n',
      [`acme/base:${PATH}`]: BASE,
    },
  },
  {
    name: '_extends: owner/repo, then a bare repo resolved against the first owner',
    files: {
      [`acme/web:${PATH}`]: '_extends: other/base\nchange_management:\n  label: cr\n',
      [`other/base:${PATH}`]: '_extends: shared\nchange_management:\n  scope:\n    branches: [main]\n',
      [`acme/shared:${PATH}`]: BASE,
    },
  },
  {
    name: '_extends: owner/repo:path',
    files: {
      [`acme/web:${PATH}`]: '_extends: acme/policies:teams/web.yml\n',
      'acme/policies:teams/web.yml': BASE,
    },
  },
  {
    name: "the owner's .github extending a base",
    files: { [`acme/.github:${PATH}`]: '_extends: base\n', [`acme/base:${PATH}`]: BASE },
  },
  { name: 'an _extends whose target is missing', files: { [`acme/web:${PATH}`]: `_extends: gone\n${BASE}` } },
];

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('resolveConfig: one loader for the app, the action and the protection rule', () => {
  for (const { name, files } of CASES) {
    it(`gives the policy Probot's config plugin gives: ${name}`, async () => {
      const reads = serve(files);
      const probot = await viaProbot('web');
      const ours = await viaResolver('web');
      expect(ours).toEqual(probot);
      expect(policyOf(ours)).toEqual(policyOf(probot));
      // Always the default branch: no read names a ref.
      expect(reads.filter((read) => read.includes('ref='))).toEqual([]);
    });
  }

  it('reads the layers merged, base first, and names the files it read', async () => {
    serve(CASES[4]!.files);
    const resolved = await resolveConfig({
      owner: 'acme',
      repo: 'web',
      path: PATH,
      read: octokitConfigFilePort(octokit()).readConfigFile,
    });
    expect(resolved.files).toEqual([`acme/web:${PATH}`, `other/base:${PATH}`, `acme/shared:${PATH}`]);
    const policy = policyOf(resolved.config) as { label: string; scope: unknown };
    expect(policy.label).toBe('cr');
    expect(policy.scope).toEqual({ branches: ['main'], paths: ['infra/**'] });
  });

  it('refuses a loop, a bad _extends and a file that is not a mapping, as Probot fails on them', async () => {
    const read = octokitConfigFilePort(octokit()).readConfigFile;
    const failure = (files: Record<string, string>) => {
      nock.cleanAll();
      serve(files);
      return resolveConfig({ owner: 'acme', repo: 'web', path: PATH, read }).then(
        () => 'resolved',
        (error: Error) => error.message,
      );
    };
    expect(
      await failure({ [`acme/web:${PATH}`]: '_extends: a\n', [`acme/a:${PATH}`]: '_extends: web\n' }),
    ).toBe(`acme/a:${PATH}: _extends acme/web:${PATH} loops back to a file already read`);
    expect(await failure({ [`acme/web:${PATH}`]: '_extends: "../../etc"\n' })).toBe(
      `acme/web:${PATH}: _extends "../../etc" is not "repo", "owner/repo" or "owner/repo:path.yml"`,
    );
    expect(await failure({ [`acme/web:${PATH}`]: '- a list\n' })).toBe(
      `acme/web:${PATH}: the file is not a YAML mapping`,
    );
    await expect(viaProbot('web')).resolves.toBeDefined();
  });
});
